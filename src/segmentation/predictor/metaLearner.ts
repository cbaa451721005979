// The stack's meta-learner (internal): what it is fitted on, its row weights and penalty, and its prediction.
import type { FeatureMatrix } from "../types.js";

/**
 * Everything the meta-learner was fitted on besides the target: its training columns (out-of-fold predictions), row
 * weights, absolute penalty and constraint. The bootstrap resamples exactly this fit.
 */
export interface MetaFit {
  oof: FeatureMatrix;
  rowWeights: Float64Array;
  lambda: number;
  sumToOne: boolean;
}

/** Meta-learner row weights: 1, or with "poisson" 1 / max(base, 1% of its mean), the inverse Poisson variance floored so a near-certainly-dead customer cannot dominate. */
export function metaRowWeights(base: Float64Array, weighting: "poisson" | "none"): Float64Array {
  const n = base.length;
  const mw = new Float64Array(n).fill(1);
  if (weighting === "poisson") {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += base[i]! / n;
    for (let i = 0; i < n; i++) mw[i] = 1 / Math.max(base[i]!, 0.01 * mean);
  }
  return mw;
}

/** Absolute ridge penalty of the meta-learner: `relative` × the weighted mean over columns of Σ w z², the scale of the base predictions. */
export function metaPenalty(z: FeatureMatrix, rowWeights: Float64Array, relative: number): number {
  const m = z.cols;
  let scale = 0;
  for (let i = 0; i < z.rows; i++) for (let j = 0; j < m; j++) scale += rowWeights[i]! * z.data[i * m + j]! ** 2;
  return (relative * scale) / m;
}

/** The meta-learner's prediction per row: the weighted sum of the base predictions, floored at 0. */
export function combine(meta: Float64Array, z: FeatureMatrix): Float64Array {
  const out = new Float64Array(z.rows);
  for (let i = 0; i < z.rows; i++) {
    let s = 0;
    for (let j = 0; j < z.cols; j++) s += meta[j]! * z.data[i * z.cols + j]!;
    out[i] = Math.max(0, s);
  }
  return out;
}
