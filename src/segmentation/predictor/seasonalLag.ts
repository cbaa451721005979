import type { TransactionLog } from "../../data/types.js";
import type { FeatureMatrix } from "../types.js";
import type { EncodedSequences } from "../features/encodeSequences.js";
import { windowTotals } from "./windowTotals.js";

/** Names of the columns {@link seasonalLag} adds to the learners' design matrix. */
export const SEASONAL_LAG_FEATURES = ["log_lag_year_purchases", "log_lag_year_value", "lag_year_exposure"] as const;

/** Days in the seasonal lag: the same calendar window one year earlier. */
export const LAG_DAYS = 365;

/**
 * Seasonal lag features of each customer for a forecast window (asOf, asOf + horizon]: purchase days and net spend
 * (log1p, spend floored at 0) in the same calendar window one year earlier, (asOf − 365, asOf − 365 + horizon], and the
 * share of that window the customer was already acquired (0 for a customer first seen since, so "no purchase" and
 * "not yet a customer" differ). Only days on or before `asOfDay` are read, so no forecast window leaks in. Holiday
 * or periodic buyers repeat last year's window; BTYD, which sees one stationary rate, cannot tell them apart.
 * @see Hyndman & Athanasopoulos, Forecasting: Principles and Practice (3rd ed.) §5.2, the seasonal naive method, https://otexts.com/fpp3/simple-methods.html
 * @example const lag = seasonalLag(log, enc.customerIds, enc.firstPurchase, dayNumber("2023-06-30"), 90); // rows × 3
 */
export function seasonalLag(log: TransactionLog, customerIds: readonly string[], firstPurchase: Int32Array, asOfDay: number, horizonDays: number): FeatureMatrix {
  if (!(Number.isInteger(horizonDays) && horizonDays >= 1)) throw new Error(`invalid seasonal lag horizon ${horizonDays}: use a whole number of days ≥ 1`);
  const from = asOfDay - LAG_DAYS;
  // A window longer than the lag would reach past asOf: it is cut at asOf.
  const to = Math.min(asOfDay, from + horizonDays);
  const t = windowTotals(log, customerIds, from, to);
  const n = customerIds.length;
  const data = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    data[i * 3] = Math.log1p(t.purchases[i]!);
    data[i * 3 + 1] = Math.log1p(Math.max(0, t.value[i]!));
    data[i * 3 + 2] = Math.min(1, Math.max(0, (to - firstPurchase[i]! + 1) / (to - from)));
  }
  return { data, rows: n, cols: 3 };
}

/** The columns of `b` appended to those of `a` (same rows). */
export function appendColumns(a: FeatureMatrix, b: FeatureMatrix): FeatureMatrix {
  if (a.rows !== b.rows) throw new Error(`row counts differ (${a.rows} vs ${b.rows}): give matrices of the same customers`);
  const cols = a.cols + b.cols;
  const data = new Float64Array(a.rows * cols);
  for (let i = 0; i < a.rows; i++) {
    data.set(a.data.subarray(i * a.cols, (i + 1) * a.cols), i * cols);
    data.set(b.data.subarray(i * b.cols, (i + 1) * b.cols), i * cols + a.cols);
  }
  return { data, rows: a.rows, cols };
}

/** The design matrix with the seasonal lag features of the forecast window (asOf, asOf + lagDays] appended, when used. */
export function withLag(x: FeatureMatrix, log: TransactionLog, enc: EncodedSequences, asOfDay: number, lagDays: number | undefined): FeatureMatrix {
  return lagDays === undefined ? x : appendColumns(x, seasonalLag(log, enc.customerIds, enc.firstPurchase, asOfDay, lagDays));
}
