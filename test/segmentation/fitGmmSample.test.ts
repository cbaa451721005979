import { describe, expect, it } from "vitest";
// Through the public entry point: these functions keep their names wherever the pipeline's files live.
import { createRng, fitGmm, predictGmm, type FeatureMatrix } from "../../src/index.js";

// Two well-separated spherical clusters: 30 % around (−4, 0) with sd 0.5, 70 % around (3, 2) with sd 1.
function twoClusters(n: number, seed: number): { x: FeatureMatrix; truth: Int32Array } {
  const rng = createRng(seed);
  const data = new Float64Array(2 * n);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.uniform() < 0.3 ? 0 : 1;
    truth[i] = a;
    data[2 * i] = a === 0 ? rng.normal(-4, 0.5) : rng.normal(3, 1);
    data[2 * i + 1] = a === 0 ? rng.normal(0, 0.5) : rng.normal(2, 1);
  }
  return { x: { data, rows: n, cols: 2 }, truth };
}

describe("fitGmm on a screening subsample (initSampleSize < rows)", () => {
  it("recovers the weights, means and variances of two simulated clusters, and labels every row as simulated", () => {
    const { x, truth } = twoClusters(3000, 11);
    const g = fitGmm(x, { k: 2, seed: 3, initSampleSize: 200, covariance: "diag" });
    const small = g.means[0]! < g.means[2]! ? 0 : 1; // the component around (−4, 0)
    const big = 1 - small;
    expect(g.weights[small]!).toBeCloseTo(0.3, 1);
    expect(g.means[2 * small]!).toBeCloseTo(-4, 1);
    expect(g.means[2 * small + 1]!).toBeCloseTo(0, 1);
    expect(g.means[2 * big]!).toBeCloseTo(3, 1);
    expect(g.means[2 * big + 1]!).toBeCloseTo(2, 1);
    // Diagonal variances: 0.25 and 1 (within 15 %).
    expect(g.covariances[2 * small]! / 0.25).toBeGreaterThan(0.85);
    expect(g.covariances[2 * small]! / 0.25).toBeLessThan(1.15);
    expect(g.covariances[2 * big + 1]!).toBeGreaterThan(0.85);
    expect(g.covariances[2 * big + 1]!).toBeLessThan(1.15);
    const labels = predictGmm(g, x).labels;
    let agree = 0;
    for (let i = 0; i < x.rows; i++) if ((labels[i] === small ? 0 : 1) === truth[i]) agree++;
    expect(agree).toBe(x.rows); // 7 sd apart: no row is ambiguous
  });

  it("is reproducible for a seed: the same subsample and the same fit", () => {
    const { x } = twoClusters(1000, 5);
    const a = fitGmm(x, { k: 2, seed: 9, initSampleSize: 100 });
    const b = fitGmm(x, { k: 2, seed: 9, initSampleSize: 100 });
    expect([...a.means]).toEqual([...b.means]);
    expect(a.logLikelihood).toBe(b.logLikelihood);
  });
});
