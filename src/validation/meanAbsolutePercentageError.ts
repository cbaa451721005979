import { checkPairs } from "./checkPairs.js";

/**
 * MAPE over the cases with a non-zero actual value: 100 · (1/m) Σ_{yᵢ ≠ 0} |ŷᵢ − yᵢ| / |yᵢ|, in percent, with m (the
 * count it was taken over) and the count left out. Per customer it is only defined for customers who bought in the
 * holdout, so it scores the buyers alone and says nothing of the (often most numerous) non-buyers; use it on period
 * totals ({@link trackingPercentError}) for the tracking error. `value` is NaN when every actual value is 0.
 * @see Hyndman & Koehler (2006) §3.2 (percentage errors are undefined at zero), https://doi.org/10.1016/j.ijforecast.2006.03.001
 * @example meanAbsolutePercentageError(new Float64Array([1, 3, 5]), new Float64Array([0, 2, 4])) // { value: 37.5, n: 2, zeroActual: 1 }
 */
export function meanAbsolutePercentageError(predicted: ArrayLike<number>, actual: ArrayLike<number>): { value: number; n: number; zeroActual: number } {
  const len = checkPairs("meanAbsolutePercentageError", predicted, actual);
  let s = 0, n = 0;
  for (let i = 0; i < len; i++) {
    const y = actual[i]!;
    if (y === 0) continue;
    s += Math.abs(predicted[i]! - y) / Math.abs(y);
    n++;
  }
  return { value: n > 0 ? (100 * s) / n : NaN, n, zeroActual: len - n };
}
