import { describe, expect, it } from "vitest";
import { orderStatistics } from "../../src/numeric/orderStatistics.js";
import { createRng } from "../../src/random/createRng.js";

describe("orderStatistics", () => {
  it("returns the values a sort would put at the given ranks, in the ranks' order, ties and repeats included", () => {
    const rng = createRng(3);
    for (const n of [1, 2, 7, 200, 1000, 2500]) {
      const a = Float64Array.from({ length: n }, () => Math.floor(rng.uniform() * 50) * (rng.uniform() < 0.3 ? 0 : 1.5));
      const sorted = a.slice().sort();
      const ranks = [n - 1, 0, Math.floor(n / 2), Math.floor(n / 2), Math.floor(0.975 * n), Math.floor(0.025 * n)];
      expect(orderStatistics(a, n, ranks)).toEqual(ranks.map((r) => sorted[r]));
    }
  });
  it("looks only at a[0..n) and refuses a rank outside it", () => {
    const a = Float64Array.of(5, 1, 4, 2, 3, -100, -200);
    expect(orderStatistics(a, 5, [0, 4])).toEqual([1, 5]);
    expect(() => orderStatistics(a, 5, [5])).toThrow(/invalid rank 5/);
  });
});
