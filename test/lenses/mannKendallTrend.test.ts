import { describe, expect, it } from "vitest";
import { mannKendallTrend } from "../../src/lenses/mannKendallTrend.js";

describe("mannKendallTrend", () => {
  it("labels a strictly rising series of 5 improving: S = 10, exact p = 2/5! (Kendall 1975: only the sorted and reversed orders reach |S| = 10)", () => {
    const t = mannKendallTrend([10, 12, 15, 19, 22]);
    expect(t.s).toBe(10);
    expect(t.tau).toBe(1);
    expect(t.pValue).toBeCloseTo(2 / 120, 12);
    expect(t.label).toBe("improving");
    expect(mannKendallTrend([22, 19, 15, 12, 10]).label).toBe("declining");
  });

  it("calls 4 rising points stable: the exact p-value 2/4! = 0.083 is above 5%", () => {
    const t = mannKendallTrend([1, 2, 3, 4]);
    expect(t.pValue).toBeCloseTo(2 / 24, 12);
    expect(t.label).toBe("stable");
  });

  it("matches the exact null distribution of S for n = 6: P(|S| >= 11) = 2 × (1 + 5) / 720 (permutations with 0 or 1 inversion)", () => {
    // One adjacent swap in a rising series: S = 15 − 2 = 13; |S| >= 13 has 2 × (1 + 5) permutations of 720.
    expect(mannKendallTrend([1, 3, 2, 4, 5, 6]).pValue).toBeCloseTo(12 / 720, 12);
    expect(mannKendallTrend([1, 2, 3]).label).toBe("too few points");
  });
});
