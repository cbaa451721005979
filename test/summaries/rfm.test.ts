import { describe, expect, it } from "vitest";
import { transactionLogFromRecords, type TransactionRecord } from "../../src/data/transactionLogFromRecords.js";
import { rfm } from "../../src/summaries/rfm.js";
import { quintileScores } from "../../src/summaries/quintileScores.js";
import { lens1 } from "../../src/lenses/lens1.js";
import { periodPanel } from "../../src/summaries/periodPanel.js";

const d = (k: number) => new Date(Date.UTC(2024, 0, 1 + k)).toISOString().slice(0, 10);

describe("rfm", () => {
  // Ten customers c0..c9: customer ci buys on day 10 * i (so c9 is the most recent), i + 1 times in total
  // (extra purchases on earlier days), spending 10 per purchase; c8 and c9 tie on spend via a return.
  const records: TransactionRecord[] = [];
  for (let i = 0; i < 10; i++) {
    for (let k = 0; k <= i; k++) records.push({ customerId: `c${i}`, date: d(10 * i - k), amount: 10 });
  }
  records.push({ customerId: "c9", date: d(90), amount: -10 }); // c9 net 90 = c8 net 90

  it("computes recency days, purchase days and net spend, and hand-computed quintile scores (Hughes 1994 RFM)", () => {
    const t = rfm(transactionLogFromRecords(records), { asOf: d(100) });
    expect(t.asOf).toBe(d(100));
    expect(t.customerId).toEqual(["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"]);
    expect([...t.recencyDays]).toEqual([100, 90, 80, 70, 60, 50, 40, 30, 20, 10]);
    expect([...t.frequency]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect([...t.monetary]).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 90]);
    expect([...t.r]).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect([...t.f]).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    // c8 and c9 tie at 90: 8 customers strictly worse -> 1 + floor(5 * 8 / 10) = 5 for both
    expect([...t.m]).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(t.score[9]).toBe("555");
    // Average value per purchase day beside total spend: 10 each, except c9 (net 90 over 10 days = 9).
    expect([...t.averageValue]).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 9]);
    expect(t.segment).toEqual(["hibernating", "hibernating", "hibernating", "hibernating", "needs attention", "needs attention", "loyal customers", "loyal customers", "champions", "champions"]);
  });

  it("gives tied values the same score whatever the input order (deterministic ties)", () => {
    const recs: TransactionRecord[] = [];
    // 6 customers with 1 purchase on the same day, 4 with 2 purchases
    for (let i = 0; i < 10; i++) {
      recs.push({ customerId: `k${i}`, date: d(5), amount: 10 });
      if (i >= 6) recs.push({ customerId: `k${i}`, date: d(6), amount: 10 });
    }
    const a = rfm(transactionLogFromRecords(recs));
    const b = rfm(transactionLogFromRecords([...recs].reverse()));
    const byId = (t: ReturnType<typeof rfm>) => Object.fromEntries(t.customerId.map((id, i) => [id, t.score[i]]));
    expect(byId(a)).toEqual(byId(b));
    // frequency 1 (6 tied, 0 worse) -> 1; frequency 2 (4 tied, 6 worse) -> 1 + floor(30 / 10) = 4
    expect(a.f[a.customerId.indexOf("k0")]).toBe(1);
    expect(a.f[a.customerId.indexOf("k9")]).toBe(4);
    // everyone with 1 purchase on day 5 ties on recency (asOf = day 6): k0..k5 1 day, k6..k9 0 days -> 1 and 1 + floor(5*6/10) = 4
    expect(a.r[a.customerId.indexOf("k0")]).toBe(1);
    expect(a.r[a.customerId.indexOf("k9")]).toBe(4);
    expect(a.segment[a.customerId.indexOf("k9")]).toBe("loyal customers");
    expect(a.segment[a.customerId.indexOf("k0")]).toBe("hibernating");
  });
  it("scores Lens 1's RFM grid by the same rule as rfm(): the grid counts equal the R × F score pairs", () => {
    const log = transactionLogFromRecords(records);
    const t = rfm(log, { asOf: d(100) });
    // Lens 1's window (January-April 2024, days 0-100) holds every purchase; orders = purchase days here.
    const l = lens1(periodPanel(log, { period: "month", observationEnd: d(120) }), { from: "2024-01", to: "2024-04" });
    const grid = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
    for (let i = 0; i < t.r.length; i++) grid[t.r[i]! - 1]![t.f[i]! - 1]!++;
    expect(l.rfm.grid).toEqual(grid);
    // Ties make scores uneven: 1 + floor(5 × strictly worse / n) with n = 5.
    expect([...quintileScores([1, 1, 1, 2, 3], true)]).toEqual([1, 1, 1, 4, 5]);
  });
});
