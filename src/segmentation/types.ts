/** A dense row-major matrix of features: `data[i * cols + j]` is feature j of row i. */
export interface FeatureMatrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** Covariance structure of a Gaussian mixture. */
export type CovarianceType = "full" | "diag";

/** A fitted Gaussian mixture. Plain data (typed arrays), so it serializes into the model store. */
export interface GmmModel {
  readonly k: number;
  readonly dim: number;
  readonly covariance: CovarianceType;
  /** Mixing weights, length k, summing to 1. */
  readonly weights: Float64Array;
  /** Component means, k × dim row-major. */
  readonly means: Float64Array;
  /** Covariances: k × dim × dim (full) or k × dim (diag), regularization included. */
  readonly covariances: Float64Array;
  /** Total log-likelihood of the training rows (natural log). */
  readonly logLikelihood: number;
  /** Free parameters: (k - 1) + k·dim + k·dim(dim+1)/2 (full) or k·dim (diag). */
  readonly parameters: number;
  /** Bayesian information criterion, -2·logLikelihood + parameters·ln(n). Lower is better. */
  readonly bic: number;
  readonly rows: number;
  readonly iterations: number;
  /** EM iterations of the starts screened on the subsample (every k-means++ restart, or the one warm start). Absent in older models. */
  readonly screeningIterations?: number;
  readonly converged: boolean;
  /** Collapsing or singular components that were regularized, and other conditions worth a look. */
  readonly warnings: readonly string[];
}
