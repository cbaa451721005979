// The periods covered by the panel's window and the period of every day in it.
import { periodLabel, periodOrdinal, periodStartDay, type PeriodKind } from "./calendarPeriods.js";

/** Periods of the window with their labels, first and last days and completeness, and the period of every day. */
export interface PeriodTable {
  labels: string[];
  start: Int32Array;
  end: Int32Array;
  complete: Uint8Array;
  /** Period index of day `startDay + i` at `i`. */
  dayToPeriod: Int32Array;
}

/** Period table: ordinals of every day in the window, looked up per row. */
export function periodTable(kind: PeriodKind, startDay: number, endDay: number, userStart: number | undefined): PeriodTable {
  const firstOrd = periodOrdinal(kind, startDay);
  const lastOrd = periodOrdinal(kind, endDay);
  const nPeriods = lastOrd - firstOrd + 1;
  const labels: string[] = new Array(nPeriods);
  const start = new Int32Array(nPeriods);
  const end = new Int32Array(nPeriods);
  const complete = new Uint8Array(nPeriods);
  for (let k = 0; k < nPeriods; k++) {
    labels[k] = periodLabel(kind, firstOrd + k);
    start[k] = periodStartDay(kind, firstOrd + k);
    end[k] = periodStartDay(kind, firstOrd + k + 1) - 1;
    // The data's own first day does not truncate a period (nothing happened before it); a user start does.
    complete[k] = end[k]! <= endDay && (userStart === undefined || start[k]! >= userStart) ? 1 : 0;
  }
  const dayToPeriod = new Int32Array(endDay - startDay + 1);
  for (let k = 0, d = startDay; d <= endDay; d++) {
    while (d > end[k]!) k++;
    dayToPeriod[d - startDay] = k;
  }
  return { labels, start, end, complete, dayToPeriod };
}
