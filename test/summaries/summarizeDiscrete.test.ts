import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { transactionLogFromRecords, type TransactionRecord } from "../../src/data/transactionLogFromRecords.js";
import { fitBgBb } from "../../src/models/bgBb.js";
import { summarizeDiscrete } from "../../src/summaries/summarizeDiscrete.js";

describe("summarizeDiscrete (BG/BB input from a log)", () => {
  it("counts opportunities with a purchase after the first period, hand-computed on yearly periods", () => {
    const log = transactionLogFromRecords([
      // a: first 2020; buys in 2021 twice (one opportunity) and 2023 → x 2, t_x 3, n 4 (2021..2024).
      { customerId: "a", date: "2020-03-01", amount: 5 },
      { customerId: "a", date: "2021-02-01", amount: 5 },
      { customerId: "a", date: "2021-09-01", amount: 5 },
      { customerId: "a", date: "2023-05-01", amount: 5 },
      // b: first 2022, a return in 2023 is not a purchase → x 0, t_x 0, n 2.
      { customerId: "b", date: "2022-06-01", amount: 8 },
      { customerId: "b", date: "2023-06-01", amount: -8 },
      // c: first purchase in 2025, after the last whole year (2024) → left out; its row lies in the incomplete period.
      { customerId: "c", date: "2025-03-01", amount: 3 },
      // d: first 2024, the last whole year → no opportunity yet, left out.
      { customerId: "d", date: "2024-12-31", amount: 3 },
    ]);
    const d = summarizeDiscrete(log, { periods: "year", observationEnd: "2025-06-30" });
    expect(d.customerId).toEqual(["a", "b"]);
    expect(Array.from(d.frequency)).toEqual([2, 0]);
    expect(Array.from(d.recency)).toEqual([3, 0]);
    expect(Array.from(d.periods)).toEqual([4, 2]);
    expect(d.lastPeriodEnd).toBe("2024-12-31");
    // c and d have no whole opportunity observed after their first period.
    expect(d.report).toEqual({ customersWithoutOpportunity: 2, rowsInIncompletePeriod: 1 });
  });

  it("recovers the published BG/BB donation estimates from the donations patterns written as a yearly log (alpha 1.204, beta 0.750, gamma 0.657, delta 2.783; BTYD walkthrough)", () => {
    const rows = readFileSync(new URL("../../../shared/data/donations.csv", import.meta.url), "utf8").trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
    const records: TransactionRecord[] = [];
    let id = 0;
    // Each donor: first donation in 1995, then x donations in consecutive years ending at year t_x; 6 opportunities 1996-2001.
    for (const [x, tx, , w] of rows) for (let k = 0; k < w!; k++, id++) {
      records.push({ customerId: id, date: "1995-06-01", amount: 10 });
      for (let j = tx! - x! + 1; j <= tx!; j++) records.push({ customerId: id, date: `${1995 + j}-06-01`, amount: 10 });
    }
    const d = summarizeDiscrete(transactionLogFromRecords(records), { periods: "year", observationEnd: "2001-12-31" });
    expect(d.customerId).toHaveLength(11104);
    const m = fitBgBb({ frequency: d.frequency, recency: d.recency, periods: d.periods });
    expect(m.params.alpha).toBeCloseTo(1.204, 2);
    expect(m.params.beta).toBeCloseTo(0.75, 2);
    expect(m.params.gamma).toBeCloseTo(0.657, 2);
    expect(m.params.delta).toBeCloseTo(2.783, 1);
  });
});
