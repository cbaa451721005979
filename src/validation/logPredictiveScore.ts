import { checkDistribution } from "./checkProbabilities.js";
import type { CountDistribution } from "./types.js";

/**
 * Mean log predictive score of count forecasts, (1/n) Σ −ln P̂(Xᵢ = yᵢ) (the negative log-likelihood of the holdout
 * counts under each customer's predicted distribution, in nats; lower is better). A strictly proper local score: it
 * rewards a model for putting probability where the customer's count fell, not only for its mean. Counts ≥ maxCount
 * are scored with the tail column. Infinity when a model gave probability 0 to what happened.
 * @see Gneiting & Raftery (2007), Strictly proper scoring rules, prediction, and estimation, JASA 102(477) 359-378 (§4.1, logarithmic score), https://doi.org/10.1198/016214506000001437
 * @example logPredictiveScore({ maxCount: 1, probabilities: new Float64Array([0.5, 0.5, 0.25, 0.75]) }, new Float64Array([0, 3])) // { value: (ln 2 + ln 4/3) / 2, n: 2 }
 */
export function logPredictiveScore(distribution: CountDistribution, actualCounts: ArrayLike<number>): { value: number; n: number } {
  const n = checkDistribution("logPredictiveScore", distribution, actualCounts);
  const w = distribution.maxCount + 1;
  let s = 0;
  for (let i = 0; i < n; i++) s -= Math.log(distribution.probabilities[i * w + Math.min(actualCounts[i]!, distribution.maxCount)]!);
  return { value: s / n, n };
}
