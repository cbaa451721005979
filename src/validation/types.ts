// Types shared by the validation area.

/**
 * Predicted distributions of a count per customer: row-major n × (maxCount + 1) probabilities, row i holding
 * P(Xᵢ = 0), …, P(Xᵢ = maxCount − 1) and, in the last column, the tail P(Xᵢ ≥ maxCount). Rows sum to 1.
 */
export interface CountDistribution {
  readonly maxCount: number;
  readonly probabilities: Float64Array;
}
