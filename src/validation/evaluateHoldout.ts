import type { TimeUnit, TransactionLog } from "../data/types.js";
import type { TrainClvPipelineOptions } from "../segmentation/predictor/trainClvPipeline.js";
import { summarizeCustomers } from "../summaries/summarizeCustomers.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";
import { bgBbObstacle } from "./bgBbForecast.js";
import { defaultValidationModels } from "./validationModels.js";
import { calibrationTracking } from "./calibrationTracking.js";
import { holdoutActuals } from "./holdoutActuals.js";
import { intervalCoverage } from "./intervalCoverage.js";
import { logUpTo } from "./logUpTo.js";
import { metricsTable, type MetricColumn, type MetricsTableResult } from "./metricsTable.js";
import { checkModels, cohortLabel, forecastModel, type ValidationModelName } from "./modelForecasts.js";
import { scoreForecast, type ForecastScores } from "./scoreForecast.js";

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
  checkEvaluationOptions(options);
  const requested = options.models !== undefined ? checkModels(options.models) : undefined;
  const timeUnit = options.timeUnit ?? "weeks";
  const periodDays = options.periodDays ?? 7;
  const margin = options.margin ?? 1;
  const discountRate = options.discountRate ?? 0;
  const cohortBy = options.cohortBy ?? "quarter";
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
  const H = end - cal;
  // The fits see this cut log only: the structural guarantee that the holdout cannot leak into them.
  const calLog = logUpTo(log, cal);
  if (calLog.length === 0) throw new Error(`no transactions on or before calibrationEnd ${options.calibrationEnd}: choose a later calibration end`);
  const discrete = bgBbObstacle(calLog, cal, timeUnit) === undefined;
  const models = requested ?? defaultValidationModels(discrete);
  const summary = summarizeCustomers(calLog, { timeUnit, observationEnd: isoDate(cal) });
  const n = summary.customerId.length;
  const cohort = Array.from(summary.firstPurchase, (d) => cohortLabel(d, cohortBy));
  const boundaries = periodBoundaries(H, periodDays);
  const factor = Float64Array.from(boundaries, (b) => margin * (1 + discountRate) ** (-b / 365.25));
  const act = holdoutActuals(log, summary.customerId, cal, boundaries, factor);
  let rowsAfterEnd = 0;
  for (let i = 0; i < log.length; i++) if (log.day[i]! > end) rowsAfterEnd++;
  let maxActual = 0;
  for (let i = 0; i < n; i++) if (act.purchases[i]! > maxActual) maxActual = act.purchases[i]!;
  const ctx = { log: calLog, summary, calibrationEnd: isoDate(cal), timeUnit, boundaries, cohort, maxCount: options.countScores === false ? 0 : maxActual + 1, stacked: options.stacked ?? {} };
  const K = boundaries.length;
  const actualPeriodValue = act.periodValue.map((v) => v * margin);
  const warnings: string[] = [];
  const results: HoldoutModelResult[] = [];
  for (const name of models) {
    const f = forecastModel(name, ctx);
    const purchases = f.cumPurchases[K - 1]!;
    const value = new Float64Array(n);
    const periodPurchases = new Float64Array(K), periodValue = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      const cp = f.cumPurchases[k]!, pp = k > 0 ? f.cumPurchases[k - 1]! : undefined;
      const cv = f.cumValue[k]!, pv = k > 0 ? f.cumValue[k - 1]! : undefined;
      let sp = 0, sv = 0;
      for (let i = 0; i < n; i++) {
        const dv = cv[i]! - (pv ? pv[i]! : 0);
        sp += cp[i]! - (pp ? pp[i]! : 0);
        sv += dv;
        value[i]! += dv * factor[k]!;
      }
      periodPurchases[k] = sp;
      periodValue[k] = sv * margin;
    }
    for (let i = 0; i < n; i++) {
      if (!(purchases[i]! >= 0 && Number.isFinite(purchases[i]!)) || !(value[i]! >= 0 && Number.isFinite(value[i]!)))
        throw new Error(`${name} forecast for customer ${summary.customerId[i]} is ${purchases[i]} purchases, ${value[i]} value: forecasts must be finite and non-negative; check the fit`);
    }
    const r: HoldoutModelResult = {
      model: name,
      purchases,
      value,
      periodPurchases,
      periodValue,
      scores: {
        purchases: scoreForecast(purchases, act.purchases, { periodTotals: { predicted: periodPurchases, actual: act.periodPurchases }, ...(f.probabilityAny ? { probabilityAny: f.probabilityAny } : {}), ...(f.distribution ? { distribution: f.distribution } : {}) }),
        value: scoreForecast(value, act.discountedValue, { periodTotals: { predicted: periodValue, actual: actualPeriodValue } }),
      },
    };
    if (f.probabilityAny) r.probabilityAny = f.probabilityAny;
    if (f.fit) {
      r.fit = f.fit;
      if (!f.fit.converged) warnings.push(`${name} did not converge on the calibration period`);
      for (const w of f.fit.warnings) warnings.push(`${name}: ${w}`);
    }
    if (f.segment) r.segment = f.segment;
    if (f.interval95) {
      r.coverage95 = intervalCoverage(f.interval95.lower, f.interval95.upper, act.value).value;
    }
    results.push(r);
  }
  const rows = holdoutRows(results);
  const firstDays = new Map<string, number>();
  summary.customerId.forEach((id, i) => firstDays.set(id, summary.firstPurchase[i]!));
  const track = calibrationTracking(calLog, firstDays, cal, periodDays);
  return {
    calibrationEnd: isoDate(cal),
    observationEnd: isoDate(end),
    holdoutDays: H,
    timeUnit,
    periodDays,
    margin,
    discountRate,
    customerIds: summary.customerId,
    cohort,
    calibrationFrequency: summary.frequency,
    periodEnds: boundaries.map((b) => isoDate(cal + b)),
    actual: { purchases: act.purchases, value: act.discountedValue, periodPurchases: act.periodPurchases, periodValue: actualPeriodValue },
    calibrationTracking: { periodEnds: track.ends.map(isoDate), purchases: track.purchases },
    models: results,
    rows,
    table: metricsTable(rows, { columns: METRIC_COLUMNS, groupBy: ["target"] }),
    report: { calibrationRows: calLog.length, holdoutRowsScored: countHoldoutRows(log, cal, end) - act.rowsOfNewCustomers, rowsOfNewCustomers: act.rowsOfNewCustomers, rowsAfterObservationEnd: rowsAfterEnd, customers: n },
    warnings,
  };
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

