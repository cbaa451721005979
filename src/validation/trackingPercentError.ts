import { meanAbsolutePercentageError } from "./meanAbsolutePercentageError.js";

/**
 * Tracking error: MAPE of period totals (weekly or monthly sums over all customers) in the holdout, in percent,
 * 100 · (1/m) Σ_t |Ŝ_t − S_t| / S_t over the m periods with a non-zero actual total. It measures how well the model
 * tracks aggregate demand period by period, the level at which a percentage error is meaningful for count data.
 * @see Fader, Hardie & Lee (2005), Counting your customers the easy way, Marketing Science 24(2), fig. 4 (weekly tracking), https://doi.org/10.1287/mksc.1040.0098
 * @example trackingPercentError(new Float64Array([90, 110]), new Float64Array([100, 100])) // { value: 10, periods: 2, zeroPeriods: 0 }
 */
export function trackingPercentError(predictedTotals: ArrayLike<number>, actualTotals: ArrayLike<number>): { value: number; periods: number; zeroPeriods: number } {
  // The MAPE of totals: the same arithmetic, over periods instead of customers.
  const m = meanAbsolutePercentageError(predictedTotals, actualTotals);
  return { value: m.value, periods: m.n, zeroPeriods: m.zeroActual };
}
