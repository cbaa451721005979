import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/random/createRng.js";
import { fitGmm } from "../../../src/segmentation/segments/fitGmm.js";
import { predictGmm } from "../../../src/segmentation/segments/predictGmm.js";
import type { FeatureMatrix } from "../../../src/segmentation/types.js";

/** n rows from an equal-weight mixture of isotropic Gaussians with the given centers and sd. */
function mixture(centers: number[][], n: number, sd: number, seed: number): { x: FeatureMatrix; truth: Int32Array } {
  const rng = createRng(seed);
  const d = centers[0]!.length;
  const data = new Float64Array(n * d);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % centers.length;
    truth[i] = c;
    for (let j = 0; j < d; j++) data[i * d + j] = centers[c]![j]! + rng.normal(0, sd);
  }
  return { x: { data, rows: n, cols: d }, truth };
}

describe("fitGmm", () => {
  it("recovers means and weights of a simulated three-component mixture (parameter recovery, full and diagonal)", () => {
    const centers = [[0, 0], [8, 0], [0, 8]];
    const { x } = mixture(centers, 3000, 1, 11);
    for (const covariance of ["full", "diag"] as const) {
      const g = fitGmm(x, { k: 3, covariance, seed: 3 });
      expect(g.converged).toBe(true);
      const found = [0, 1, 2].map((c) => [g.means[c * 2]!, g.means[c * 2 + 1]!]).sort((a, b) => a[0]! + 2 * a[1]! - (b[0]! + 2 * b[1]!));
      expect(found[0]![0]).toBeCloseTo(0, 0);
      expect(found[1]![0]).toBeCloseTo(8, 0);
      expect(found[2]![1]).toBeCloseTo(8, 0);
      for (let c = 0; c < 3; c++) expect(g.weights[c]).toBeCloseTo(1 / 3, 1);
      // Unit variances recovered (regularization is negligible).
      const v = covariance === "full" ? g.covariances[0]! : g.covariances[0]!;
      expect(v).toBeGreaterThan(0.85);
      expect(v).toBeLessThan(1.15);
    }
  });

  it("k = 1 is the single Gaussian: sample mean, biased sample covariance, BIC = -2 logL + p ln n (hand-computed)", () => {
    const rows = [[1, 2], [3, 5], [4, 4], [0, 1], [2, 3]];
    const g = fitGmm(rows, { k: 1, regularization: 0 });
    expect(g.means[0]).toBeCloseTo(2, 12);
    expect(g.means[1]).toBeCloseTo(3, 12);
    // Σ = (1/n) Σ (x - μ)(x - μ)ᵀ: var x = 10/5 = 2, var y = 10/5 = 2, cov = 9/5 = 1.8.
    expect(g.covariances[0]).toBeCloseTo(2, 12);
    expect(g.covariances[1]).toBeCloseTo(1.8, 12);
    expect(g.covariances[3]).toBeCloseTo(2, 12);
    // logL = -n/2 (d ln 2π + ln|Σ| + d) for the MLE Gaussian.
    const det = 2 * 2 - 1.8 * 1.8;
    const ll = -2.5 * (2 * Math.log(2 * Math.PI) + Math.log(det) + 2);
    expect(g.logLikelihood).toBeCloseTo(ll, 10);
    expect(g.parameters).toBe(5);
    expect(g.bic).toBeCloseTo(-2 * ll + 5 * Math.log(5), 10);
  });

  it("soft probabilities sum to 1 on every row and hard labels match the truth on separated clusters", () => {
    const { x, truth } = mixture([[0, 0, 0], [6, 6, 6], [-6, 6, 0]], 1500, 1, 5);
    const g = fitGmm(x, { k: 3, seed: 2 });
    const p = predictGmm(g, x);
    for (let i = 0; i < x.rows; i++) {
      const s = p.probabilities[i * 3]! + p.probabilities[i * 3 + 1]! + p.probabilities[i * 3 + 2]!;
      expect(Math.abs(s - 1)).toBeLessThan(1e-12);
    }
    // Labels are a permutation of the truth: each true cluster maps to one label.
    const map = new Map<number, number>();
    let agree = 0;
    for (let i = 0; i < x.rows; i++) {
      if (!map.has(truth[i]!)) map.set(truth[i]!, p.labels[i]!);
      if (map.get(truth[i]!) === p.labels[i]) agree++;
    }
    expect(new Set(map.values()).size).toBe(3);
    expect(agree / x.rows).toBeGreaterThan(0.99);
  });

  it("predictGmm gives the closed-form normal log-density for a fixed 1-D two-component mixture (hand-computed)", () => {
    const model = fitGmm([[0], [1], [10], [11]], { k: 2, seed: 1 });
    const p = predictGmm(model, [[5]]);
    let dens = 0;
    for (let c = 0; c < 2; c++) {
      const v = model.covariances[c]!;
      dens += (model.weights[c]! * Math.exp(-((5 - model.means[c]!) ** 2) / (2 * v))) / Math.sqrt(2 * Math.PI * v);
    }
    expect(p.logLikelihood[0]).toBeCloseTo(Math.log(dens), 10);
  });

  it("detects a collapsing component (identical rows), warns, regularizes, and stays finite", () => {
    const rng = createRng(9);
    const rows: number[][] = [];
    for (let i = 0; i < 300; i++) rows.push([rng.normal(0, 1), rng.normal(0, 1)]);
    for (let i = 0; i < 40; i++) rows.push([10, 10]);
    const g = fitGmm(rows, { k: 2, seed: 4 });
    expect(Number.isFinite(g.logLikelihood)).toBe(true);
    expect(g.warnings.some((w) => /singular covariance/.test(w))).toBe(true);
    const p = predictGmm(g, rows);
    const lab = p.labels[300]!;
    for (let i = 300; i < 340; i++) expect(p.labels[i]).toBe(lab);
    // A component left with fewer rows than dim + 1 is shrunk toward the pooled covariance and reported.
    const tiny = [...rows.slice(0, 300), [50, 50]];
    const g2 = fitGmm(tiny, { k: 2, seed: 1 });
    expect(g2.warnings.some((w) => /collapsed/.test(w))).toBe(true);
    expect(Number.isFinite(g2.bic)).toBe(true);
  });

  it("rejects bad input with a clear message", () => {
    expect(() => fitGmm([[1], [2]], { k: 3 })).toThrow(/k = 3 exceeds the 2 rows/);
    expect(() => fitGmm([[1], [Number.NaN]], { k: 1 })).toThrow(/row 1, column 0 is NaN/);
    expect(() => fitGmm([[1], [2]], { k: 1, covariance: "tied" as never })).toThrow(/invalid covariance "tied"/);
  });

  it("is deterministic for a seed", () => {
    const { x } = mixture([[0, 0], [3, 3]], 500, 1, 1);
    const a = fitGmm(x, { k: 2, seed: 7 });
    const b = fitGmm(x, { k: 2, seed: 7 });
    expect(Array.from(a.means)).toEqual(Array.from(b.means));
  });
});
