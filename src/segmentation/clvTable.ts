import * as aq from "arquero";
import type { ClvPrediction } from "./predictClv.js";

/** The arquero table type, kept structural here so the public .d.ts does not depend on arquero's types. */
export type ClvTable = ReturnType<typeof aq.table>;

/**
 * The customer CLV table: customer_id, segment, segment_probability, clv_<h>d per horizon (value in currency units,
 * undiscounted, over the next h days) and clv_lower_95 / clv_upper_95 (95% prediction interval of the value over the
 * interval horizon, NaN when the prediction has no intervals).
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
  cols.clv_lower_95 = prediction.intervals?.lower["0.95"] ?? new Float64Array(n).fill(NaN);
  cols.clv_upper_95 = prediction.intervals?.upper["0.95"] ?? new Float64Array(n).fill(NaN);
  return aq.table(cols as Record<string, unknown[]>);
}
