import type { TransactionLog } from "../data/types.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";
import type { ClvBundle } from "./clvBundle.js";
import { compareFeatures, type FeatureDrift } from "./compareFeatures.js";
import { customerFeatures } from "./customerFeatures.js";
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
  readonly alerts: MonitoringAlert[];
  /** Shifts in "mix" features (age, tenure, raw frequency, attributes), which explain but do not alert by default. */
  readonly notes: string[];
  readonly status: Severity;
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
 * since the reference end. Returns the snapshot (bins, statistics, tracking series, alerts and an overall status,
 * the worst alert).
 * @see docs/monitoring.md (what is watched and the default thresholds)
 * @example const snap = monitorModel(loadArtifact("models/latest").payload, log, { attributes: ["city"] }); snap.status
 */
export function monitorModel(bundle: ClvBundle, log: TransactionLog, options: MonitorModelOptions = {}): MonitoringSnapshot {
  const thresholds = resolveThresholds(options.thresholds);
  const refEnd = options.referenceEnd ?? bundle.trainingEnd;
  let lastDay = -Infinity;
  for (let i = 0; i < log.length; i++) if (log.day[i]! > lastDay) lastDay = log.day[i]!;
  const curEnd = options.currentEnd ?? isoDate(lastDay);
  if (dayNumber(curEnd) <= dayNumber(refEnd)) throw new Error(`current end ${curEnd} is not after the reference end ${refEnd}: give transactions after ${refEnd}, or an earlier --reference-end`);
  const ref = customerFeatures(log, { asOf: refEnd, timeUnit: bundle.timeUnit, attributes: options.attributes });
  const cur = customerFeatures(log, { asOf: curEnd, timeUnit: bundle.timeUnit, attributes: options.attributes });
  const features = compareFeatures(ref, cur, { thresholds, group: "input", alertOnMix: options.alertOnMix });
  const predictions = compareFeatures(predictionFeatures(bundle, ref.summary), predictionFeatures(bundle, cur.summary), { thresholds, group: "prediction" });
  const { summary: _s, ...tracking } = trackRealizedVsPredicted(bundle, log, { referenceEnd: refEnd, currentEnd: curEnd, period: options.period, band: options.band, level: options.level, draws: options.draws, seed: options.seed, thresholds });
  void _s;
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
    model: { id: options.modelId ?? "unsaved", kind: bundle.kind, purchaseModel: bundle.purchaseModel.model, trainingStart: bundle.trainingStart, trainingEnd: bundle.trainingEnd, parent: bundle.lineage.parent },
    timeUnit: bundle.timeUnit,
    reference: { end: ref.asOf, customers: ref.customers },
    current: { end: cur.asOf, customers: cur.customers, newCustomers },
    thresholds,
    features: [...features, ...predictions],
    tracking,
    alerts,
    notes,
    status: maxSeverity(...alerts.map((a) => a.severity)),
  };
}
