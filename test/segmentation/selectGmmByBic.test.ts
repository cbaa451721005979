import { describe, expect, it } from "vitest";
import { createRng } from "../../src/random/createRng.js";
import { selectGmmByBic } from "../../src/segmentation/selectGmmByBic.js";

function mixture(k: number, d: number, n: number, seed: number, spread = 10) {
  const rng = createRng(seed);
  const centers = Array.from({ length: k }, () => Array.from({ length: d }, () => rng.normal(0, spread)));
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = centers[i % k]![j]! + rng.normal(0, 1);
  return { data, rows: n, cols: d };
}

describe("selectGmmByBic", () => {
  it.each([
    [1, 2],
    [3, 2],
    [4, 5],
    [6, 3],
  ])("BIC (Schwarz 1978) picks the true k = %i on a well-separated simulated mixture in %i dimensions", (k, d) => {
    const sel = selectGmmByBic(mixture(k, d, 400 * k, 100 + k), { kMin: 1, kMax: 8, seed: 1 });
    expect(sel.k).toBe(k);
    expect(sel.curve.map((p) => p.k)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const best = sel.curve.find((p) => p.k === k)!;
    for (const p of sel.curve) expect(p.bic).toBeGreaterThanOrEqual(best.bic);
  });

  it("picks the true k with diagonal covariances too", () => {
    const sel = selectGmmByBic(mixture(4, 3, 1600, 21), { kMax: 7, covariance: "diag", seed: 2 });
    expect(sel.k).toBe(4);
    expect(sel.model.covariance).toBe("diag");
  });

  it("rejects an empty k range", () => {
    expect(() => selectGmmByBic(mixture(2, 2, 50, 1), { kMin: 4, kMax: 2 })).toThrow(/invalid k range 4\.\.2/);
  });
});
