// What customers did in a holdout, per customer and per period (internal).
import type { TransactionLog } from "../data/types.js";
import { logCustomerMap } from "../segmentation/predictor/windowTotals.js";

/** Per-customer and per-period holdout actuals. */
export interface HoldoutActuals {
  /** Distinct purchase days (amount ≥ 0) in (fromDay, toDay] per listed customer; the BTYD count. */
  purchases: Float64Array;
  /** Net amount (returns subtract) in the window per listed customer. */
  value: Float64Array;
  /** The same summed over listed customers per period k, the days (fromDay + b_{k−1}, fromDay + b_k]. */
  periodPurchases: Float64Array;
  periodValue: Float64Array;
  /** Per-customer net value with period k's amounts multiplied by factor[k] (discounting). */
  discountedValue: Float64Array;
  /** Rows in the window of customers not listed (first purchase after calibration): counted, not scored. */
  rowsOfNewCustomers: number;
}

/**
 * Holdout actuals of the listed customers in (fromDay, fromDay + boundaries[K−1]], periods ending at the cumulative
 * day offsets `boundaries`; `factor[k]` discounts period k's value.
 */
export function holdoutActuals(log: TransactionLog, customerIds: readonly string[], fromDay: number, boundaries: readonly number[], factor: Float64Array): HoldoutActuals {
  const n = customerIds.length;
  const K = boundaries.length;
  const toDay = fromDay + boundaries[K - 1]!;
  const map = logCustomerMap(log, customerIds);
  // Period of each day offset 1..H.
  const periodOf = new Int32Array(boundaries[K - 1]! + 1);
  for (let k = 0, d = 1; d <= boundaries[K - 1]!; d++) {
    while (d > boundaries[k]!) k++;
    periodOf[d] = k;
  }
  const purchases = new Float64Array(n), value = new Float64Array(n), discountedValue = new Float64Array(n);
  const periodPurchases = new Float64Array(K), periodValue = new Float64Array(K);
  const seen = new Set<number>();
  const span = toDay - fromDay + 1;
  let rowsOfNewCustomers = 0;
  for (let i = 0; i < log.length; i++) {
    const d = log.day[i]!;
    if (d <= fromDay || d > toDay) continue;
    const j = map[log.customer[i]!]!;
    if (j < 0) {
      rowsOfNewCustomers++;
      continue;
    }
    const k = periodOf[d - fromDay]!;
    const a = log.amount[i]!;
    value[j]! += a;
    discountedValue[j]! += a * factor[k]!;
    periodValue[k]! += a;
    if (a < 0) continue; // returns are not purchases
    const key = j * span + (d - fromDay);
    if (!seen.has(key)) {
      seen.add(key);
      purchases[j]!++;
      periodPurchases[k]!++;
    }
  }
  return { purchases, value, periodPurchases, periodValue, discountedValue, rowsOfNewCustomers };
}
