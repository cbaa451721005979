import { checkPairs } from "./checkPairs.js";

/**
 * Coefficient of determination of a forecast, R² = 1 − Σ (yᵢ − ŷᵢ)² / Σ (yᵢ − ȳ)²: the share of the variance of the
 * actual values the forecast explains (not a regression fit, so it can be negative: a forecast worse than the actual
 * mean). NaN when every actual value is equal.
 * @see Kvålseth (1985), Cautionary note about R², The American Statistician 39(4) 279-285 (definition 1), https://doi.org/10.2307/2683704
 * @example rSquared(new Float64Array([1, 2, 3]), new Float64Array([1, 2, 4])) // { value: 1 - 1 / (14/3), n: 3 }
 */
export function rSquared(predicted: ArrayLike<number>, actual: ArrayLike<number>): { value: number; n: number } {
  const n = checkPairs("rSquared", predicted, actual);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i]!;
  mean /= n;
  let res = 0, tot = 0;
  for (let i = 0; i < n; i++) {
    res += (actual[i]! - predicted[i]!) ** 2;
    tot += (actual[i]! - mean) ** 2;
  }
  return { value: tot > 0 ? 1 - res / tot : NaN, n };
}
