import type { TimeUnit, TransactionLog } from "../data/types.js";
import type { CustomerSummary } from "../summaries/types.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";
import { bundleModels, type ClvBundle } from "./clvBundle.js";
import { compareFeatures, type FeatureDrift } from "./compareFeatures.js";
import { compareSegmentShares } from "./compareSegmentShares.js";
import { pipelinePredictionFeatures, type SegmentMembership } from "./pipelinePredictionFeatures.js";
import type { ClvPipeline } from "../segmentation/predictor/pipelineTypes.js";
import { customerFeatures, type FeatureSet } from "./customerFeatures.js";
import { predictionFeatures } from "./predictionFeatures.js";
import { maxSeverity, resolveThresholds, type DriftThresholds, type Severity } from "./severity.js";
import { trackRealizedVsPredicted, type TrackingResult } from "./trackRealizedVsPredicted.js";

/** Format version of the monitoring snapshot (docs/monitoring.md, MONITORING_SNAPSHOT_SCHEMA). */
export const MONITORING_SNAPSHOT_VERSION = 1;

/** One alert: what, how bad, why. */
export interface MonitoringAlert {
  readonly source: "feature" | "prediction" | "tracking";
  readonly name: string;
  readonly severity: Severity;
  readonly reason: string;
}

/** A monitoring snapshot: bins and statistics, never rows, so it stays small at any scale. */
export interface MonitoringSnapshot {
  readonly schema: "clvlab.monitoring-snapshot";
  readonly schemaVersion: 1;
  readonly createdAt: string;
  readonly model: { readonly id: string; readonly kind: string; readonly purchaseModel: string; readonly trainingStart: string; readonly trainingEnd: string; readonly parent: string | null };
  readonly timeUnit: string;
  readonly reference: { readonly end: string; readonly customers: number };
  readonly current: { readonly end: string; readonly customers: number; readonly newCustomers: number };
  readonly thresholds: DriftThresholds;
  readonly features: FeatureDrift[];
  readonly tracking: Omit<TrackingResult, "summary">;
  /** Segment shares of a stacked segmentation pipeline, reference vs current (absent for a BTYD bundle); their statistics are the `segment_share` feature. */
  readonly segmentShares?: SegmentShares;
  readonly alerts: MonitoringAlert[];
  /** Shifts in "mix" features (age, tenure, raw frequency, attributes), which explain but do not alert by default. */
  readonly notes: string[];
  readonly status: Severity;
}

/** Segment shares of a stacked pipeline at the reference and the current end. */
export interface SegmentShares {
  readonly k: number;
  /** "training": the shares stored with the pipeline at its calibration end (the default reference); "reference-end": recomputed at a later --reference-end. */
  readonly referenceSource: "training" | "reference-end";
  readonly segments: ReadonlyArray<{
    readonly segment: number;
    /** The segment's profile label (its distinguishing features at training). */
    readonly label: string;
    /** Share of customers whose most probable segment this is. */
    readonly referenceShare: number;
    readonly currentShare: number;
    readonly referenceCount: number;
    readonly currentCount: number;
    /** Mean soft membership probability. */
    readonly referenceSoftShare: number;
    readonly currentSoftShare: number;
  }>;
}

/** Options of {@link monitorModel}. */
export interface MonitorModelOptions {
  /** Artefact id of the stored model (recorded in the snapshot; default "unsaved"). */
  modelId?: string;
  /** Reference end, ISO (default the model's training end). */
  referenceEnd?: string;
  /** Current end, ISO (default the last day in the log). */
  currentEnd?: string;
  /** Log attributes to monitor as categorical mixes (e.g. ["city"]). */
  attributes?: readonly string[];
  /** Tracking period (default "week"), band (default "poisson"), level, draws and seed: see trackRealizedVsPredicted. */
  period?: "week" | "month";
  band?: "poisson" | "bootstrap";
  level?: number;
  draws?: number;
  seed?: number;
  thresholds?: Partial<DriftThresholds>;
  /** Let "mix" features alert too (default false): see customerFeatures. */
  alertOnMix?: boolean;
  /** Creation time (default now). */
  createdAt?: Date;
}

/**
 * Monitors a stored CLV model against a transaction log that holds the history and the new data: input features at
 * the reference end (default the training end) vs the current end, prediction distributions (P(alive), expected
 * purchases, CLV) of the same model at both dates, and realized vs predicted repeat purchases and revenue per period
 * since the reference end. The model is a monitored BTYD bundle (`trainClvBundle`, `clvlab update`) or a stacked
 * segmentation pipeline (`clvlab train`): for a pipeline the predictions are P(alive) of its BTYD base and its stacked
 * expected purchases and value at each of its horizons, plus the segment shares (chi-square and PSI of the customers
 * per most probable segment against the training-time shares stored in the pipeline). Returns the snapshot (bins,
 * statistics, tracking series, alerts and an overall status, the worst alert).
 * @see docs/monitoring.md (what is watched and the default thresholds)
 * @example const snap = monitorModel(loadArtifact("models/latest").payload, log, { attributes: ["city"] }); snap.status
 */
export function monitorModel(model: ClvBundle | ClvPipeline, log: TransactionLog, options: MonitorModelOptions = {}): MonitoringSnapshot {
  const thresholds = resolveThresholds(options.thresholds);
  const pipeline = model?.kind === "clv-pipeline" ? model : undefined;
  const bundle = pipeline ? undefined : (model as ClvBundle);
  if (bundle) bundleModels(bundle); // checks the kind
  let lastDay = -Infinity;
  for (let i = 0; i < log.length; i++) if (log.day[i]! > lastDay) lastDay = log.day[i]!;
  const { timeUnit, refEnd, curEnd } = monitorWindow(model, options, lastDay);
  const ref = customerFeatures(log, { asOf: refEnd, timeUnit, attributes: options.attributes });
  const cur = customerFeatures(log, { asOf: curEnd, timeUnit, attributes: options.attributes });
  let predictions: FeatureDrift[] | undefined;
  let segmentShares: SegmentShares | undefined;
  if (pipeline) {
    const pr = pipelinePredictionFeatures(pipeline, log, ref.asOf), pc = pipelinePredictionFeatures(pipeline, log, cur.asOf);
    const shares = segmentSharesOf(pipeline, ref.asOf, pr.segments, pc.segments);
    segmentShares = shares;
    predictions = [...compareFeatures(pr, pc, { thresholds, group: "prediction" }), compareSegmentShares(shares.segments.map((x) => x.referenceCount), shares.segments.map((x) => x.currentCount), { thresholds })];
  }
  const { summary: _s, ...tracking } = trackRealizedVsPredicted(model, log, { ...trackingOptions(options, thresholds), referenceEnd: refEnd, currentEnd: curEnd });
  void _s;
  const trainingStart = pipeline ? (pipeline.trainingStart ?? firstDayBy(log, pipeline.calibrationEnd)) : bundle!.trainingStart;
  return assembleSnapshot(model, { ref, cur, predictions, tracking, segmentShares, trainingStart }, options);
}

/** The monitored window: time unit, reference end (default the training end) and current end (default `lastDay`). */
export function monitorWindow(model: ClvBundle | ClvPipeline, options: Pick<MonitorModelOptions, "referenceEnd" | "currentEnd">, lastDay: number): { timeUnit: TimeUnit; refEnd: string; curEnd: string } {
  const pipeline = model?.kind === "clv-pipeline" ? model : undefined;
  const trainingEnd = pipeline ? pipeline.calibrationEnd : (model as ClvBundle).trainingEnd;
  const refEnd = options.referenceEnd ?? trainingEnd;
  const curEnd = options.currentEnd ?? (Number.isFinite(lastDay) ? isoDate(lastDay) : refEnd);
  if (dayNumber(curEnd) <= dayNumber(refEnd)) throw new Error(`current end ${curEnd} is not after the reference end ${refEnd}: give transactions after ${refEnd}, or an earlier --reference-end`);
  return { timeUnit: pipeline ? "weeks" : (model as ClvBundle).timeUnit, refEnd, curEnd };
}

/** The tracking options of a monitoring run (internal). */
export const trackingOptions = (o: MonitorModelOptions, thresholds: DriftThresholds) => ({ period: o.period, band: o.band, level: o.level, draws: o.draws, seed: o.seed, thresholds });

/** Statistics, alerts and status of the snapshot from features, predictions and tracking (internal: the log and the prepared-input paths). */
export function assembleSnapshot(
  model: ClvBundle | ClvPipeline,
  parts: { ref: FeatureSet & { summary: CustomerSummary }; cur: FeatureSet & { summary: CustomerSummary }; predictions?: FeatureDrift[] | undefined; tracking: Omit<TrackingResult, "summary">; segmentShares?: SegmentShares | undefined; trainingStart: string },
  options: MonitorModelOptions,
): MonitoringSnapshot {
  const thresholds = resolveThresholds(options.thresholds);
  const pipeline = model.kind === "clv-pipeline" ? model : undefined;
  const bundle = pipeline ? undefined : (model as ClvBundle);
  const { ref, cur, tracking, segmentShares } = parts;
  const features = compareFeatures(ref, cur, { thresholds, group: "input", alertOnMix: options.alertOnMix });
  const predictions = parts.predictions ?? compareFeatures(predictionFeatures(bundle!, ref.summary), predictionFeatures(bundle!, cur.summary), { thresholds, group: "prediction" });
  const alerts: MonitoringAlert[] = [];
  const notes: string[] = [];
  for (const f of [...features, ...predictions]) if (!f.alerting) for (const reason of f.reasons) notes.push(`${f.name}: ${reason} (mix feature: reported, not alerted)`);
  for (const f of [...features, ...predictions]) if (f.alerting) for (const reason of f.reasons) alerts.push({ source: f.group === "input" ? "feature" : "prediction", name: f.name, severity: reason.endsWith("(major)") ? "major" : "moderate", reason });
  for (const reason of tracking.reasons) alerts.push({ source: "tracking", name: "repeat_purchases", severity: tracking.status, reason });
  const refIds = new Set(ref.summary.customerId);
  let newCustomers = 0;
  for (const id of cur.summary.customerId) if (!refIds.has(id)) newCustomers++;
  return {
    schema: "clvlab.monitoring-snapshot",
    schemaVersion: 1,
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    model: {
      id: options.modelId ?? "unsaved",
      kind: model.kind,
      purchaseModel: pipeline ? pipeline.btydModel : bundle!.purchaseModel.model,
      trainingStart: parts.trainingStart,
      trainingEnd: pipeline ? pipeline.calibrationEnd : bundle!.trainingEnd,
      parent: (pipeline ? pipeline.lineage?.parent : bundle!.lineage.parent) ?? null,
    },
    timeUnit: pipeline ? "weeks" : bundle!.timeUnit,
    reference: { end: ref.asOf, customers: ref.customers },
    current: { end: cur.asOf, customers: cur.customers, newCustomers },
    thresholds,
    features: [...features, ...predictions],
    tracking,
    ...(segmentShares ? { segmentShares } : {}),
    alerts,
    notes,
    status: maxSeverity(...alerts.map((a) => a.severity)),
  };
}

/**
 * Segment shares, reference vs current: at the pipeline's calibration end the reference is what training stored (each
 * profile's size and soft share); at another reference end, the shares recomputed there.
 */
function segmentSharesOf(pipeline: ClvPipeline, refEnd: string, atRef: SegmentMembership, atCur: SegmentMembership): SegmentShares {
  const stored = refEnd === pipeline.calibrationEnd && pipeline.profiles.length === pipeline.gmm.k;
  const profile = (c: number) => pipeline.profiles.find((p) => p.segment === c);
  const refCounts = stored ? Array.from({ length: pipeline.gmm.k }, (_, c) => profile(c)?.size ?? 0) : atRef.counts;
  const refSoft = stored ? Array.from({ length: pipeline.gmm.k }, (_, c) => profile(c)?.share ?? 0) : atRef.softShares;
  const nr = refCounts.reduce((a, b) => a + b, 0), nc = atCur.counts.reduce((a, b) => a + b, 0);
  const r6 = (x: number) => Number(x.toPrecision(6));
  return {
    k: pipeline.gmm.k,
    referenceSource: stored ? "training" : "reference-end",
    segments: refCounts.map((rc, c) => ({
      segment: c,
      label: profile(c)?.label ?? `segment ${c}`,
      referenceShare: r6(nr > 0 ? rc / nr : 0),
      currentShare: r6(nc > 0 ? atCur.counts[c]! / nc : 0),
      referenceCount: rc,
      currentCount: atCur.counts[c]!,
      referenceSoftShare: r6(refSoft[c]!),
      currentSoftShare: r6(atCur.softShares[c]!),
    })),
  };
}

/** First purchase day on or before `end` (a pipeline from an older clvlab stores no training start). */
function firstDayBy(log: TransactionLog, end: string): string {
  const e = dayNumber(end);
  let first = Infinity;
  for (let i = 0; i < log.length; i++) if (log.day[i]! <= e && log.day[i]! < first) first = log.day[i]!;
  return Number.isFinite(first) ? isoDate(first) : end;
}
