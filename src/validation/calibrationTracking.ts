// Repeat purchases per period in the calibration window (internal): the left half of the tracking chart.
import type { TransactionLog } from "../data/types.js";

/**
 * Distinct repeat purchase days (a customer's first purchase day left out, returns not purchases) per period of
 * `periodDays` ending at calEnd, calEnd − periodDays, … back to the first day in the log. Returns period ends
 * (day numbers, ascending) and counts.
 */
export function calibrationTracking(calLog: TransactionLog, firstPurchase: ReadonlyMap<string, number>, calEnd: number, periodDays: number): { ends: number[]; purchases: Float64Array } {
  let first = Infinity;
  for (let i = 0; i < calLog.length; i++) if (calLog.day[i]! < first) first = calLog.day[i]!;
  const P = Math.max(1, Math.ceil((calEnd - first + 1) / periodDays));
  const purchases = new Float64Array(P);
  const firstOf = Int32Array.from(calLog.customerIds, (id) => firstPurchase.get(id) ?? -1);
  // Distinct (customer, day) pairs by sorting numeric keys: a Set of a million keys is several times slower.
  const span = calEnd - first + 1;
  const keys = new Float64Array(calLog.length);
  let m = 0;
  for (let i = 0; i < calLog.length; i++) {
    const c = calLog.customer[i]!, d = calLog.day[i]!;
    if (calLog.amount[i]! < 0 || firstOf[c]! < 0 || d <= firstOf[c]!) continue;
    keys[m++] = c * span + (d - first);
  }
  const sorted = keys.subarray(0, m).sort();
  for (let j = 0; j < m; j++) {
    if (j > 0 && sorted[j] === sorted[j - 1]) continue;
    const d = first + (sorted[j]! % span);
    purchases[P - 1 - Math.floor((calEnd - d) / periodDays)]!++;
  }
  const ends = Array.from({ length: P }, (_, j) => calEnd - (P - 1 - j) * periodDays);
  return { ends, purchases };
}
