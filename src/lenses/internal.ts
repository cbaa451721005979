// Helpers shared by the five lenses (internal, not re-exported).
import { isoDate } from "../time/dayNumber.js";
import { assignCohorts, type Cohorts } from "../summaries/cohorts.js";
import { NO_DAY, type PeriodKind, type PeriodPanel } from "../summaries/periodPanel.js";
import type { WindowInfo } from "./types.js";
import { lowerBound, upperBound } from "../numeric/sortedSearch.js";

/** Periods in the default analysis window: one year. */
export const YEAR_OF_PERIODS: Readonly<Record<PeriodKind, number>> = { day: 365, week: 52, month: 12, quarter: 4, year: 1 };

/** a / b, or null when b is 0 (a ratio that does not exist is not 0). */
export function div(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

/** Cents to currency units (exact to the cent as a decimal). */
export function money(cents: number): number {
  return Math.round(cents) / 100;
}

/** Index of the last complete period (-1 if none). */
export function lastCompletePeriod(panel: PeriodPanel): number {
  for (let k = panel.periodLabels.length - 1; k >= 0; k--) if (panel.periodComplete[k]) return k;
  return -1;
}

/** Index of a period label, with a clear error. */
export function periodIndexOf(panel: PeriodPanel, label: string, what: string): number {
  const k = panel.periodLabels.indexOf(label);
  if (k < 0)
    throw new Error(
      `unknown ${what} period "${label}": the panel has ${panel.period} periods ${panel.periodLabels[0]} .. ${panel.periodLabels[panel.periodLabels.length - 1]}`,
    );
  return k;
}

export function windowInfo(panel: PeriodPanel, from: number, to: number): WindowInfo {
  return {
    from: panel.periodLabels[from]!,
    to: panel.periodLabels[to]!,
    startDate: isoDate(panel.periodStart[from]!),
    endDate: isoDate(Math.min(panel.periodEnd[to]!, dayOf(panel.observationEnd))),
    periods: to - from + 1,
    complete: panel.periodComplete[to] === 1,
  };
}

export function dayOf(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
}

/**
 * The default window: the last `length` complete periods (a year by default), clipped to the data.
 * `from`/`to` labels override either end.
 */
export function resolveWindow(panel: PeriodPanel, opts: { from?: string; to?: string; length?: number }): [number, number] {
  const last = lastCompletePeriod(panel);
  const to = opts.to !== undefined ? periodIndexOf(panel, opts.to, "window end") : last >= 0 ? last : panel.periodLabels.length - 1;
  const len = opts.length ?? YEAR_OF_PERIODS[panel.period];
  const from = opts.from !== undefined ? periodIndexOf(panel, opts.from, "window start") : Math.max(0, to - len + 1);
  if (from > to) throw new Error(`window starts at ${panel.periodLabels[from]} after it ends at ${panel.periodLabels[to]}: swap from and to`);
  return [from, to];
}

/** Per-customer totals over periods [from, to]. */
export interface CustomerWindow {
  orders: Int32Array;
  cents: Float64Array;
  marginCents?: Float64Array;
  lastPurchaseDay: Int32Array;
  /** 1 when the customer has any row in the window (orders or returns). */
  hasRow: Uint8Array;
}

export function aggregateWindow(panel: PeriodPanel, from: number, to: number): CustomerWindow {
  const n = panel.customerIds.length;
  const orders = new Int32Array(n);
  const cents = new Float64Array(n);
  const lastPurchaseDay = new Int32Array(n).fill(NO_DAY);
  const hasRow = new Uint8Array(n);
  const mc = panel.marginCents;
  const marginCents = mc ? new Float64Array(n) : undefined;
  const { customer, periodIndex, orders: o, spendCents, lastPurchaseDay: last } = panel;
  for (let r = 0; r < customer.length; r++) {
    const p = periodIndex[r]!;
    if (p < from || p > to) continue;
    const c = customer[r]!;
    hasRow[c] = 1;
    orders[c]! += o[r]!;
    cents[c]! += spendCents[r]!;
    if (marginCents) marginCents[c]! += mc![r]!;
    if (last[r]! > lastPurchaseDay[c]!) lastPurchaseDay[c] = last[r]!;
  }
  return { orders, cents, lastPurchaseDay, hasRow, ...(marginCents ? { marginCents } : {}) };
}

/** Customers with orders in a window, in customer order, with their values and the values sorted ascending. */
export interface ActiveValues {
  /** Customer index of each active customer. */
  active: Int32Array;
  /** Net revenue in cents of each active customer, same order as `active`. */
  value: Float64Array;
  /** `value` sorted ascending. */
  ascending: Float64Array;
  /** Sum of `value` in customer order. */
  totalCents: number;
}

/** The active customers (orders > 0) of a window and their values (the base of the concentration measures of lenses 1 and 5). */
export function activeValues(w: CustomerWindow): ActiveValues {
  let n = 0;
  for (let c = 0; c < w.orders.length; c++) if (w.orders[c]! > 0) n++;
  const active = new Int32Array(n);
  const value = new Float64Array(n);
  let totalCents = 0;
  for (let c = 0, j = 0; c < w.orders.length; c++)
    if (w.orders[c]! > 0) {
      active[j] = c;
      value[j++] = w.cents[c]!;
      totalCents += w.cents[c]!;
    }
  return { active, value, ascending: value.slice().sort(), totalCents };
}

/**
 * Revenue concentration: the top ceil(fraction × n) of n customers and their revenue in cents, from values sorted
 * ascending (Fader, Hardie & Ross 2022, Lens 1: "the top x% of customers account for y% of revenue").
 */
export function topCustomers(ascending: Float64Array, fraction: number): { customers: number; cents: number } {
  const n = ascending.length;
  const k = Math.min(n, Math.ceil(fraction * n - 1e-9));
  let cents = 0;
  for (let i = n - k; i < n; i++) cents += ascending[i]!;
  return { customers: k, cents };
}

/** Quantile of an ascending-sorted array (linear interpolation between order statistics, type 7 as in R); null when empty. */
export { interpolatedQuantile as quantileSorted } from "../numeric/quantiles.js";

/** The default cohorts of a lens: acquisition cohorts by the panel's own period. */
export function defaultCohorts(panel: PeriodPanel, cohorts: Cohorts | undefined): Cohorts {
  return cohorts ?? assignCohorts(panel, { by: panel.period });
}

/** Checks that cohorts were built on this panel. */
export function checkCohorts(panel: PeriodPanel, cohorts: Cohorts): void {
  if (cohorts.cohort.length !== panel.customerIds.length)
    throw new Error(`cohorts cover ${cohorts.cohort.length} customers but the panel has ${panel.customerIds.length}: build them with assignCohorts(panel, ...)`);
}

/** Period index holding `day` (binary search over period starts), -1 if before the first. */
export function periodOfDay(panel: PeriodPanel, day: number): number {
  return upperBound(panel.periodStart, day) - 1;
}

/**
 * The quintile score of `quintileScores` (1 + floor(5 × values strictly worse / n)) of one value, from all the values
 * sorted ascending: two binary searches' worth of work instead of a comparator sort of indices per column.
 */
export function quintileScoreSorted(ascending: Float64Array, v: number, higherIsBetter: boolean): number {
  const n = ascending.length;
  const worse = higherIsBetter ? lowerBound(ascending, v) : n - upperBound(ascending, v);
  return 1 + Math.floor((5 * worse) / n);
}

/**
 * The scores of {@link quintileScoreSorted} for every integer between the smallest and largest of `ascending`
 * (all integers, at most `4 n + 1024` apart; undefined otherwise), so small-integer columns (days, order counts) are
 * scored by one table lookup per customer. Read the score of `v` at `table[v - offset]`.
 */
export function quintileScoreTable(ascending: Float64Array, higherIsBetter: boolean): { table: Uint8Array; offset: number } | undefined {
  const n = ascending.length;
  if (n === 0) return undefined;
  const lo = ascending[0]!, hi = ascending[n - 1]!;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi - lo > 4 * n + 1024) return undefined;
  for (let i = 0; i < n; i++) if (!Number.isInteger(ascending[i]!)) return undefined;
  const table = new Uint8Array(hi - lo + 1);
  for (let k = 0; k < n; ) {
    let j = k;
    while (j + 1 < n && ascending[j + 1] === ascending[k]) j++;
    table[ascending[k]! - lo] = 1 + Math.floor((5 * (higherIsBetter ? k : n - 1 - j)) / n);
    k = j + 1;
  }
  return { table, offset: lo };
}

/**
 * `values` sorted ascending as a Float64Array: a counting sort when they span at most `4 n + 1024` integers (days,
 * order counts), a typed-array sort otherwise.
 */
export function sortedSmallIntegers(values: Int32Array): Float64Array {
  const n = values.length;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (values[i]! < lo) lo = values[i]!;
    if (values[i]! > hi) hi = values[i]!;
  }
  if (n === 0 || hi - lo > 4 * n + 1024) return Float64Array.from(values.slice().sort());
  const count = new Int32Array(hi - lo + 1);
  for (let i = 0; i < n; i++) count[values[i]! - lo]!++;
  const out = new Float64Array(n);
  for (let v = 0, j = 0; v < count.length; v++) out.fill(v + lo, j, (j += count[v]!));
  return out;
}
