import type { TimeUnit, TransactionLog } from "../data/types.js";
import type { TrainClvPipelineOptions } from "../segmentation/predictor/trainClvPipeline.js";
import { summarizeCustomers } from "../summaries/summarizeCustomers.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";
import { calibrationTracking } from "./calibrationTracking.js";
import { holdoutActuals } from "./holdoutActuals.js";
import { logUpTo } from "./logUpTo.js";
import type { MetricColumn, MetricsTableResult } from "./metricsTable.js";
import { checkModels, type ValidationModelName } from "./modelForecasts.js";
import { evaluateHoldoutData } from "./evaluateHoldoutData.js";
import type { ForecastScores } from "./scoreForecast.js";

export type { ValidationModelName } from "./modelForecasts.js";

/** Options of {@link evaluateHoldout}. */
export interface EvaluateHoldoutOptions {
  /** Last calibration day, ISO (inclusive): fits see only rows on or before it. */
  calibrationEnd: string;
  /** Last holdout day, ISO (inclusive). */
  observationEnd: string;
  /**
   * Models to compare. Default every one: naive-rate, naive-cohort, bg-nbd, pareto-nbd, mbg-nbd, stacked, and bg-bb when
   * the periods are discrete (time unit days or weeks, the calibration end closing one, at most one purchase day per
   * customer and period in the calibration data).
   */
  models?: readonly ValidationModelName[];
  /** Time unit the BTYD models are fitted in. Default "weeks". */
  timeUnit?: TimeUnit;
  /** Length of the tracking periods in days. Default 7 (weeks); the last period may be shorter. */
  periodDays?: number;
  /** Share of revenue that is margin, applied to predicted and actual value alike. Default 1 (value = revenue). */
  margin?: number;
  /** Annual discount rate, each period's value discounted at its end, (1 + d)^(−days / 365.25), predicted and actual alike. Default 0. */
  discountRate?: number;
  /** Acquisition cohorts (first-purchase quarter or month) for the cohort baseline and the error by cohort. Default "quarter". */
  cohortBy?: "quarter" | "month";
  /** Score count distributions (log predictive and ranked probability scores). Default true; costs time on large data. */
  countScores?: boolean;
  /** Settings of the stacked predictor (calibrationEnd is set here). Default replicates 0 (no intervals). */
  stacked?: Partial<TrainClvPipelineOptions>;
}

/** One model's holdout forecast and scores. */
export interface HoldoutModelResult {
  model: ValidationModelName;
  /** Per customer: expected holdout purchase days, and value (× margin, discounted). */
  purchases: Float64Array;
  value: Float64Array;
  /** Per period: expected purchases and value (× margin, undiscounted) summed over customers. */
  periodPurchases: Float64Array;
  periodValue: Float64Array;
  probabilityAny?: Float64Array;
  scores: { purchases: ForecastScores; value: ForecastScores };
  fit?: { params: Record<string, number>; converged: boolean; logLikelihood: number; warnings: string[] };
  /** Stacked predictor with bootstrap replicates: share of customers whose holdout value (undiscounted revenue) lies in the 95% interval. */
  coverage95?: number;
  /** Stacked predictor: most probable segment per customer. */
  segment?: Int32Array;
}

/** Result of {@link evaluateHoldout}. */
export interface HoldoutEvaluation {
  calibrationEnd: string;
  observationEnd: string;
  holdoutDays: number;
  timeUnit: TimeUnit;
  periodDays: number;
  margin: number;
  /** Annual rate. */
  discountRate: number;
  customerIds: readonly string[];
  /** Acquisition cohort and calibration repeat purchases of each scored customer. */
  cohort: string[];
  calibrationFrequency: Float64Array;
  /** Period ends as ISO dates. */
  periodEnds: string[];
  actual: { purchases: Float64Array; value: Float64Array; periodPurchases: Float64Array; periodValue: Float64Array };
  /** Repeat purchases of the scored customers per period of the calibration window, periods ending at the ISO dates (the last at the calibration end). */
  calibrationTracking: { periodEnds: string[]; purchases: Float64Array };
  models: HoldoutModelResult[];
  /** Rows of the comparison: one per model and target (purchases, value). */
  rows: Record<string, string | number>[];
  table: MetricsTableResult;
  /** Rows and customers: calibration rows the fits saw, holdout rows scored, holdout rows of customers first seen after calibration (not scored). */
  report: { calibrationRows: number; holdoutRowsScored: number; rowsOfNewCustomers: number; rowsAfterObservationEnd: number; customers: number };
  warnings: string[];
}

/** Columns of the comparison table, with the direction of "best". */
export const METRIC_COLUMNS: MetricColumn[] = [
  { key: "target" },
  { key: "model" },
  { key: "mae", label: "MAE", better: "lower" },
  { key: "rmse", label: "RMSE", better: "lower" },
  { key: "bias", better: "zero" },
  { key: "r2", label: "R²", better: "higher" },
  { key: "mapeNonZero", label: "MAPE>0 %", better: "lower" },
  { key: "nonZeroCustomers", label: "n>0" },
  { key: "trackingMape", label: "tracking %", better: "lower" },
  { key: "aggregateError", label: "aggregate %", better: "zero" },
  { key: "predictedTotal", label: "predicted" },
  { key: "actualTotal", label: "actual" },
  { key: "brier", label: "Brier", better: "lower" },
  { key: "auc", label: "AUC", better: "higher" },
  { key: "logScore", label: "log score", better: "lower" },
  { key: "rps", label: "RPS", better: "lower" },
];

/** Cumulative day offsets of the period ends over a holdout of H days. */
export function periodBoundaries(H: number, periodDays: number): number[] {
  const out: number[] = [];
  for (let b = periodDays; b < H; b += periodDays) out.push(b);
  out.push(H);
  return out;
}

/** Validates options shared with cross-validation. */
export function checkEvaluationOptions(o: { timeUnit?: unknown; periodDays?: unknown; margin?: unknown; discountRate?: unknown; cohortBy?: unknown }): void {
  if (o.timeUnit !== undefined && !(o.timeUnit === "days" || o.timeUnit === "weeks" || o.timeUnit === "months")) throw new Error(`invalid time unit ${JSON.stringify(o.timeUnit)}: use days, weeks or months`);
  if (o.periodDays !== undefined && !(Number.isInteger(o.periodDays) && (o.periodDays as number) >= 1)) throw new Error(`invalid periodDays ${JSON.stringify(o.periodDays)}: use a whole number of days ≥ 1 (7 for weeks)`);
  if (o.margin !== undefined && !((o.margin as number) > 0 && (o.margin as number) <= 1)) throw new Error(`invalid margin ${JSON.stringify(o.margin)}: use a share in (0, 1], e.g. 0.3`);
  if (o.discountRate !== undefined && !((o.discountRate as number) >= 0 && Number.isFinite(o.discountRate))) throw new Error(`invalid discountRate ${JSON.stringify(o.discountRate)}: use a non-negative annual rate, e.g. 0.1`);
  if (o.cohortBy !== undefined && o.cohortBy !== "quarter" && o.cohortBy !== "month") throw new Error(`invalid cohortBy ${JSON.stringify(o.cohortBy)}: use quarter or month`);
}

/** The evaluation's options checked, with their defaults, and its window in day numbers. */
export function holdoutSettings(options: EvaluateHoldoutOptions) {
  checkEvaluationOptions(options);
  // undefined: the comparison's default, settled once the calibration data is known (bg-bb needs discrete periods).
  const models = options.models !== undefined ? checkModels(options.models) : undefined;
  const parse = (name: string, v: string) => {
    try {
      return dayNumber(v);
    } catch {
      throw new Error(`invalid ${name} ${JSON.stringify(v)}: use YYYY-MM-DD`);
    }
  };
  const cal = parse("calibrationEnd", options.calibrationEnd);
  const end = parse("observationEnd", options.observationEnd);
  if (end <= cal) throw new Error(`observationEnd ${options.observationEnd} is not after calibrationEnd ${options.calibrationEnd}: give a later observation end`);
  return { models, cal, end, H: end - cal, timeUnit: options.timeUnit ?? "weeks", periodDays: options.periodDays ?? 7, margin: options.margin ?? 1, discountRate: options.discountRate ?? 0, cohortBy: options.cohortBy ?? "quarter" };
}

/**
 * Temporal holdout evaluation: fits every model on the calibration period only (the log is cut at `calibrationEnd`
 * before any summary or fit, so no holdout row can reach a fit) and scores its forecast of the holdout
 * (calibrationEnd, observationEnd] for purchases (distinct purchase days, the BTYD count) and for value (BTYD ×
 * Gamma-Gamma; the baselines × the customer's or cohort's mean spend; the stacked predictor's own value head), with
 * `margin` and `discountRate` applied to predicted and actual value alike. Scores per customer (MAE, RMSE, bias, R²,
 * MAPE over buyers, Brier and AUC of P(X > 0), log and ranked probability scores of the count) and per period (the
 * tracking error of weekly totals, the aggregate error). Customers first seen after calibration are not scored and
 * their rows are counted in `report`.
 * @see Fader, Hardie & Lee (2005), the calibration/holdout protocol, https://doi.org/10.1287/mksc.1040.0098
 * @example const ev = evaluateHoldout(log, { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", models: ["bg-nbd", "pareto-nbd"] }); console.log(ev.table.text)
 */
export function evaluateHoldout(log: TransactionLog, options: EvaluateHoldoutOptions): HoldoutEvaluation {
  const { cal, end, H, timeUnit, periodDays, margin, discountRate } = holdoutSettings(options);
  // The fits see this cut log only: the structural guarantee that the holdout cannot leak into them.
  const calLog = logUpTo(log, cal);
  if (calLog.length === 0) throw new Error(`no transactions on or before calibrationEnd ${options.calibrationEnd}: choose a later calibration end`);
  const summary = summarizeCustomers(calLog, { timeUnit, observationEnd: isoDate(cal) });
  const boundaries = periodBoundaries(H, periodDays);
  const factor = Float64Array.from(boundaries, (b) => margin * (1 + discountRate) ** (-b / 365.25));
  const actuals = holdoutActuals(log, summary.customerId, cal, boundaries, factor);
  let rowsAfterEnd = 0;
  for (let i = 0; i < log.length; i++) if (log.day[i]! > end) rowsAfterEnd++;
  const firstDays = new Map<string, number>();
  summary.customerId.forEach((id, i) => firstDays.set(id, summary.firstPurchase[i]!));
  const tracking = calibrationTracking(calLog, firstDays, cal, periodDays);
  return evaluateHoldoutData({ calLog, summary, actuals, tracking, rows: { calibrationRows: calLog.length, holdoutRows: countHoldoutRows(log, cal, end), rowsAfterObservationEnd: rowsAfterEnd } }, options);
}

function countHoldoutRows(log: TransactionLog, cal: number, end: number): number {
  let c = 0;
  for (let i = 0; i < log.length; i++) if (log.day[i]! > cal && log.day[i]! <= end) c++;
  return c;
}

/** Table rows, purchases first, then value; the unit of time is stated by the caller. */
export function holdoutRows(results: readonly HoldoutModelResult[]): Record<string, string | number>[] {
  const rows: Record<string, string | number>[] = [];
  for (const target of ["purchases", "value"] as const) {
    for (const r of results) rows.push({ target, model: r.model, ...(r.scores[target] as unknown as Record<string, number>) });
  }
  return rows;
}

