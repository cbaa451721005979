import { parseTimeUnit } from "../../time/timeUnit.js";
import * as Plot from "@observablehq/plot";
import { DAYS_PER_UNIT, type TimeUnit, type TransactionLog } from "../../data/types.js";
import { dayNumber, isoDate } from "../../time/dayNumber.js";
import { renderPlot } from "../renderPlot.js";
import type { PurchaseModelForCharts } from "./types.js";

/** Options of {@link plotTracking}. */
export interface TrackingOptions {
  /** Unit the model was fitted in (its rates are per this unit). */
  timeUnit: TimeUnit;
  /** Last day of calibration (ISO), drawn as a vertical rule; customers first buying after it are left out. */
  calibrationEnd: string;
  /** Last day tracked (ISO); default the last day in the log. */
  end?: string;
  /** "cumulative" (default) or "incremental" (per week). */
  kind?: "cumulative" | "incremental";
  title?: string;
}

/**
 * Tracking plot: actual repeat transactions per week (cumulative or incremental) vs the model's
 * Σ_i E[X(t − t0_i)] over customers acquired by the calibration end (Fader, Hardie & Lee 2005, figs. 3-4).
 * Purchases on the same day count once, as in the summaries. Returns an SVG string.
 * @see https://brucehardie.com/papers/018/fader_et_al_mksc_05.pdf
 * @example html = plotTracking(model, log, { timeUnit: "weeks", calibrationEnd: "1997-09-30", kind: "incremental" })
 */
export function plotTracking(model: PurchaseModelForCharts, log: TransactionLog, options: TrackingOptions): string {
  const rows = trackingData(model, log, options);
  const cumulative = (options.kind ?? "cumulative") === "cumulative";
  const long = rows.flatMap((r) => [
    { date: new Date(r.weekEnd * 86_400_000), source: "actual", value: cumulative ? r.actualCumulative : r.actual },
    { date: new Date(r.weekEnd * 86_400_000), source: "model", value: cumulative ? r.modelCumulative : r.model },
  ]);
  return renderPlot({
    title: options.title ?? `${cumulative ? "Cumulative" : "Weekly"} repeat transactions: actual vs ${model.model}`,
    x: { label: "week ending", type: "utc" },
    y: { label: cumulative ? "cumulative repeat transactions" : "repeat transactions per week", grid: true },
    color: { legend: true, domain: ["actual", "model"], range: ["#4c78a8", "#f58518"] },
    marks: [
      Plot.line(long.filter((d) => d.source === "actual"), { x: "date", y: "value", stroke: "source" }),
      Plot.line(long.filter((d) => d.source === "model"), { x: "date", y: "value", stroke: "source", strokeDasharray: "4,3" }),
      Plot.ruleX([new Date(dayNumber(options.calibrationEnd) * 86_400_000)], { stroke: "#888", strokeDasharray: "2,2" }),
    ],
  });
}

/** Weekly rows: week end (day number), actual and model repeat transactions (per week and cumulative). */
export function trackingData(model: PurchaseModelForCharts, log: TransactionLog, options: TrackingOptions): { weekEnd: number; actual: number; model: number; actualCumulative: number; modelCumulative: number }[] {
  const cal = dayNumber(options.calibrationEnd);
  const unitDays = DAYS_PER_UNIT[parseTimeUnit(options.timeUnit)];
  let maxDay = -Infinity;
  for (let i = 0; i < log.length; i++) if (log.amount[i]! >= 0) maxDay = Math.max(maxDay, log.day[i]!);
  const end = options.end ? dayNumber(options.end) : maxDay;
  // Distinct purchase days per customer (returns are not purchases).
  const days: number[][] = log.customerIds.map(() => []);
  for (let i = 0; i < log.length; i++) if (log.amount[i]! >= 0) days[log.customer[i]!]!.push(log.day[i]!);
  const first: number[] = [];
  let start = Infinity;
  const repeatDays: number[] = [];
  for (const d of days) {
    if (d.length === 0) continue;
    const u = [...new Set(d)].sort((a, b) => a - b);
    if (u[0]! > cal) continue;
    first.push(u[0]!);
    start = Math.min(start, u[0]!);
    for (let k = 1; k < u.length; k++) if (u[k]! <= end) repeatDays.push(u[k]!);
  }
  if (first.length === 0) throw new Error(`no customer with a first purchase on or before ${options.calibrationEnd} (${isoDate(cal)})`);
  // Customers grouped by acquisition day: E[X] is evaluated once per (day, week).
  const cohorts = new Map<number, number>();
  for (const f of first) cohorts.set(f, (cohorts.get(f) ?? 0) + 1);
  const weeks = Math.ceil((end - start + 1) / 7);
  const actual = new Float64Array(weeks);
  for (const d of repeatDays) actual[Math.min(weeks - 1, Math.floor((d - start) / 7))]++;
  const out = [];
  let cumA = 0, prevM = 0;
  for (let w = 0; w < weeks; w++) {
    const weekEnd = start + 7 * (w + 1) - 1;
    let m = 0;
    // BTYD convention: time is measured from the first purchase day, so by the end of the week t = weekEnd − first.
    for (const [f, c] of cohorts) if (weekEnd > f) m += c * model.expectedPurchases((weekEnd - f) / unitDays);
    cumA += actual[w]!;
    out.push({ weekEnd, actual: actual[w]!, model: m - prevM, actualCumulative: cumA, modelCumulative: m });
    prevM = m;
  }
  return out;
}
