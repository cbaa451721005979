import { checkProbabilityPairs } from "./checkProbabilities.js";

/**
 * Brier score of "buys again" forecasts: (1/n) Σ (pᵢ − oᵢ)², pᵢ = P(Xᵢ > 0) predicted, oᵢ = 1 when customer i bought
 * in the holdout. A proper score (lower is better; 0 perfect; a constant forecast at the base rate scores ō(1 − ō)),
 * which is returned as `reference` with the skill score 1 − value / reference.
 * @see Brier (1950), Verification of forecasts expressed in terms of probability, Monthly Weather Review 78(1) 1-3, https://doi.org/10.1175/1520-0493(1950)078<0001:VOFEIT>2.0.CO;2
 * @example brierScore(new Float64Array([0.8, 0.1]), new Float64Array([1, 0])) // { value: 0.025, reference: 0.25, skill: 0.9, n: 2 }
 */
export function brierScore(probabilityAny: ArrayLike<number>, actualCounts: ArrayLike<number>): { value: number; reference: number; skill: number; n: number } {
  const n = checkProbabilityPairs("brierScore", probabilityAny, actualCounts);
  let s = 0, base = 0;
  for (let i = 0; i < n; i++) {
    const o = actualCounts[i]! > 0 ? 1 : 0;
    base += o;
    s += (probabilityAny[i]! - o) ** 2;
  }
  const value = s / n;
  const rate = base / n;
  const reference = rate * (1 - rate);
  return { value, reference, skill: reference > 0 ? 1 - value / reference : NaN, n };
}
