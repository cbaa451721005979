import type { TransactionLog } from "../data/types.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";
import { checkSpendFinite } from "./spendOverflow.js";

/** Calendar period used to bucket purchases: ISO weeks start on Monday; quarters are calendar quarters. */
export type PeriodKind = "day" | "week" | "month" | "quarter" | "year";

export const PERIOD_KINDS: readonly PeriodKind[] = ["day", "week", "month", "quarter", "year"];

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

/** Rounds an amount to integer cents, half away from zero (so returns mirror purchases). */
export function toCents(amount: number): number {
  return amount < 0 ? -Math.round(-amount * 100) : Math.round(amount * 100);
}

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

/**
 * Builds the period panel of a transaction log: one row per customer and period in which the customer has
 * any transaction, with distinct orders, net spend and margin; the input of the Five Lenses
 * (Fader, Hardie & Ross, *The Customer-Base Audit*, 2022: every lens starts from customer-by-period purchase summaries). Orders are distinct order ids when the log has them, else distinct purchase days;
 * negative amounts are returns (they reduce spend and are not orders); zero amounts are orders of value 0.
 * A customer's acquisition is the first purchase in the window.
 * @see https://wharton.upenn.edu/the-customer-base-audit/
 * @example
 * const panel = periodPanel(log, { period: "quarter", observationEnd: "2024-12-31" });
 * panel.periodLabels; // ["2023-Q1", ...]
 */
export function periodPanel(log: TransactionLog, options: PeriodPanelOptions = {}): PeriodPanel {
  const kind = options.period ?? "month";
  parsePeriodKind(kind);
  const { userStart, userEnd } = resolveWindow(options);
  const win = filterWindow(log, userStart, userEnd);
  if (win.used === 0) throw new Error(`no transactions in the observation window${userEnd !== undefined ? ` ending ${options.observationEnd}` : ""}: check observationStart/observationEnd and the input`);
  const startDay = userStart ?? win.minDay;
  const endDay = userEnd ?? win.maxDay;
  const periods = periodTable(kind, startDay, endDay, userStart);
  const perm = sortRowsByCustomer(log.customer, win.keep, win.count, win.used);
  const rows = buildRows(log, win, perm, periods, startDay);
  return {
    period: kind,
    timeZone: log.timeZone,
    observationStart: isoDate(startDay),
    observationEnd: isoDate(endDay),
    customerIds: log.customerIds,
    periodLabels: periods.labels,
    periodStart: periods.start,
    periodEnd: periods.end,
    periodComplete: periods.complete,
    customer: rows.customer,
    periodIndex: rows.periodIndex,
    orders: rows.orders,
    spend: rows.spend,
    spendCents: rows.spendCents,
    ...(rows.margin && rows.marginCents ? { margin: rows.margin, marginCents: rows.marginCents, totalMarginCents: rows.totalMarginCents } : {}),
    lastPurchaseDay: rows.lastPurchaseDay,
    customerOffset: rows.customerOffset,
    firstPurchaseDay: rows.firstPurchaseDay,
    secondPurchaseDay: rows.secondPurchaseDay,
    acquisitionPeriod: rows.acquisitionPeriod,
    firstPurchaseRow: rows.firstPurchaseRow,
    rows: { used: win.used, beforeObservationStart: win.before, afterObservationEnd: win.after },
    customersObserved: rows.customersObserved,
    customersWithoutPurchase: rows.customersWithoutPurchase,
    totalSpendCents: rows.totalSpendCents,
  };
}

/** The user's observation window as day numbers (undefined where not given), checked for order. */
function resolveWindow(options: PeriodPanelOptions): { userStart: number | undefined; userEnd: number | undefined } {
  const userEnd = options.observationEnd === undefined ? undefined : parseIso(options.observationEnd, "observationEnd");
  const userStart = options.observationStart === undefined ? undefined : parseIso(options.observationStart, "observationStart");
  if (userEnd !== undefined && userStart !== undefined && userStart > userEnd)
    throw new Error(`observationStart ${options.observationStart} is after observationEnd ${options.observationEnd}: swap them`);
  return { userStart, userEnd };
}

/** Rows inside the window (`keep`), their day range, the rows excluded on each side, and rows per customer at `count[c + 1]`. */
interface WindowFilter {
  keep: Uint8Array;
  count: Int32Array;
  before: number;
  after: number;
  used: number;
  minDay: number;
  maxDay: number;
}

/** Pass 1: window filter, day range, counts per customer (for a counting sort by customer). */
function filterWindow(log: TransactionLog, userStart: number | undefined, userEnd: number | undefined): WindowFilter {
  const n = log.length;
  const nCust = log.customerIds.length;
  const { day, customer } = log;
  let minDay = Infinity;
  let maxDay = -Infinity;
  let before = 0;
  let after = 0;
  const keep = new Uint8Array(n);
  const count = new Int32Array(nCust + 1);
  for (let i = 0; i < n; i++) {
    const d = day[i]!;
    if (userStart !== undefined && d < userStart) {
      before++;
      continue;
    }
    if (userEnd !== undefined && d > userEnd) {
      after++;
      continue;
    }
    const c = customer[i]!;
    if (c < 0 || c >= nCust) throw new Error(`row ${i}: customer code ${c} is outside customerIds (0..${nCust - 1}): rebuild the log`);
    keep[i] = 1;
    count[c + 1]!++;
    if (d < minDay) minDay = d;
    if (d > maxDay) maxDay = d;
  }
  return { keep, count, before, after, used: n - before - after, minDay, maxDay };
}

/** Periods of the window with their labels, first and last days and completeness, and the period of every day. */
interface PeriodTable {
  labels: string[];
  start: Int32Array;
  end: Int32Array;
  complete: Uint8Array;
  /** Period index of day `startDay + i` at `i`. */
  dayToPeriod: Int32Array;
}

/** Period table: ordinals of every day in the window, looked up per row. */
function periodTable(kind: PeriodKind, startDay: number, endDay: number, userStart: number | undefined): PeriodTable {
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

/**
 * Counting sort of the kept row indices by customer (stable: log order kept within a customer). Turns `count` into
 * offsets in place: customer c's rows are `perm[count[c]] .. perm[count[c + 1] - 1]`.
 */
function sortRowsByCustomer(customer: Int32Array, keep: Uint8Array, count: Int32Array, used: number): Int32Array {
  for (let c = 0; c + 1 < count.length; c++) count[c + 1]! += count[c]!;
  const rowStart = count.slice();
  const perm = new Int32Array(used);
  for (let i = 0; i < keep.length; i++) if (keep[i]) perm[rowStart[customer[i]!]!++] = i;
  return perm;
}

/** Order ids of the kept rows as integer codes (-1: no id, the purchase day stands for the order), so "seen" checks are array lookups. */
function orderCodes(log: TransactionLog, keep: Uint8Array): { orderCode: Int32Array | undefined; nOrders: number } {
  if (!log.orderId) return { orderCode: undefined, nOrders: 0 };
  const n = log.length;
  const orderCode = new Int32Array(n);
  const codes = new Map<string, number>();
  const ids = log.orderId;
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    const id = ids[i]!;
    if (id === "") {
      orderCode[i] = -1; // no id on this row: its purchase day stands for the order
      continue;
    }
    let code = codes.get(id);
    if (code === undefined) codes.set(id, (code = codes.size));
    orderCode[i] = code;
  }
  return { orderCode, nOrders: codes.size };
}

/** Growable typed-array columns of the panel's rows. */
class PanelRowBuffer {
  private cap: number;
  m = 0;
  cust: Int32Array;
  per: Int32Array;
  ord: Int32Array;
  cents: Float64Array;
  margin: Float64Array;
  last: Int32Array;

  constructor(
    used: number,
    private readonly hasCost: boolean,
  ) {
    this.cap = Math.max(16, Math.min(used, 1 << 20));
    this.cust = new Int32Array(this.cap);
    this.per = new Int32Array(this.cap);
    this.ord = new Int32Array(this.cap);
    this.cents = new Float64Array(this.cap);
    this.margin = hasCost ? new Float64Array(this.cap) : new Float64Array(0);
    this.last = new Int32Array(this.cap);
  }

  push(c: number, k: number, orders: number, cents: number, margin: number, last: number): void {
    if (this.m === this.cap) this.grow();
    const m = this.m++;
    this.cust[m] = c;
    this.per[m] = k;
    this.ord[m] = orders;
    this.cents[m] = cents;
    if (this.hasCost) this.margin[m] = margin;
    this.last[m] = last;
  }

  private grow(): void {
    const cap = (this.cap *= 2);
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    const g64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.cust = g32(this.cust);
    this.per = g32(this.per);
    this.ord = g32(this.ord);
    this.last = g32(this.last);
    this.cents = g64(this.cents);
    if (this.hasCost) this.margin = g64(this.margin);
  }
}

/** The panel's rows, per-customer acquisition columns and totals. */
type PanelRows = Omit<PeriodPanel, "period" | "timeZone" | "observationStart" | "observationEnd" | "customerIds" | "periodLabels" | "periodStart" | "periodEnd" | "periodComplete" | "rows">;

/** One customer's sums per period while its rows are scanned; only the periods it touched are read back and reset. */
class PeriodCells {
  readonly orders: Int32Array;
  readonly cents: Float64Array;
  readonly margin: Float64Array;
  readonly last: Int32Array;
  private readonly isTouched: Uint8Array;
  private readonly touched: number[] = [];

  constructor(nPeriods: number) {
    this.orders = new Int32Array(nPeriods);
    this.cents = new Float64Array(nPeriods);
    this.margin = new Float64Array(nPeriods);
    this.last = new Int32Array(nPeriods).fill(NO_DAY);
    this.isTouched = new Uint8Array(nPeriods);
  }

  touch(k: number): void {
    if (!this.isTouched[k]) {
      this.isTouched[k] = 1;
      this.touched.push(k);
    }
  }

  /** Emits one panel row per touched period, in period order, adds them to `totals`, and clears the cells. */
  flush(c: number, customerId: string, out: PanelRowBuffer, totals: { cents: number; margin: number }, hasCost: boolean): void {
    this.touched.sort((x, y) => x - y);
    for (const k of this.touched) {
      checkSpendFinite(this.cents[k]! + this.margin[k]!, customerId);
      out.push(c, k, this.orders[k]!, this.cents[k]!, this.margin[k]!, this.last[k]!);
      totals.cents += this.cents[k]!;
      if (hasCost) totals.margin += this.margin[k]!;
      this.orders[k] = 0;
      this.cents[k] = 0;
      this.margin[k] = 0;
      this.last[k] = NO_DAY;
      this.isTouched[k] = 0;
    }
    this.touched.length = 0;
  }
}

/** What pass 2 reads for every row, and the "seen" marks that count distinct orders. */
interface RowScan {
  log: TransactionLog;
  perm: Int32Array;
  dayToPeriod: Int32Array;
  startDay: number;
  orderCode: Int32Array | undefined;
  /** Last customer that had each order code, and each purchase day (offset from startDay). */
  seenOrder: Int32Array;
  seenDay: Int32Array;
  cells: PeriodCells;
}

/** A customer's first and second purchase days, its first purchase row, and its first day of any row (Infinity / -1: none). */
interface CustomerDays {
  first: number;
  second: number;
  firstRow: number;
  firstAnyDay: number;
}

/** Sums customer c's rows `perm[lo..hi)` into period cells: net cents, margin, distinct orders, last purchase day. */
function scanCustomer(scan: RowScan, c: number, lo: number, hi: number): CustomerDays {
  const { log, perm, dayToPeriod, startDay, orderCode, seenOrder, seenDay, cells } = scan;
  const { day, amount, cost } = log;
  let first = Infinity;
  let second = Infinity;
  let firstRow = -1;
  let firstRowDay = Infinity;
  let firstAnyDay = Infinity;
  for (let j = lo; j < hi; j++) {
    const i = perm[j]!;
    const d = day[i]!;
    const k = dayToPeriod[d - startDay]!;
    cells.touch(k);
    const a = amount[i]!;
    const cents = toCents(a);
    cells.cents[k]! += cents;
    if (cost !== undefined) cells.margin[k]! += cents - toCents(cost[i]!);
    if (d < firstAnyDay) firstAnyDay = d;
    if (a < 0) continue; // a return: reduces spend, is not an order
    if (d > cells.last[k]!) cells.last[k] = d;
    if (d < firstRowDay) {
      firstRowDay = d; // rows are in log order within a customer, so ties keep the earliest row
      firstRow = i;
    }
    const code = orderCode ? orderCode[i]! : -1;
    let isNew: boolean;
    if (code >= 0) {
      isNew = seenOrder[code] !== c;
      seenOrder[code] = c;
    } else {
      isNew = seenDay[d - startDay] !== c;
      seenDay[d - startDay] = c;
    }
    if (!isNew) continue;
    cells.orders[k]!++;
    if (d < first) {
      second = first;
      first = d;
    } else if (d < second) second = d;
  }
  return { first, second, firstRow, firstAnyDay };
}

/** Pass 2: per customer, sums its rows into period cells, emits one row per touched period, and records acquisition. */
function buildRows(log: TransactionLog, win: WindowFilter, perm: Int32Array, periods: PeriodTable, startDay: number): PanelRows {
  const nCust = log.customerIds.length;
  const { count } = win;
  const { dayToPeriod } = periods;
  const hasCost = log.cost !== undefined;
  const { orderCode, nOrders } = orderCodes(log, win.keep);
  const scan: RowScan = {
    log,
    perm,
    dayToPeriod,
    startDay,
    orderCode,
    seenOrder: new Int32Array(nOrders).fill(-1),
    seenDay: new Int32Array(dayToPeriod.length).fill(-1),
    cells: new PeriodCells(periods.labels.length),
  };
  const out = new PanelRowBuffer(win.used, hasCost);

  const customerOffset = new Int32Array(nCust + 1);
  const firstPurchaseDay = new Int32Array(nCust).fill(NO_DAY);
  const secondPurchaseDay = new Int32Array(nCust).fill(NO_DAY);
  const acquisitionPeriod = new Int32Array(nCust).fill(-1);
  const firstPurchaseRow = new Int32Array(nCust).fill(-1);
  const totals = { cents: 0, margin: 0 };
  let observed = 0;
  let withoutPurchase = 0;

  for (let c = 0; c < nCust; c++) {
    customerOffset[c] = out.m;
    const lo = count[c]!;
    const hi = count[c + 1]!;
    if (lo === hi) continue;
    observed++;
    const days = scanCustomer(scan, c, lo, hi);
    scan.cells.flush(c, log.customerIds[c]!, out, totals, hasCost);
    if (days.first === Infinity) {
      // Returns only in the window: the purchase predates the log; the first row stands for acquisition.
      withoutPurchase++;
      firstPurchaseDay[c] = days.firstAnyDay;
    } else {
      firstPurchaseDay[c] = days.first;
      firstPurchaseRow[c] = days.firstRow;
      if (days.second !== Infinity) secondPurchaseDay[c] = days.second;
    }
    acquisitionPeriod[c] = dayToPeriod[firstPurchaseDay[c]! - startDay]!;
  }
  const m = out.m;
  customerOffset[nCust] = m;
  if (!Number.isFinite(totals.cents + totals.margin)) throw new Error("total spend of all customers overflows (beyond ±1.8e306 in currency units): rescale the amounts (e.g. to thousands)");

  const spendCents = out.cents.slice(0, m);
  let marginCols = {};
  if (hasCost) {
    const marginCents = out.margin.slice(0, m);
    marginCols = { margin: fromCents(marginCents), marginCents, totalMarginCents: totals.margin };
  }
  return {
    customer: out.cust.slice(0, m),
    periodIndex: out.per.slice(0, m),
    orders: out.ord.slice(0, m),
    spend: fromCents(spendCents),
    spendCents,
    ...marginCols,
    lastPurchaseDay: out.last.slice(0, m),
    customerOffset,
    firstPurchaseDay,
    secondPurchaseDay,
    acquisitionPeriod,
    firstPurchaseRow,
    customersObserved: observed,
    customersWithoutPurchase: withoutPurchase,
    totalSpendCents: totals.cents,
  };
}

/** Currency units from integer cents. */
function fromCents(cents: Float64Array): Float64Array {
  const units = new Float64Array(cents.length);
  for (let r = 0; r < cents.length; r++) units[r] = cents[r]! / 100;
  return units;
}

function parseIso(value: string, name: string): number {
  try {
    return dayNumber(value);
  } catch {
    throw new Error(`invalid ${name} ${JSON.stringify(value)}: expected an ISO date YYYY-MM-DD`);
  }
}
