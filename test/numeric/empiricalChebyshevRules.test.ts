// Interpolatory quadrature rules for a weighted sample, checked against the direct sums they replace.
import { describe, expect, it } from "vitest";
import { empiricalChebyshevRules } from "../../src/numeric/empiricalChebyshevRules.js";
import { createRng } from "../../src/random/createRng.js";

/** A seeded weighted sample on [lo, hi] (clustered, unequal weights) and its direct weighted sum of f. */
function sample(n: number, lo: number, hi: number, seed: number) {
  const rng = createRng(seed);
  const v = Float64Array.from({ length: n }, () => lo + (hi - lo) * rng.uniform() ** 2);
  const w = Float64Array.from({ length: n }, () => 1 + Math.floor(3 * rng.uniform()));
  const direct = (f: (x: number) => number) => v.reduce((s, x, i) => s + w[i]! * f(x), 0);
  return { v, w, direct };
}

const applyRule = (r: { nodes: Float64Array; weights: Float64Array }, f: (x: number) => number) => r.nodes.reduce((s, x, j) => s + r.weights[j]! * f(x), 0);

describe("empiricalChebyshevRules", () => {
  it("integrates every polynomial of degree below n exactly against the sample (interpolatory rule, Davis & Rabinowitz §2.5)", () => {
    const { v, w, direct } = sample(5001, 1, 4, 1);
    const [r9, r5] = empiricalChebyshevRules(v, w, 1, 4, [9, 5]);
    for (const [rule, degree] of [[r9!, 8], [r5!, 4]] as const) {
      const f = (x: number) => (x - 2.5) ** degree + 0.3 * x;
      expect(Math.abs(applyRule(rule, f) / direct(f) - 1)).toBeLessThan(1e-12);
    }
    // One degree more is not exact: the rule is not a sum over the sample in disguise.
    const g = (x: number) => (x - 2.5) ** 9;
    expect(Math.abs(applyRule(r9!, g) / direct(g) - 1)).toBeGreaterThan(1e-6);
  });

  it("converges geometrically for an analytic function (1/(x + 1) on [0, 3]: 27 nodes to 1e-13, each rule better than the last)", () => {
    const { v, w, direct } = sample(20000, 0, 3, 2);
    const f = (x: number) => 1 / (x + 1);
    const exact = direct(f);
    const errors = empiricalChebyshevRules(v, w, 0, 3, [5, 9, 15, 27]).map((r) => Math.abs(applyRule(r, f) / exact - 1));
    for (let k = 1; k < errors.length; k++) expect(errors[k]!).toBeLessThan(errors[k - 1]!);
    expect(errors[3]!).toBeLessThan(1e-13);
  });

  it("puts its nodes inside [lo, hi], its weights sum to the sample's total weight, and rejects an empty interval", () => {
    const { v, w } = sample(100, 2, 3, 3);
    const [r] = empiricalChebyshevRules(v, w, 2, 3, [15]);
    expect(r!.nodes.every((x) => x > 2 && x < 3)).toBe(true);
    expect(r!.weights.reduce((s, x) => s + x, 0)).toBeCloseTo(w.reduce((s, x) => s + x, 0), 9);
    expect(() => empiricalChebyshevRules(v, w, 3, 3, [5])).toThrow(/invalid interval \[3, 3\]: use lo < hi/);
  });
});
