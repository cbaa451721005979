import { describe, expect, it } from "vitest";
import { transactionLogFromRecords } from "../../../src/data/transactionLogFromRecords.js";
import { appendColumns, seasonalLag } from "../../../src/segmentation/predictor/seasonalLag.js";
import { dayNumber } from "../../../src/time/dayNumber.js";

// Hand-computed: forecast window (2023-06-30, 2023-09-28] (90 days), so the lag window is (2022-06-30, 2022-09-28].
const log = transactionLogFromRecords([
  { customerId: "A", date: "2022-07-10", amount: 10 },
  { customerId: "A", date: "2022-08-01", amount: 20 },
  { customerId: "A", date: "2022-08-01", amount: 5 },
  { customerId: "A", date: "2023-07-05", amount: 99 },
  { customerId: "B", date: "2022-08-15", amount: 5 },
  { customerId: "B", date: "2022-10-01", amount: 7 },
  { customerId: "C", date: "2023-01-01", amount: 40 },
]);
const ids = ["A", "B", "C"];
const first = Int32Array.from(["2022-07-10", "2022-08-15", "2023-01-01"], dayNumber);

describe("seasonalLag", () => {
  it("gives last year's purchase days, spend and exposure in the same calendar window", () => {
    const lag = seasonalLag(log, ids, first, dayNumber("2023-06-30"), 90);
    expect(lag.cols).toBe(3);
    // A: two purchase days (2022-07-10, 2022-08-01), $35, acquired 81 of the 90 days before the window's end.
    expect(Array.from(lag.data.subarray(0, 3))).toEqual([Math.log1p(2), Math.log1p(35), 81 / 90]);
    // B: one day in the window (2022-10-01 is after it), $5, acquired for 45 of its 90 days.
    expect(Array.from(lag.data.subarray(3, 6))).toEqual([Math.log1p(1), Math.log1p(5), 45 / 90]);
    // C: not yet a customer then: no purchase and zero exposure (so "dead" and "new" differ).
    expect(Array.from(lag.data.subarray(6, 9))).toEqual([0, 0, 0]);
  });

  it("never reads past asOf: a window longer than a year is cut at asOf", () => {
    const lag = seasonalLag(log, ids, first, dayNumber("2023-06-30"), 500);
    // (2022-06-30, 2023-06-30]: A's 2023-07-05 purchase is not counted.
    expect(Array.from(lag.data.subarray(0, 2))).toEqual([Math.log1p(2), Math.log1p(35)]);
    expect(lag.data[6]).toBe(Math.log1p(1));
  });

  it("rejects a horizon that is not a whole number of days", () => {
    expect(() => seasonalLag(log, ids, first, dayNumber("2023-06-30"), 0)).toThrow(/invalid seasonal lag horizon 0/);
  });

  it("appendColumns keeps rows and puts the new columns last", () => {
    const a = { data: Float64Array.of(1, 2, 3, 4), rows: 2, cols: 2 };
    const b = { data: Float64Array.of(9, 8), rows: 2, cols: 1 };
    expect(Array.from(appendColumns(a, b).data)).toEqual([1, 2, 9, 3, 4, 8]);
    expect(() => appendColumns(a, { data: Float64Array.of(1), rows: 1, cols: 1 })).toThrow(/row counts differ/);
  });
});
