import { describe, expect, it } from "vitest";
import { interpolatedQuantile, nearestRankQuantile } from "../../src/numeric/quantiles.js";

// Hyndman & Fan (1996): type 1 (nearest rank, inverse of the empirical CDF) and type 7 (R's default). Expected values
// are R's quantile(x, p, type = 1) and quantile(x, p, type = 7) on x = 1..10 and the simple-statistics docs example.
describe("sample quantiles", () => {
  const x = Float64Array.from({ length: 10 }, (_, i) => i + 1);

  it("nearest rank (type 1) returns a sample: R gives 1, 3, 5, 10, 10 at p = 0.05, 0.25, 0.5, 0.95, 1", () => {
    expect([0.05, 0.25, 0.5, 0.95, 1].map((p) => nearestRankQuantile(x, p))).toEqual([1, 3, 5, 10, 10]);
    expect(nearestRankQuantile(x, 0)).toBe(1);
  });

  it("interpolated (type 7): R gives 1.45, 3.25, 5.5, 9.55 at p = 0.05, 0.25, 0.5, 0.95; null for no values", () => {
    const q = [0.05, 0.25, 0.5, 0.95].map((p) => interpolatedQuantile(x, p)!);
    [1.45, 3.25, 5.5, 9.55].forEach((v, i) => expect(q[i]).toBeCloseTo(v, 12));
    expect(interpolatedQuantile([3, 6, 7, 8, 8, 9, 10, 13, 15, 16, 20], 0.5)).toBe(9);
    expect(interpolatedQuantile([], 0.5)).toBeNull();
  });
});
