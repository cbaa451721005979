import type { TransactionLog } from "../data/types.js";
import type { ClvPipeline } from "../segmentation/predictor/pipelineTypes.js";
import { btydPredict } from "../segmentation/predictor/btydBase.js";
import { scoreInputs, stackAtHorizon } from "../segmentation/predictor/scoreInputs.js";
import { combine } from "../segmentation/predictor/metaLearner.js";
import type { FeatureSet } from "./customerFeatures.js";

/** Segment membership of the scored customers: hard-label counts and mean soft probabilities per segment. */
export interface SegmentMembership {
  readonly k: number;
  readonly counts: number[];
  readonly softShares: number[];
}

/**
 * The prediction distributions monitored for a stacked segmentation pipeline (`clvlab train`), per customer with a
 * purchase on or before `asOf`: `p_alive` from its primary BTYD base model, and at each of its horizons the stacked
 * `expected_purchases_<h>d` and `value_<h>d` (undiscounted revenue); and the customers' segment membership (most
 * probable segment counts and mean soft probabilities) for the segment-share statistic.
 * @see Breiman (1996), Stacked regressions, Machine Learning 24 (the stacked predictions); Fader, Hardie & Lee (2005), Marketing Science 24(2) (P(alive))
 * @example const { numeric, segments } = pipelinePredictionFeatures(pipeline, log, "2024-06-30"); segments.counts
 */
export function pipelinePredictionFeatures(pipeline: ClvPipeline, log: TransactionLog, asOf: string): FeatureSet & { segments: SegmentMembership; customerIds: readonly string[] } {
  const s = scoreInputs(pipeline, log, asOf);
  const numeric: Record<string, Float64Array> = { p_alive: btydPredict(pipeline.btyd, s.summary, [1]).alive };
  for (const h of pipeline.horizonsDays) {
    const z = stackAtHorizon(pipeline, s, h);
    numeric[`expected_purchases_${h}d`] = combine(pipeline.purchases.meta, z.purchases);
    numeric[`value_${h}d`] = combine(pipeline.value.meta, z.value);
  }
  for (const [name, v] of Object.entries(numeric))
    for (let i = 0; i < v.length; i++) if (!(v[i]! >= 0 && Number.isFinite(v[i]!))) throw new Error(`pipeline prediction ${name} of customer ${s.enc.customerIds[i]} at ${asOf} is ${v[i]}: the stored pipeline gives no valid forecast; retrain it (\`clvlab train\` or \`clvlab update --policy full\`)`);
  const k = pipeline.gmm.k, n = s.enc.rows;
  const counts = new Array<number>(k).fill(0), soft = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    counts[s.segments.labels[i]!]!++;
    for (let c = 0; c < k; c++) soft[c]! += s.segments.probabilities[i * k + c]! / n;
  }
  return { asOf: s.enc.asOf, timeUnit: "weeks", customers: n, numeric, categorical: {}, binning: {}, mix: [], segments: { k, counts, softShares: soft }, customerIds: s.enc.customerIds };
}
