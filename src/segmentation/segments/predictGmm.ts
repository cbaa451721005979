import { eStep, prepare } from "./gmmCore.js";
import { toFeatureMatrix } from "../learners/toFeatureMatrix.js";
import type { FeatureMatrix, GmmModel } from "../types.js";

/** Soft and hard segment assignments of rows under a fitted mixture. */
export interface GmmPrediction {
  /** Posterior probabilities, rows × k row-major; every row sums to 1. */
  readonly probabilities: Float64Array;
  /** Most probable component per row. */
  readonly labels: Int32Array;
  /** Probability of the most probable component per row. */
  readonly maxProbability: Float64Array;
  /** Log-density of each row under the mixture. */
  readonly logLikelihood: Float64Array;
}

/**
 * Assigns rows (training or new customers) to the components of a fitted mixture: posterior probabilities (soft) and
 * the most probable component (hard).
 * @see https://scikit-learn.org/stable/modules/mixture.html
 * @example const { probabilities, labels } = predictGmm(gmm, newEncoded);
 */
export function predictGmm(model: GmmModel, x: FeatureMatrix | readonly (readonly number[])[]): GmmPrediction {
  const m = toFeatureMatrix(x);
  if (m.cols !== model.dim) throw new Error(`features have ${m.cols} columns, the mixture was fitted on ${model.dim}: encode with the same features`);
  const k = model.k;
  const params = { k, dim: model.dim, cov: model.covariance, weights: model.weights, means: model.means, covariances: model.covariances };
  const probabilities = new Float64Array(m.rows * k);
  const logLikelihood = new Float64Array(m.rows);
  eStep(m.data, m.rows, params, prepare(params), probabilities, logLikelihood);
  const labels = new Int32Array(m.rows);
  const maxProbability = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let b = 0;
    for (let c = 1; c < k; c++) if (probabilities[i * k + c]! > probabilities[i * k + b]!) b = c;
    labels[i] = b;
    maxProbability[i] = probabilities[i * k + b]!;
  }
  return { probabilities, labels, maxProbability, logLikelihood };
}
