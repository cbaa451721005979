// Time units of summaries, horizons and rates: one type, one table of their lengths, one validator.

/** The unit of recency, T, horizons and rates. */
export type TimeUnit = "days" | "weeks" | "months";

/** Days in each unit; a month is 365.25 / 12 days (the average Gregorian month). */
export const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { days: 1, weeks: 7, months: 365.25 / 12 };

/** Milliseconds in a calendar day (UTC days have no leap seconds in ECMAScript time). */
export const MS_PER_DAY = 86_400_000;

/** The time units, shortest first. */
export const TIME_UNITS: readonly TimeUnit[] = ["days", "weeks", "months"];

/**
 * The one validator of a time unit, for options and data alike.
 * @example parseTimeUnit("weeks") // "weeks"; parseTimeUnit("wk") throws `invalid time unit "wk": use days, weeks or months`
 */
export function parseTimeUnit(value: string | undefined, fallback: TimeUnit = "days"): TimeUnit {
  if (value === undefined) return fallback;
  if (!(TIME_UNITS as readonly string[]).includes(value)) throw new Error(`invalid time unit ${JSON.stringify(value)}: use ${TIME_UNITS.slice(0, -1).join(", ")} or ${TIME_UNITS[TIME_UNITS.length - 1]}`);
  return value as TimeUnit;
}
