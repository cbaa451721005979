import { describe, expect, it } from "vitest";
import { transactionLogFromRecords, type TransactionRecord } from "../../src/data/transactionLogFromRecords.js";
import { rfm } from "../../src/summaries/rfm.js";
import { dayNumber, isoDate } from "../../src/time/dayNumber.js";

// Five customers per case with distinct recency and frequency, so the quintile scores are exactly 1..5
// (score = 1 + floor(5k / n), k customers strictly worse): recency 10 × (6 − R) days, F purchase days.
function customers(grid: Array<[r: number, f: number]>): TransactionRecord[] {
  const asOf = dayNumber("2024-03-01");
  return grid.flatMap(([r, f], c) =>
    Array.from({ length: f }, (_, k) => ({ customerId: `c${c}`, date: isoDate(asOf - 10 * (6 - r) - k), amount: 10 * (c + 1) })),
  );
}

describe("rfm segments: the R × F grid, cell by cell", () => {
  const cases: Array<{ grid: Array<[number, number]>; segments: string[] }> = [
    { grid: [[1, 5], [2, 1], [3, 3], [4, 2], [5, 4]], segments: ["cannot lose them", "hibernating", "needs attention", "potential loyalists", "champions"] },
    { grid: [[1, 3], [2, 2], [3, 5], [4, 4], [5, 1]], segments: ["at risk", "hibernating", "loyal customers", "loyal customers", "new customers"] },
    { grid: [[3, 1], [4, 3], [5, 2], [1, 4], [2, 5]], segments: ["about to sleep", "potential loyalists", "potential loyalists", "at risk", "cannot lose them"] },
    { grid: [[4, 1], [3, 2], [5, 3], [1, 5], [2, 4]], segments: ["promising", "about to sleep", "potential loyalists", "cannot lose them", "at risk"] },
  ];
  for (const { grid, segments } of cases) {
    it(`scores (R, F) = ${grid.map(([r, f]) => `${r}${f}`).join(", ")} as ${segments.join(", ")}`, () => {
      const t = rfm(transactionLogFromRecords(customers(grid)), { asOf: "2024-03-01" });
      expect([...t.r]).toEqual(grid.map(([r]) => r));
      expect([...t.f]).toEqual(grid.map(([, f]) => f));
      expect([...t.recencyDays]).toEqual(grid.map(([r]) => 10 * (6 - r)));
      expect(t.segment).toEqual(segments);
      // Monetary = F purchases of 10 × (c + 1); the score string is R, F, M digits.
      expect([...t.monetary]).toEqual(grid.map(([, f], c) => f * 10 * (c + 1)));
      t.score.forEach((s, i) => expect(s).toBe(`${t.r[i]}${t.f[i]}${t.m[i]}`));
    });
  }
});
