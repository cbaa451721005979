import { checkDistribution } from "./checkProbabilities.js";
import type { CountDistribution } from "./types.js";

/**
 * Mean ranked probability score of count forecasts, (1/n) Σᵢ Σ_{k=0}^{K−1} (F̂ᵢ(k) − 1{yᵢ ≤ k})², F̂ᵢ the predicted
 * cumulative distribution and K = maxCount (beyond it both sides are 1, except for counts above maxCount, which
 * add their distance to maxCount: those terms are exact because F̂ = 1 there). A proper score that, unlike the log
 * score, rewards being close (predicting 3 when 4 happened beats predicting 0); for a point forecast it reduces to
 * the absolute error. Lower is better.
 * @see Czado, Gneiting & Held (2009), Predictive model assessment for count data, Biometrics 65(4) 1254-1261, https://doi.org/10.1111/j.1541-0420.2009.01191.x
 * @example rankedProbabilityScore({ maxCount: 2, probabilities: new Float64Array([1, 0, 0]) }, new Float64Array([2])) // { value: 2, n: 1 }
 */
export function rankedProbabilityScore(distribution: CountDistribution, actualCounts: ArrayLike<number>): { value: number; n: number } {
  const n = checkDistribution("rankedProbabilityScore", distribution, actualCounts);
  const K = distribution.maxCount;
  const w = K + 1;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const y = actualCounts[i]!;
    let F = 0;
    for (let k = 0; k < K; k++) {
      F += distribution.probabilities[i * w + k]!;
      s += (F - (y <= k ? 1 : 0)) ** 2;
    }
    // Above maxCount the predicted CDF is 1 (tail lumped at maxCount), the outcome's step 0 until y.
    if (y > K) s += y - K;
  }
  return { value: s / n, n };
}
