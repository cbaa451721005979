import { describe, expect, it } from "vitest";
import { shiftedShare } from "../../../src/segmentation/predictor/shiftedShare.js";

const column = (values: number[]) => ({ data: Float64Array.from(values), rows: values.length, cols: 1 });

describe("shiftedShare (covariate-shift share outside the reference's 1st-99th percentiles; Shimodaira 2000)", () => {
  const reference = column(Array.from({ length: 101 }, (_, i) => i)); // percentiles 1 and 99 are 1 and 99

  it("counts the target rows beyond the reference range, per column (hand-counted)", () => {
    expect(shiftedShare(reference, column([50, 1, 99]))[0]).toBe(0);
    expect(shiftedShare(reference, column([0, 50, 100, 500]))[0]).toBe(0.75);
    const two = { data: Float64Array.from([5, 200, 6, 300]), rows: 2, cols: 2 };
    const ref2 = { data: Float64Array.from(Array.from({ length: 202 }, (_, i) => (i % 2 === 0 ? i / 2 : 1000 + i))), rows: 101, cols: 2 };
    expect([...shiftedShare(ref2, two)]).toEqual([0, 1]);
  });

  it("rejects mismatched or empty matrices with the fix", () => {
    expect(() => shiftedShare(reference, { data: new Float64Array(2), rows: 1, cols: 2 })).toThrow(/column counts differ \(1 vs 2\)/);
    expect(() => shiftedShare(reference, column([]))).toThrow(/empty matrix/);
  });
});
