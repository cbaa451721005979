import { checkPairs } from "./checkPairs.js";

/**
 * Root mean squared error, RMSE = √((1/n) Σ (ŷᵢ − yᵢ)²): like MAE in the forecast's unit, but weighs large misses
 * (the heavy buyers) more; the mean forecast minimizes it.
 * @see Hyndman & Koehler (2006), https://doi.org/10.1016/j.ijforecast.2006.03.001
 * @example rootMeanSquaredError(new Float64Array([1, 2]), new Float64Array([0, 4])) // { value: √2.5, n: 2 }
 */
export function rootMeanSquaredError(predicted: ArrayLike<number>, actual: ArrayLike<number>): { value: number; n: number } {
  const n = checkPairs("rootMeanSquaredError", predicted, actual);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = predicted[i]! - actual[i]!;
    s += e * e;
  }
  return { value: Math.sqrt(s / n), n };
}
