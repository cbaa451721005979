// The inputs of a holdout evaluation computed by a SQL engine: `clvlab validate --engine`.
import { isoDate } from "../time/dayNumber.js";
import { holdoutSettings, periodBoundaries, type EvaluateHoldoutOptions } from "../validation/evaluateHoldout.js";
import type { HoldoutData } from "../validation/evaluateHoldoutData.js";
import type { SqlEngine } from "./sqlEngine.js";

const num = (v: number | string | null | undefined): number => (v === null || v === undefined ? NaN : Number(v));

/**
 * The calibration summary, holdout actuals, calibration tracking and row counts of a holdout evaluation, computed
 * by the engine (the transactions never enter Node; the per-customer summary and the holdout's per-customer-day
 * aggregates do), for `evaluateHoldoutData`. Same definitions as the in-memory path: a holdout purchase is a
 * distinct day with an amount ≥ 0, value is net of returns (money summed in integer cents), customers first seen
 * after the calibration end are counted, not scored. No calibration log: the stacked predictor needs memory.
 * @see Fader, Hardie & Lee (2005), the calibration/holdout protocol, https://doi.org/10.1287/mksc.1040.0098
 * @example
 * const db = await openDuckDb(); await db.attach({ source: "data/cdnow_transactions.csv" });
 * const opts = { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", models: ["bg-nbd"] };
 * const ev = evaluateHoldoutData(await engineHoldoutData(db, opts), opts);
 */
export async function engineHoldoutData(engine: SqlEngine, options: EvaluateHoldoutOptions): Promise<HoldoutData> {
  const { cal, end, H, timeUnit, periodDays, margin, discountRate } = holdoutSettings(options);
  const agg = await engine.holdoutAggregates(cal, end, periodDays);
  if (!(num(agg.counts.calibration_rows) > 0)) throw new Error(`no transactions on or before calibrationEnd ${options.calibrationEnd}: choose a later calibration end`);
  const summary = await engine.summarize({ timeUnit, observationEnd: isoDate(cal) });
  const n = summary.customerId.length;
  const index = new Map<string, number>();
  summary.customerId.forEach((id, i) => index.set(id, i));
  const boundaries = periodBoundaries(H, periodDays);
  const K = boundaries.length;
  const factor = Float64Array.from(boundaries, (b) => margin * (1 + discountRate) ** (-b / 365.25));
  const purchases = new Float64Array(n), value = new Float64Array(n), discountedValue = new Float64Array(n);
  const periodPurchases = new Float64Array(K), periodValue = new Float64Array(K);
  let rowsOfNewCustomers = 0;
  const { days } = agg;
  for (let r = 0; r < days.cust!.length; r++) {
    const j = index.get(String(days.cust![r]));
    if (j === undefined) {
      rowsOfNewCustomers += num(days.n![r]);
      continue;
    }
    const offset = num(days.dnum![r]) - cal;
    let k = 0;
    while (offset > boundaries[k]!) k++;
    const a = num(days.cents![r]) / 100;
    value[j]! += a;
    discountedValue[j]! += a * factor[k]!;
    periodValue[k]! += a;
    if (num(days.purchase![r]) > 0) {
      purchases[j]!++;
      periodPurchases[k]!++;
    }
  }
  // Calibration tracking: periods of periodDays ending at cal, back to the first calibration day.
  const first = num(agg.counts.first_day);
  const P = Math.max(1, Math.ceil((cal - first + 1) / periodDays));
  const tracked = new Float64Array(P);
  for (let r = 0; r < agg.tracking.back!.length; r++) tracked[P - 1 - num(agg.tracking.back![r])] = num(agg.tracking.n![r]);
  return {
    summary,
    actuals: { purchases, value, periodPurchases, periodValue, discountedValue, rowsOfNewCustomers },
    tracking: { ends: Array.from({ length: P }, (_, j) => cal - (P - 1 - j) * periodDays), purchases: tracked },
    rows: { calibrationRows: num(agg.counts.calibration_rows), holdoutRows: num(agg.counts.holdout_rows), rowsAfterObservationEnd: num(agg.counts.after_rows) },
  };
}
