// monitorModel on prepared inputs: the summaries and tracking actuals computed elsewhere (e.g. in SQL).
import type { ClvPipeline } from "../segmentation/predictor/pipelineTypes.js";
import type { CustomerSummary } from "../summaries/types.js";
import { bundleModels, type ClvBundle } from "./clvBundle.js";
import { featuresFromSummary } from "./customerFeatures.js";
import { assembleSnapshot, trackingOptions, type MonitoringSnapshot, type MonitorModelOptions } from "./monitorModel.js";
import { resolveThresholds } from "./severity.js";
import { trackRealizedVsPredictedData, type TrackingActuals } from "./trackRealizedVsPredicted.js";

/** The prepared inputs of {@link monitorModelData}: summaries at the reference and current ends, and the tracking actuals. */
export interface MonitorData {
  /** Customer summary at the reference end, in the bundle's time unit. */
  readonly referenceSummary: CustomerSummary;
  /** Customer summary at the current end. */
  readonly currentSummary: CustomerSummary;
  /** Repeat purchase days and purchase cents of the reference customers per period of `trackingEdges(referenceEnd, currentEnd, period)`. */
  readonly trackingActuals: TrackingActuals;
}

/**
 * {@link monitorModel} of a BTYD bundle on prepared inputs instead of the log (the work that reads the log done
 * elsewhere, e.g. in SQL by `clvlab monitor --engine`): features, predictions, tracking, alerts and status are the
 * same code. Log attributes and stacked pipelines need the log: use monitorModel.
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2) §5 (tracking); docs/monitoring.md; docs/engines.md
 * @example
 * const { data, referenceEnd, currentEnd } = await engineMonitorData(db, bundle, {});
 * const snap = monitorModelData(bundle, data, { referenceEnd, currentEnd }); snap.status
 */
export function monitorModelData(bundle: ClvBundle, data: MonitorData, options: MonitorModelOptions & { referenceEnd: string; currentEnd: string }): MonitoringSnapshot {
  checkMonitorData(bundle, options);
  const { summary: _s, ...tracking } = trackRealizedVsPredictedData(bundle, data.referenceSummary, data.trackingActuals, { ...trackingOptions(options, resolveThresholds(options.thresholds)), referenceEnd: options.referenceEnd, currentEnd: options.currentEnd });
  void _s;
  const ref = featuresFromSummary(data.referenceSummary, undefined, []), cur = featuresFromSummary(data.currentSummary, undefined, []);
  return assembleSnapshot(bundle, { ref, cur, tracking, trainingStart: bundle.trainingStart }, options);
}

/** Refuses what needs the log (a stacked pipeline's sequence features, log attributes), naming the in-memory engine. */
export function checkMonitorData(model: ClvBundle | ClvPipeline, options: Pick<MonitorModelOptions, "attributes">): void {
  if (model?.kind === "clv-pipeline") throw new Error("a stacked pipeline's sequence features read the transaction log: monitor it with the in-memory engine (--engine memory)");
  if (options.attributes?.length) throw new Error(`log attributes (${options.attributes.join(", ")}) read the transaction log: monitor them with the in-memory engine (--engine memory)`);
  bundleModels(model);
}

