import type { TransactionLog } from "../../data/types.js";

/** For each customer code of the log, its position in `customerIds`, or −1 when it is not listed (internal). */
export function logCustomerMap(log: TransactionLog, customerIds: readonly string[]): Int32Array {
  const pos = new Map<string, number>();
  customerIds.forEach((id, j) => pos.set(id, j));
  const map = new Int32Array(log.customerIds.length).fill(-1);
  log.customerIds.forEach((id, c) => {
    const j = pos.get(id);
    if (j !== undefined) map[c] = j;
  });
  return map;
}

/**
 * Per listed customer: distinct purchase days and net spend in the window (fromDay, toDay] (day numbers). Customers
 * not in the log get 0. Internal: builds the stacked predictor's targets and the holdout truth.
 */
export function windowTotals(log: TransactionLog, customerIds: readonly string[], fromDay: number, toDay: number): { purchases: Float64Array; value: Float64Array } {
  const map = logCustomerMap(log, customerIds);
  const purchases = new Float64Array(customerIds.length);
  const value = new Float64Array(customerIds.length);
  // Distinct days per customer: rows may be unsorted, so mark (customer, day) pairs in a set keyed by number.
  const seen = new Set<number>();
  const span = toDay - fromDay;
  for (let i = 0; i < log.length; i++) {
    const d = log.day[i]!;
    if (d <= fromDay || d > toDay) continue;
    const j = map[log.customer[i]!]!;
    if (j < 0) continue;
    value[j]! += log.amount[i]!;
    const key = j * (span + 1) + (d - fromDay);
    if (!seen.has(key)) {
      seen.add(key);
      purchases[j]!++;
    }
  }
  return { purchases, value };
}
