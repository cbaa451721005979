// Calendar periods: kinds, ordinals, first days, labels and parsing, shared by the panel, cohorts and discrete summaries.
import { isoDate } from "../time/dayNumber.js";

/** Calendar period used to bucket purchases: ISO weeks start on Monday; quarters are calendar quarters. */
export type PeriodKind = "day" | "week" | "month" | "quarter" | "year";

export const PERIOD_KINDS: readonly PeriodKind[] = ["day", "week", "month", "quarter", "year"];

/** Ordinal of the period holding `day` (consecutive periods have consecutive ordinals). */
export function periodOrdinal(kind: PeriodKind, day: number): number {
  switch (kind) {
    case "day":
      return day;
    case "week":
      // 1970-01-01 was a Thursday: shifting by 3 puts Mondays at multiples of 7.
      return Math.floor((day + 3) / 7);
    default: {
      const d = new Date(day * 86_400_000);
      const y = d.getUTCFullYear();
      const m = d.getUTCMonth();
      return kind === "month" ? y * 12 + m : kind === "quarter" ? y * 4 + Math.floor(m / 3) : y;
    }
  }
}

/** First day of the period with the given ordinal. */
export function periodStartDay(kind: PeriodKind, ordinal: number): number {
  switch (kind) {
    case "day":
      return ordinal;
    case "week":
      return ordinal * 7 - 3;
    case "month":
      return Date.UTC(Math.floor(ordinal / 12), ((ordinal % 12) + 12) % 12, 1) / 86_400_000;
    case "quarter":
      return Date.UTC(Math.floor(ordinal / 4), (((ordinal % 4) + 4) % 4) * 3, 1) / 86_400_000;
    case "year":
      return Date.UTC(ordinal, 0, 1) / 86_400_000;
  }
}

/** Label of a period: `2024-01-05` (day), `2024-01-01` (week, its Monday), `2024-01`, `2024-Q1`, `2024`. */
export function periodLabel(kind: PeriodKind, ordinal: number): string {
  switch (kind) {
    case "day":
    case "week":
      return isoDate(periodStartDay(kind, ordinal));
    case "month":
      return isoDate(periodStartDay(kind, ordinal)).slice(0, 7);
    case "quarter":
      return `${Math.floor(ordinal / 4)}-Q${(((ordinal % 4) + 4) % 4) + 1}`;
    case "year":
      return String(ordinal);
  }
}

/** Validates a period kind given as text. */
export function parsePeriodKind(value: string): PeriodKind {
  if ((PERIOD_KINDS as readonly string[]).includes(value)) return value as PeriodKind;
  throw new Error(`invalid period "${value}": use day, week, month, quarter or year`);
}
