import * as aq from "arquero";
import type { ClvPrediction } from "./predictClv.js";

/** The arquero table type, kept structural here so the public .d.ts does not depend on arquero's types. */
export type ClvTable = ReturnType<typeof aq.table>;

/**
 * The customer CLV table: customer_id, segment, segment_probability, clv_<h>d per horizon (value in currency units,
 * undiscounted, over the next h days), and two 95% intervals over the interval horizon that answer two questions:
 * - `clv_lower_95` / `clv_upper_95`: how sure is the forecast itself? The interval of the **expected** value over the
 *   bootstrap refits of the pipeline. It brackets the point forecast `clv_<h>d` of that horizon (when the bootstrap
 *   distribution lies to one side, the bound is moved to the point forecast).
 * - `clv_pred_lower_95` / `clv_pred_upper_95`: where will the customer's **realized** value fall? The prediction
 *   interval (outcome noise included), the one whose coverage holdout tests check. A customer who will most likely
 *   buy nothing gets [0, 0] even with a positive expected value.
 * NaN when the prediction has no intervals.
 * @see https://uwdata.github.io/arquero/
 * @example clvTable(predictClv(pipeline, log)).objects({ limit: 3 });
 */
export function clvTable(prediction: ClvPrediction): ClvTable {
  const cols: Record<string, ArrayLike<unknown>> = {
    customer_id: [...prediction.customerIds],
    segment: prediction.segment,
    segment_probability: prediction.segmentProbability,
  };
  prediction.horizonsDays.forEach((h, j) => (cols[`clv_${h}d`] = prediction.value[j]!));
  const n = prediction.customerIds.length;
  const iv = prediction.intervals;
  const nan = () => new Float64Array(n).fill(NaN);
  const lo = iv ? Float64Array.from(iv.expectedLower["0.95"]!) : nan();
  const hi = iv ? Float64Array.from(iv.expectedUpper["0.95"]!) : nan();
  const j = iv ? prediction.horizonsDays.indexOf(iv.horizonDays) : -1;
  if (j >= 0)
    for (let i = 0; i < n; i++) {
      const point = prediction.value[j]![i]!;
      if (point < lo[i]!) lo[i] = point;
      if (point > hi[i]!) hi[i] = point;
    }
  cols.clv_lower_95 = lo;
  cols.clv_upper_95 = hi;
  cols.clv_pred_lower_95 = iv?.lower["0.95"] ?? nan();
  cols.clv_pred_upper_95 = iv?.upper["0.95"] ?? nan();
  return aq.table(cols as Record<string, unknown[]>);
}
