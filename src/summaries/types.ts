import type { TimeUnit } from "../data/types.js";

/**
 * Per-customer summary in the BTYD conventions (lifetimes, BTYD, CLVTools): purchases on the same
 * calendar day merge into one; `frequency` counts repeat purchase days; `recency` is the time from the
 * first to the last purchase; `T` the time from the first purchase to the end of the (calibration)
 * period; `monetaryValue` the mean value of the repeat purchases (0 when frequency is 0).
 * All times are in `timeUnit`, which travels with the summary.
 */
export interface CustomerSummary {
  readonly timeUnit: TimeUnit;
  /** End of the observation window, ISO date (inclusive). */
  readonly observationEnd: string;
  /** End of calibration when the summary was split for a holdout, ISO date (inclusive). */
  readonly calibrationEnd?: string;
  readonly customerId: readonly string[];
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  readonly monetaryValue: Float64Array;
  /** Day numbers (days since 1970-01-01) of the first and last purchase in the calibration window. */
  readonly firstPurchase: Int32Array;
  readonly lastPurchase: Int32Array;
  /** Net spend in the calibration window (returns subtract) and number of orders (purchase days). */
  readonly totalSpend: Float64Array;
  readonly orders: Int32Array;
  /** With a calibration/holdout split: repeat purchase days in the holdout, their mean value, and the holdout length in `timeUnit`. */
  readonly frequencyHoldout?: Float64Array;
  readonly monetaryValueHoldout?: Float64Array;
  readonly durationHoldout?: number;
}
