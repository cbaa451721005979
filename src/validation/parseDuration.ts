import { dayNumber, isoDate } from "../time/dayNumber.js";

/** A length of time: a whole number of days, or a string "90d", "13w", "3m" (calendar months) or "1y". */
export type Duration = number | string;

/**
 * Adds a duration to a day number: days and weeks exactly, months and years on the calendar (the same day of the
 * month, clamped to the month's last day), so "3m" after 1997-01-31 is 1997-04-30.
 * @see https://en.wikipedia.org/wiki/ISO_8601#Durations (the unit letters, lower case)
 * @example addDuration(dayNumber("1997-01-01"), "3m") === dayNumber("1997-04-01")
 */
export function addDuration(day: number, duration: Duration, name = "duration"): number {
  if (typeof duration === "number") {
    if (!(Number.isInteger(duration) && duration > 0)) throw new Error(`invalid ${name} ${duration}: use a whole number of days > 0, or "90d", "13w", "3m", "1y"`);
    return day + duration;
  }
  const m = /^(\d+)\s*([dwmy])$/.exec(String(duration).trim());
  if (!m || Number(m[1]) <= 0) throw new Error(`invalid ${name} ${JSON.stringify(duration)}: use a count and a unit, e.g. "90d", "13w", "3m" or "1y"`);
  const k = Number(m[1]);
  if (m[2] === "d") return day + k;
  if (m[2] === "w") return day + 7 * k;
  const months = m[2] === "m" ? k : 12 * k;
  const iso = isoDate(day);
  let y = Number(iso.slice(0, 4)), mo = Number(iso.slice(5, 7)) - 1 + months;
  const d = Number(iso.slice(8, 10));
  y += Math.floor(mo / 12);
  mo %= 12;
  const last = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
  return dayNumber(`${y}-${String(mo + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`);
}
