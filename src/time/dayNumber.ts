import { MS_PER_DAY } from "./timeUnit.js";

/** Calendar days since 1970-01-01 for an ISO date `YYYY-MM-DD` (a civil date, no time zone). */
export function dayNumber(isoDate: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new Error(`invalid date ${JSON.stringify(isoDate)}: expected YYYY-MM-DD`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms).toISOString().slice(0, 10);
  if (back !== isoDate) throw new Error(`invalid date ${JSON.stringify(isoDate)}: no such calendar day`);
  return ms / MS_PER_DAY;
}

/** The ISO date `YYYY-MM-DD` of a day number (days since 1970-01-01). */
export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
