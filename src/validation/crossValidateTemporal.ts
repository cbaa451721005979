import type { TransactionLog } from "../data/types.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";
import { bgBbObstacle } from "./bgBbForecast.js";
import { logUpTo } from "./logUpTo.js";
import { defaultValidationModels } from "./validationModels.js";
import { METRIC_COLUMNS, type EvaluateHoldoutOptions } from "./evaluateHoldout.js";
import { metricsTable, type MetricColumn, type MetricsTableResult } from "./metricsTable.js";
import { addDuration, type Duration } from "./parseDuration.js";
import { defaultFoldThreads, runFolds } from "./runFolds.js";

/** Options of {@link crossValidateTemporal}: the fold layout plus every option of evaluateHoldout but the dates. */
export interface CrossValidateTemporalOptions extends Omit<EvaluateHoldoutOptions, "calibrationEnd" | "observationEnd"> {
  /** Length of the first calibration window, from the first day in the log (or `start`), e.g. "12m". */
  initial: Duration;
  /** How far each later fold moves the calibration end, e.g. "3m". Default: the horizon. */
  step?: Duration;
  /** Length of each fold's holdout, e.g. "3m". */
  horizon: Duration;
  /** Number of folds. Default: as many as fit before the last day in the log. */
  folds?: number;
  /** First day of the first window, ISO. Default the first day in the log. */
  start?: string;
  /** Threads the folds run on (each fold whole on one thread, so the results do not depend on it). Default: one per core, at most 2, from 100,000 transactions. */
  threads?: number;
}

/** One fold of {@link crossValidateTemporal}. */
export interface TemporalFold {
  fold: number;
  calibrationEnd: string;
  observationEnd: string;
  customers: number;
  /** The fold's comparison rows (target, model, metrics), as in evaluateHoldout. */
  rows: Record<string, string | number>[];
  warnings: string[];
}

/** Result of {@link crossValidateTemporal}. */
export interface TemporalCrossValidation {
  folds: TemporalFold[];
  /** Every fold's rows with a `fold` column. */
  foldRows: Record<string, string | number>[];
  /** Per target and model: the mean of each metric over folds, and the coefficient of variation (sd / |mean|) of each as `cv_<metric>`. */
  summaryRows: Record<string, string | number>[];
  foldTable: MetricsTableResult;
  summaryTable: MetricsTableResult;
}

const SIGNED: readonly string[] = ["bias", "aggregateError"];
const METRICS = ["mae", "rmse", "bias", "r2", "mapeNonZero", "trackingMape", "aggregateError", "brier", "auc", "logScore", "rps"] as const;

/** Sample sd / |mean|; NaN with one value or a zero or non-finite mean. */
function coefficientOfVariation(v: readonly number[]): number {
  const mean = v.reduce((a, x) => a + x, 0) / v.length;
  if (v.length < 2 || !Number.isFinite(mean) || mean === 0) return NaN;
  return Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / (v.length - 1)) / Math.abs(mean);
}

/**
 * Expanding-window time-series cross-validation (rolling origin): fold k calibrates on [start, start + initial +
 * (k−1)·step] and scores the next `horizon` with {@link evaluateHoldout} (every model refitted on its calibration
 * window only). Reports each fold's metrics and their stability across folds: the coefficient of variation (sample
 * sd / |mean|) of each metric per model and target, of the absolute value for the signed bias and aggregate error (stable forecasts keep it under 30%). Works with every model of
 * evaluateHoldout, the naive baselines and the stacked predictor.
 * @see Hyndman & Athanasopoulos, Forecasting: Principles and Practice (3rd ed.) §5.10, time series cross-validation, https://otexts.com/fpp3/tscv.html
 * @example const cv = crossValidateTemporal(log, { initial: "12m", step: "3m", horizon: "3m", folds: 3, models: ["bg-nbd", "pareto-nbd"] }); console.log(cv.summaryTable.text)
 */
export function crossValidateTemporal(log: TransactionLog, options: CrossValidateTemporalOptions): TemporalCrossValidation {
  if (log.length === 0) throw new Error("empty log: cross-validation needs transactions");
  let first = Infinity, last = -Infinity;
  for (let i = 0; i < log.length; i++) {
    if (log.day[i]! < first) first = log.day[i]!;
    if (log.day[i]! > last) last = log.day[i]!;
  }
  const start = options.start !== undefined ? dayNumber(options.start) : first;
  if (options.folds !== undefined && !(Number.isInteger(options.folds) && options.folds >= 1)) throw new Error(`invalid folds ${options.folds}: use a whole number ≥ 1`);
  const step = options.step ?? options.horizon;
  // Calibration ends: start + initial − 1 day, then by step; each fold needs its whole horizon inside the log.
  const ends: { cal: number; end: number }[] = [];
  let calEnd = addDuration(start, options.initial, "initial") - 1;
  for (;;) {
    const end = addDuration(calEnd + 1, options.horizon, "horizon") - 1;
    if (end > last || (options.folds !== undefined && ends.length === options.folds)) break;
    ends.push({ cal: calEnd, end });
    calEnd = addDuration(calEnd + 1, step, "step") - 1;
  }
  if (ends.length === 0) throw new Error(`no fold fits: the first window (${isoDate(start)} + ${options.initial}) and one horizon (${options.horizon}) run past the last day in the log, ${isoDate(last)}: shorten initial or horizon`);
  if (options.folds !== undefined && ends.length < options.folds)
    throw new Error(`only ${ends.length} of ${options.folds} folds fit before the last day in the log, ${isoDate(last)}: ask for ${ends.length} folds, or shorten initial, step or horizon`);
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1)) throw new Error(`invalid threads ${options.threads}: use a whole number ≥ 1`);
  const { initial: _i, step: _s, horizon: _h, folds: _f, start: _st, threads, ...evalOptions } = options;
  // One model list for every fold: by default bg-bb joins only when every fold's periods are discrete.
  if (evalOptions.models === undefined) {
    const discrete = ends.every((e) => bgBbObstacle(logUpTo(log, e.cal), e.cal, options.timeUnit ?? "weeks") === undefined);
    evalOptions.models = defaultValidationModels(discrete);
  }
  const folds: TemporalFold[] = runFolds(log, evalOptions, ends.map((e, k) => ({ fold: k + 1, ...e })), threads ?? defaultFoldThreads(log), start);
  const foldRows: Record<string, string | number>[] = folds.flatMap((f) => f.rows.map((r) => ({ fold: f.fold, calibrationEnd: f.calibrationEnd, ...r })));
  const summaryRows: Record<string, string | number>[] = [];
  for (const r0 of folds[0]!.rows) {
    const same = foldRows.filter((r) => r.target === r0.target && r.model === r0.model);
    const row: Record<string, string | number> = { target: r0.target!, model: r0.model!, folds: same.length };
    for (const m of METRICS) {
      const v = same.map((r) => r[m] as number);
      row[m] = v.reduce((a, x) => a + x, 0) / v.length;
      // Signed errors cross zero, where sd / |mean| explodes: their stability is that of their size.
      row[`cv_${m}`] = coefficientOfVariation(SIGNED.includes(m) ? v.map(Math.abs) : v);
    }
    summaryRows.push(row);
  }
  const foldColumns: MetricColumn[] = [{ key: "fold" }, { key: "calibrationEnd", label: "calibration end" }, ...METRIC_COLUMNS];
  const summaryColumns: MetricColumn[] = [
    { key: "target" },
    { key: "model" },
    { key: "folds" },
    ...METRIC_COLUMNS.filter((c) => (METRICS as readonly string[]).includes(c.key)).map((c) => ({ ...c, label: `${c.label ?? c.key} mean` })),
    { key: "cv_mae", label: "CV MAE", better: "lower" },
    { key: "cv_rmse", label: "CV RMSE", better: "lower" },
    { key: "cv_aggregateError", label: "CV |aggregate|", better: "lower" },
  ];
  return {
    folds,
    foldRows,
    summaryRows,
    foldTable: metricsTable(foldRows, { columns: foldColumns, groupBy: ["fold", "target"] }),
    summaryTable: metricsTable(summaryRows, { columns: summaryColumns, groupBy: ["target"] }),
  };
}
