// The summary has two paths: one pass over the rows when each customer's rows come in day order, and a sort
// by customer and day otherwise. They must agree bit for bit (the reference is the sorting path, which also
// reproduces the CDNOW figures of Fader, Hardie & Lee 2005 in summarizeCustomers.test.ts).
import { describe, expect, it } from "vitest";
import type { TransactionLog } from "../../src/data/types.js";
import { createRng } from "../../src/random/createRng.js";
import { summarizeCustomers, type SummarizeCustomersOptions } from "../../src/summaries/summarizeCustomers.js";
import { summarizeInRowOrder } from "../../src/summaries/summaryInRowOrder.js";
import { summarizeByCustomer } from "../../src/summaries/summaryByCustomer.js";
import { countBlocks } from "../../src/summaries/customerBlocks.js";
import { newOutputs } from "../../src/summaries/summaryOutputs.js";
import { dayNumber } from "../../src/time/dayNumber.js";

interface Row {
  c: number;
  day: number;
  amount: number;
}

function logOf(rows: readonly Row[], customers: number): TransactionLog {
  return {
    length: rows.length,
    customerIds: Array.from({ length: customers }, (_, i) => `C${i}`),
    customer: Int32Array.from(rows, (r) => r.c),
    day: Int32Array.from(rows, (r) => r.day),
    timestamp: Float64Array.from(rows, (r) => r.day * 86_400_000),
    amount: Float64Array.from(rows, (r) => r.amount),
    attributes: {},
    timeZone: "UTC",
    report: { rowsRead: rows.length, rowsUsed: rows.length, counts: {}, examples: [], returns: 0, duplicateRows: 0 },
  };
}

/** Random rows: several per customer and day, returns (some before the first purchase), days up to past the observation end. */
function randomRows(seed: number, customers: number, rows: number): Row[] {
  const rng = createRng(seed);
  const start = dayNumber("2023-01-01");
  const out: Row[] = [];
  for (let i = 0; i < rows; i++) {
    const c = i < customers ? i : rng.int(customers);
    const day = start + rng.int(120);
    const amount = rng.uniform() < 0.1 ? -Math.round(rng.uniform() * 3000) / 100 : Math.round(rng.uniform() * 10000) / 100;
    out.push({ c, day, amount });
  }
  return out;
}

const OPTIONS: SummarizeCustomersOptions[] = [
  { timeUnit: "days" },
  { timeUnit: "weeks", calibrationEnd: "2023-02-15", observationEnd: "2023-03-31" },
  { timeUnit: "months", observationEnd: "2023-03-01" },
];

describe("summarizeCustomers row order", () => {
  it("gives bit-identical summaries for a date-ordered log (one pass) and the same rows in random order (sorting path)", () => {
    const shuffled = randomRows(7, 300, 4000);
    // Stable sort by day: ties keep their shuffled order, which is the order the sorting path sums them in.
    const dated = shuffled.map((r, i) => ({ r, i })).sort((a, b) => a.r.day - b.r.day || a.i - b.i).map((x) => x.r);
    for (const o of OPTIONS) {
      const a = summarizeCustomers(logOf(dated, 300), o);
      const b = summarizeCustomers(logOf(shuffled, 300), o);
      expect(a).toEqual(b);
      expect(a.customerId.length).toBeGreaterThan(0);
      if (o.calibrationEnd) expect(a.frequencyHoldout!.some((x) => x > 0)).toBe(true);
    }
  });

  it("agrees across customer blocks of the one-pass path (80,000 customers: three blocks of 2^15 codes)", () => {
    const shuffled = randomRows(11, 80_000, 200_000);
    const dated = shuffled.map((r, i) => ({ r, i })).sort((a, b) => a.r.day - b.r.day || a.i - b.i).map((x) => x.r);
    const o: SummarizeCustomersOptions = { timeUnit: "days", calibrationEnd: "2023-03-15", observationEnd: "2023-04-20" };
    const a = summarizeCustomers(logOf(dated, 80_000), o);
    expect(a).toEqual(summarizeCustomers(logOf(shuffled, 80_000), o));
    expect(a.customerId[a.customerId.length - 1]).toBe("C79999");
  });

  it("gives the same columns when the blocks are distributed in several passes over the log (groups of at most half the rows) as in one, on both paths", () => {
    // Logs of more than 4M rows are distributed to customer blocks group by group; groupRows 0 forces that here
    // (three blocks, each its own group).
    const shuffled = randomRows(13, 80_000, 120_000);
    const dated = shuffled.map((r, i) => ({ r, i })).sort((a, b) => a.r.day - b.r.day || a.i - b.i).map((x) => x.r);
    const obsEnd = dayNumber("2023-04-20"), calEnd = dayNumber("2023-03-15");
    const run = (rows: Row[], path: "rowOrder" | "byCustomer", groupRows?: number) => {
      const log = logOf(rows, 80_000);
      const blocks = countBlocks(log, obsEnd, calEnd);
      const out = newOutputs(blocks.kept, true);
      const counts = path === "rowOrder" ? summarizeInRowOrder(log, blocks, obsEnd, calEnd, 7, out, groupRows) : summarizeByCustomer(log, blocks, obsEnd, calEnd, 7, out, groupRows);
      return { out, counts, kept: blocks.kept };
    };
    const one = run(dated, "rowOrder");
    expect(run(dated, "rowOrder", 0)).toEqual(one);
    expect(run(shuffled, "byCustomer", 0)).toEqual(one);
    expect(run(shuffled, "byCustomer")).toEqual(one);
    // Kept customers: those with a purchase (amount >= 0) on or before the calibration end; outputs sized to them.
    const kept = new Set(dated.filter((r) => r.day <= calEnd && r.amount >= 0).map((r) => r.c));
    expect(one.counts!.m).toBe(kept.size);
    expect(one.out.freq.length).toBe(kept.size);
    // A customer whose days go backwards in the last group still sends the log to the sorting path.
    const back = [...dated, { c: 79_999, day: dayNumber("2023-01-01"), amount: 5 }];
    expect(run(back, "rowOrder", 0).counts).toBeUndefined();
  });

  it("sums a customer's amounts in day order whatever the row order (0.1 + 0.2 + 2.3 = 2.5999999999999996, not 2.6 as 2.3 + 0.1 + 0.2)", () => {
    const d = dayNumber("2024-01-01");
    // Customer 0's later rows come first, so the one-pass path must give way to the sorting path.
    const rows: Row[] = [
      { c: 0, day: d + 2, amount: 2.3 },
      { c: 0, day: d, amount: 0.1 },
      { c: 0, day: d + 1, amount: 0.2 },
    ];
    const s = summarizeCustomers(logOf(rows, 1), { timeUnit: "days" });
    expect(s.totalSpend[0]).toBe(0.1 + 0.2 + 2.3);
    expect(s.totalSpend[0]).not.toBe(2.3 + 0.1 + 0.2);
    expect(s.frequency[0]).toBe(2);
    expect(s.monetaryValue[0]).toBe((0.2 + 2.3) / 2);
  });

  it("counts returns before the first purchase, holdout returns and excluded customers the same way on both paths", () => {
    const d = dayNumber("2024-01-01");
    const rows: Row[] = [
      { c: 0, day: d, amount: -5 }, // return before any purchase
      { c: 0, day: d + 1, amount: 10 },
      { c: 1, day: d + 1, amount: -2 }, // returns only: excluded
      { c: 0, day: d + 1, amount: 4 },
      { c: 2, day: d + 40, amount: 3 }, // first purchase after calibration: excluded
      { c: 0, day: d + 35, amount: -1 }, // holdout return
      { c: 0, day: d + 36, amount: 6 },
      { c: 2, day: d + 90, amount: 3 }, // after observation end
    ];
    const o: SummarizeCustomersOptions = { timeUnit: "days", calibrationEnd: "2024-01-31", observationEnd: "2024-03-01" };
    const a = summarizeCustomers(logOf(rows, 3), o);
    const b = summarizeCustomers(logOf([...rows].reverse(), 3), o);
    expect(a).toEqual(b);
    expect(a.customerId).toEqual(["C0"]);
    expect(a.totalSpend[0]).toBe(9);
    expect(a.frequency[0]).toBe(0);
    expect(a.frequencyHoldout![0]).toBe(1);
    expect(a.report).toEqual({ purchaseRows: 3, returnRows: 2, rowsAfterObservationEnd: 1, rowsOfExcludedCustomers: 2, customersExcluded: 2 });
  });
});
