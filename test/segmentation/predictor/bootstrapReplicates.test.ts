import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/random/createRng.js";
import { metaBlockSums, resampledMeta } from "../../../src/segmentation/predictor/bootstrapReplicates.js";
import { nonNegativeLeastSquares } from "../../../src/segmentation/learners/nonNegativeLeastSquares.js";
import { fitHead, type HeadOptions } from "../../../src/segmentation/predictor/stackedHead.js";

// The bootstrap must resample exactly the meta-learner fit it bootstraps (Efron & Tibshirani 1993): the same out-of-fold
// columns, row weights, penalty and constraint. With every customer drawn once it must give back the head's weights; with
// counts c it must equal the head's least-squares problem with row weights w·c.
function headData(n: number) {
  const rng = createRng(11);
  const x = new Float64Array(n * 2);
  const y = new Float64Array(n);
  const base = new Float64Array(n);
  const alt = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = rng.uniform();
    x[2 * i + 1] = rng.uniform();
    base[i] = 0.05 + 3 * rng.uniform() ** 2; // spread forecasts, so Poisson row weights 1 / base differ from 1
    alt[i] = base[i]! * (0.5 + rng.uniform());
    y[i] = Math.round(base[i]! * (0.5 + x[2 * i]!) * 2 * rng.uniform());
  }
  return { x: { data: x, rows: n, cols: 2 }, y, base, alt, p: new Float64Array(n).fill(1), k: 1, group: Int32Array.from({ length: n }, (_, i) => i) };
}

describe("bootstrap replicates of the meta-learner", () => {
  const n = 150;
  const d = headData(n);
  const identity = Int32Array.from({ length: n }, (_, i) => i);
  for (const metaWeights of ["non-negative", "convex"] as const) {
    const options: HeadOptions = { folds: 3, ridgeLambda: 1, segmentLambda: 1, metaLambda: 0.05, metaWeighting: "poisson", trees: { trees: 5 }, oof: "customer", metaWeights };
    const { head, metaFit } = fitHead(d, options, createRng(2));
    const sums = metaBlockSums(metaFit, d.y, identity, n);
    const m = metaFit.oof.cols;

    it(`with metaWeighting "poisson" and ${metaWeights} weights, drawing every customer once gives back the head's meta weights`, () => {
      // The penalty is relative: metaLambda × Σ w z² / columns, with w = 1 / max(base, 1% of its mean).
      let mean = 0;
      for (let i = 0; i < n; i++) mean += d.base[i]! / n;
      let scale = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) scale += (1 / Math.max(d.base[i]!, 0.01 * mean)) * metaFit.oof.data[i * m + j]! ** 2;
      expect(metaFit.lambda).toBeCloseTo((0.05 * scale) / m, 10);
      const once = resampledMeta(sums, new Float64Array(n).fill(1), m, metaFit);
      for (let j = 0; j < m; j++) expect(once[j]).toBeCloseTo(head.meta[j]!, 9);
      // The unweighted fit is a different one: row weights matter on these data, so the check above can fail.
      const unweighted = resampledMeta(metaBlockSums({ ...metaFit, rowWeights: new Float64Array(n).fill(1) }, d.y, identity, n), new Float64Array(n).fill(1), m, metaFit);
      expect(Math.max(...Array.from(unweighted, (v, j) => Math.abs(v - head.meta[j]!)))).toBeGreaterThan(1e-3);
    });

    it(`with ${metaWeights} weights, a resample with counts c solves the head's problem with row weights w·c and the same penalty`, () => {
      const counts = Float64Array.from({ length: n }, (_, i) => (i * 7) % 3); // 0, 1, 2, 0, ...
      const weights = Float64Array.from(metaFit.rowWeights, (w, i) => w * counts[i]!);
      const direct = nonNegativeLeastSquares(metaFit.oof, d.y, { lambda: metaFit.lambda, weights, sumToOne: metaWeights === "convex" });
      const resampled = resampledMeta(sums, counts, m, metaFit);
      for (let j = 0; j < m; j++) expect(resampled[j]).toBeCloseTo(direct[j]!, 9);
      if (metaWeights === "convex") expect(resampled.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 12);
    });
  }
});
