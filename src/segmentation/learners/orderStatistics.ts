// The boosted trees' quantile bin edges: order statistics with NaN ranked last (internal).
import { orderStatistics as selectOrderStatistics } from "../../numeric/orderStatistics.js";

/**
 * The values at the given `positions` of `a` sorted as Float64Array.prototype.sort sorts (NaN last): the NaNs moved to
 * the end, the other ranks selected among the numbers (numeric/orderStatistics), ranks beyond them NaN. Permutes `a`.
 * @example orderStatistics(Float64Array.of(3, NaN, 1, 2), [0, 3]) // Float64Array [1, NaN]
 */
export function orderStatistics(a: Float64Array, positions: readonly number[]): Float64Array {
  // NaNs to the end: they rank after every number.
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v === v) {
      a[i] = a[m]!;
      a[m++] = v;
    }
  }
  for (let i = m; i < a.length; i++) a[i] = NaN;
  const out = new Float64Array(positions.length).fill(NaN);
  const among = positions.filter((p) => p < m);
  const values = selectOrderStatistics(a, m, among);
  for (let j = 0, i = 0; j < positions.length; j++) if (positions[j]! < m) out[j] = values[i++]!;
  return out;
}
