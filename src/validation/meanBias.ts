import { checkPairs } from "./checkPairs.js";

/**
 * Mean bias (mean error), (1/n) Σ (ŷᵢ − yᵢ): positive when the model over-forecasts on average. n × bias is the
 * error of the forecast total.
 * @see Hyndman & Koehler (2006), https://doi.org/10.1016/j.ijforecast.2006.03.001
 * @example meanBias(new Float64Array([1, 2]), new Float64Array([0, 4])) // { value: -0.5, n: 2 }
 */
export function meanBias(predicted: ArrayLike<number>, actual: ArrayLike<number>): { value: number; n: number } {
  const n = checkPairs("meanBias", predicted, actual);
  let s = 0;
  for (let i = 0; i < n; i++) s += predicted[i]! - actual[i]!;
  return { value: s / n, n };
}
