// The period panel's options and result shape, apart from the code that builds it, so the builder's files can name them without a cycle.
import type { PeriodKind } from "./calendarPeriods.js";

/** Sentinel for "no such day" in day-number columns (day numbers may be negative before 1970). */
export const NO_DAY = -2147483648;

/** Options of {@link periodPanel}. */
export interface PeriodPanelOptions {
  /** Period length. Default `"month"`. */
  period?: PeriodKind;
  /** Last day observed, ISO `YYYY-MM-DD`, inclusive. Rows after it are excluded (and counted). Default: the last day in the log. */
  observationEnd?: string;
  /** First day observed, ISO, inclusive. Rows before it are excluded (and counted). Default: the first day in the log. */
  observationStart?: string;
}

/**
 * One row per customer and period with activity, sorted by customer then period (columnar typed arrays).
 * Money is kept in integer cents (`spendCents`, `marginCents`, exact in a Float64Array up to 2^53) so that sums
 * reconcile to the cent; `spend` and `margin` are the same values in currency units.
 */
export interface PeriodPanel {
  readonly period: PeriodKind;
  readonly timeZone: string;
  /** Observation window, ISO dates, inclusive. */
  readonly observationStart: string;
  readonly observationEnd: string;
  /** Customer ids, same indices as the log's `customerIds`. */
  readonly customerIds: readonly string[];
  /** Periods from the one holding `observationStart` to the one holding `observationEnd`, none skipped. */
  readonly periodLabels: readonly string[];
  /** First and last day (day numbers, inclusive) of each period. */
  readonly periodStart: Int32Array;
  readonly periodEnd: Int32Array;
  /** 1 when the whole period is observed: it ends on or before the observation end (and starts on or after a given observation start). */
  readonly periodComplete: Uint8Array;
  /** Rows: customer index, period index, distinct orders, net spend, margin. */
  readonly customer: Int32Array;
  readonly periodIndex: Int32Array;
  /** Distinct orders (order ids when the log has them, else purchase days). Returns are not orders. */
  readonly orders: Int32Array;
  /** Net spend (returns subtract), currency units and integer cents. */
  readonly spend: Float64Array;
  readonly spendCents: Float64Array;
  /** Margin = amount - cost, present when the log has costs. */
  readonly margin?: Float64Array;
  readonly marginCents?: Float64Array;
  /** Last purchase day within the row's period (`NO_DAY` when the row holds returns only). */
  readonly lastPurchaseDay: Int32Array;
  /** Row range of each customer: rows `customerOffset[c]` .. `customerOffset[c + 1] - 1`. */
  readonly customerOffset: Int32Array;
  /** Per customer: first purchase day (acquisition), second purchase day (`NO_DAY` if none), acquisition period index (-1 if no row). */
  readonly firstPurchaseDay: Int32Array;
  readonly secondPurchaseDay: Int32Array;
  readonly acquisitionPeriod: Int32Array;
  /** Log row of each customer's first purchase (-1 if none), for attribute cohorts. */
  readonly firstPurchaseRow: Int32Array;
  /** Accounting of the input rows: every row is in exactly one of these. */
  readonly rows: {
    readonly used: number;
    readonly beforeObservationStart: number;
    readonly afterObservationEnd: number;
  };
  /** Customers with rows in the window, and those of them whose rows are all returns (acquired at their first row). */
  readonly customersObserved: number;
  readonly customersWithoutPurchase: number;
  readonly totalSpendCents: number;
  readonly totalMarginCents?: number;
}
