import { checkPairs } from "./checkPairs.js";

/**
 * Mean absolute error, MAE = (1/n) Σ |ŷᵢ − yᵢ|, over n customers (or periods): the typical size of one forecast's miss,
 * in the unit of the forecast (purchases, currency).
 * @see Hyndman & Koehler (2006), Another look at measures of forecast accuracy, IJF 22(4) 679-688, https://doi.org/10.1016/j.ijforecast.2006.03.001
 * @example meanAbsoluteError(new Float64Array([1, 2]), new Float64Array([0, 4])) // { value: 1.5, n: 2 }
 */
export function meanAbsoluteError(predicted: ArrayLike<number>, actual: ArrayLike<number>): { value: number; n: number } {
  const n = checkPairs("meanAbsoluteError", predicted, actual);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(predicted[i]! - actual[i]!);
  return { value: s / n, n };
}
