// BG/BB inside the holdout comparison (internal): discrete opportunities of one week or one day.
import type { TimeUnit, TransactionLog } from "../data/types.js";
import { fitBgBb } from "../models/bgBb.js";
import { periodOrdinal, type PeriodKind } from "../summaries/calendarPeriods.js";
import { summarizeDiscrete } from "../summaries/summarizeDiscrete.js";
import type { CustomerSummary } from "../summaries/types.js";
import { isoDate } from "../time/dayNumber.js";

/** Opportunity of BG/BB for a time unit of the comparison, and its length in days. */
const OPPORTUNITY: Partial<Record<TimeUnit, { kind: PeriodKind; days: number }>> = { days: { kind: "day", days: 1 }, weeks: { kind: "week", days: 7 } };

/**
 * Why BG/BB cannot join the comparison on this calibration log, or undefined when it can: the time unit must be days or
 * weeks (fixed-length opportunities, Monday-start weeks), the calibration end must close an opportunity, and the data
 * must be discrete — no customer buys on two days of one opportunity — so that "opportunities with a purchase",
 * BG/BB's count, is the purchase count the other models forecast.
 */
export function bgBbObstacle(calLog: TransactionLog, calEnd: number, timeUnit: TimeUnit): string | undefined {
  const o = OPPORTUNITY[timeUnit];
  if (!o) return `bg-bb needs opportunities of a day or a week, not ${timeUnit}: use --time-unit weeks or days, or leave bg-bb out`;
  if (periodOrdinal(o.kind, calEnd + 1) === periodOrdinal(o.kind, calEnd)) return `bg-bb needs the calibration end to close a ${o.kind} (weeks start on Monday; ${isoDate(calEnd)} does not close one): end it on a Sunday, or leave bg-bb out`;
  const days = new Map<number, number>();
  let repeats = 0;
  for (let i = 0; i < calLog.length; i++) {
    if (!(calLog.amount[i]! >= 0)) continue;
    const key = calLog.customer[i]! * 1e6 + periodOrdinal(o.kind, calLog.day[i]!);
    const d = days.get(key);
    if (d === undefined) days.set(key, calLog.day[i]!);
    else if (d !== calLog.day[i]!) repeats++;
  }
  if (repeats > 0) return `bg-bb needs discrete data (at most one purchase day per customer and ${o.kind}): ${repeats} purchases fall on a second day of a ${o.kind}; use --time-unit days, or leave bg-bb out`;
  return undefined;
}

/**
 * BG/BB fitted on the calibration log's discrete summary (Fader, Hardie & Shang 2010), forecasting each customer's
 * opportunities with a purchase, cumulative at each holdout boundary (days; a partial opportunity counts pro rata),
 * plus P(alive) and the fit.
 * @see https://www.brucehardie.com/papers/020/fader_et_al_mksc_10.pdf
 * @example const f = forecastBgBb(calLog, summary, calEnd, "weeks", [7, 14, 364]);
 */
export function forecastBgBb(calLog: TransactionLog, s: CustomerSummary, calEnd: number, timeUnit: TimeUnit, boundaries: readonly number[]) {
  const why = bgBbObstacle(calLog, calEnd, timeUnit);
  if (why) throw new Error(why);
  const o = OPPORTUNITY[timeUnit]!;
  const d = summarizeDiscrete(calLog, { periods: o.kind, observationEnd: isoDate(calEnd) });
  const model = fitBgBb({ frequency: d.frequency, recency: d.recency, periods: d.periods });
  // Customers first seen in the last opportunity have none observed yet: x = t_x = n = 0.
  const row = new Map<string, number>();
  d.customerId.forEach((id, i) => row.set(id, i));
  const n = s.customerId.length;
  const data = { frequency: new Float64Array(n), recency: new Float64Array(n), periods: new Float64Array(n) };
  s.customerId.forEach((id, i) => {
    const j = row.get(id);
    if (j === undefined) return;
    data.frequency[i] = d.frequency[j]!;
    data.recency[i] = d.recency[j]!;
    data.periods[i] = d.periods[j]!;
  });
  const cumPurchases = boundaries.map((b) => model.conditionalExpectedPurchases(b / o.days, data));
  return { model, cumPurchases, alive: model.probabilityAlive(data) };
}
