// The holdout evaluation from its inputs: the calibration summary, the holdout actuals, the calibration tracking and
// the row counts, however they were computed (from the log in memory, or by an engine in SQL).
import type { TransactionLog } from "../data/types.js";
import type { CustomerSummary } from "../summaries/types.js";
import { isoDate } from "../time/dayNumber.js";
import { holdoutRows, holdoutSettings, METRIC_COLUMNS, periodBoundaries, type EvaluateHoldoutOptions, type HoldoutEvaluation, type HoldoutModelResult } from "./evaluateHoldout.js";
import type { HoldoutActuals } from "./holdoutActuals.js";
import { intervalCoverage } from "./intervalCoverage.js";
import { metricsTable } from "./metricsTable.js";
import { cohortLabel, forecastModel } from "./modelForecasts.js";
import { scoreForecast } from "./scoreForecast.js";
import { bgBbObstacle } from "./bgBbForecast.js";
import { defaultValidationModels } from "./validationModels.js";
import { MODEL_IDS } from "../models/modelIds.js";

/** What a holdout evaluation is computed from. */
export interface HoldoutData {
  /** The calibration log (rows after the calibration end cut), for the stacked predictor; absent on an engine. */
  calLog?: TransactionLog;
  /** Customer summary up to the calibration end, in the evaluation's time unit. */
  summary: CustomerSummary;
  /** Holdout actuals of the summary's customers, periods at the evaluation's boundaries, value discounted by its factors. */
  actuals: HoldoutActuals;
  /** Repeat purchase days per period of the calibration window (period ends as day numbers). */
  tracking: { ends: number[]; purchases: Float64Array };
  /** Rows up to the calibration end, rows in the holdout (any customer), rows after the observation end. */
  rows: { calibrationRows: number; holdoutRows: number; rowsAfterObservationEnd: number };
}

/**
 * The holdout comparison of {@link evaluateHoldout} on prepared inputs: every model fitted on `data.summary` (the
 * stacked predictor on `data.calLog`) and scored against `data.actuals`. Lets an engine supply the summary and the
 * actuals from SQL (`clvlab validate --engine duckdb`).
 * @see Fader, Hardie & Lee (2005), the calibration/holdout protocol, https://doi.org/10.1287/mksc.1040.0098
 * @example const ev = evaluateHoldoutData(await engineHoldoutData(engine, opts), opts);
 */
export function evaluateHoldoutData(data: HoldoutData, options: EvaluateHoldoutOptions): HoldoutEvaluation {
  const { models: requested, cal, end, H, timeUnit, periodDays, margin, discountRate, cohortBy } = holdoutSettings(options);
  const { summary, actuals: act, tracking: track } = data;
  // Without the log (an engine) neither the stacked predictor nor BG/BB's discreteness check can run: the default
  // leaves them out, and asking for them is refused.
  const discrete = data.calLog !== undefined && bgBbObstacle(data.calLog, cal, timeUnit) === undefined;
  const models = requested ?? defaultValidationModels(discrete).filter((m) => data.calLog !== undefined || m !== "stacked");
  for (const m of ["stacked", MODEL_IDS.bgBb] as const)
    if (models.includes(m) && !data.calLog) throw new Error(`${m} needs the calibration log: leave it out of models on an engine, or run in memory`);
  // Only the stacked predictor and BG/BB read the log, and they were refused above when there is none.
  const calLog = data.calLog as TransactionLog;
  const n = summary.customerId.length;
  const cohort = Array.from(summary.firstPurchase, (d) => cohortLabel(d, cohortBy));
  const boundaries = periodBoundaries(H, periodDays);
  const factor = Float64Array.from(boundaries, (b) => margin * (1 + discountRate) ** (-b / 365.25));
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
    report: { calibrationRows: data.rows.calibrationRows, holdoutRowsScored: data.rows.holdoutRows - act.rowsOfNewCustomers, rowsOfNewCustomers: act.rowsOfNewCustomers, rowsAfterObservationEnd: data.rows.rowsAfterObservationEnd, customers: n },
    warnings,
  };
}
