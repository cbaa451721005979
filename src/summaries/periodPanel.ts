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
  const n = log.length;
  const nCust = log.customerIds.length;
  const { day, customer, amount } = log;
  const userEnd = options.observationEnd === undefined ? undefined : parseIso(options.observationEnd, "observationEnd");
  const userStart = options.observationStart === undefined ? undefined : parseIso(options.observationStart, "observationStart");
  if (userEnd !== undefined && userStart !== undefined && userStart > userEnd)
    throw new Error(`observationStart ${options.observationStart} is after observationEnd ${options.observationEnd}: swap them`);

  // Pass 1: window filter, day range, counts per customer (for a counting sort by customer).
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
  const used = n - before - after;
  if (used === 0) throw new Error(`no transactions in the observation window${userEnd !== undefined ? ` ending ${options.observationEnd}` : ""}: check observationStart/observationEnd and the input`);
  const startDay = userStart ?? minDay;
  const endDay = userEnd ?? maxDay;

  // Period table: ordinals of every day in the window, looked up per row.
  const firstOrd = periodOrdinal(kind, startDay);
  const lastOrd = periodOrdinal(kind, endDay);
  const nPeriods = lastOrd - firstOrd + 1;
  const periodLabels: string[] = new Array(nPeriods);
  const pStart = new Int32Array(nPeriods);
  const pEnd = new Int32Array(nPeriods);
  const pComplete = new Uint8Array(nPeriods);
  for (let k = 0; k < nPeriods; k++) {
    periodLabels[k] = periodLabel(kind, firstOrd + k);
    pStart[k] = periodStartDay(kind, firstOrd + k);
    pEnd[k] = periodStartDay(kind, firstOrd + k + 1) - 1;
    // The data's own first day does not truncate a period (nothing happened before it); a user start does.
    pComplete[k] = pEnd[k]! <= endDay && (userStart === undefined || pStart[k]! >= userStart) ? 1 : 0;
  }
  const span = endDay - startDay + 1;
  const dayToPeriod = new Int32Array(span);
  for (let k = 0, d = startDay; d <= endDay; d++) {
    while (d > pEnd[k]!) k++;
    dayToPeriod[d - startDay] = k;
  }

  // Counting sort of row indices by customer (stable: log order kept within a customer).
  for (let c = 0; c < nCust; c++) count[c + 1]! += count[c]!;
  const rowStart = count.slice();
  const perm = new Int32Array(used);
  for (let i = 0; i < n; i++) if (keep[i]) perm[rowStart[customer[i]!]!++] = i;

  // Order ids to integer codes once, so "seen" checks are array lookups.
  let orderCode: Int32Array | undefined;
  let nOrders = 0;
  if (log.orderId) {
    orderCode = new Int32Array(n);
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
    nOrders = codes.size;
  }
  const seenOrder = new Int32Array(nOrders).fill(-1);
  const seenDay = new Int32Array(span).fill(-1);

  const cost = log.cost;
  const hasCost = cost !== undefined;
  const cellOrders = new Int32Array(nPeriods);
  const cellCents = new Float64Array(nPeriods);
  const cellMargin = new Float64Array(nPeriods);
  const cellLast = new Int32Array(nPeriods).fill(NO_DAY);
  const cellTouched = new Uint8Array(nPeriods);
  const touched: number[] = [];

  let cap = Math.max(16, Math.min(used, 1 << 20));
  let oCust = new Int32Array(cap);
  let oPer = new Int32Array(cap);
  let oOrd = new Int32Array(cap);
  let oCents = new Float64Array(cap);
  let oMargin = hasCost ? new Float64Array(cap) : new Float64Array(0);
  let oLast = new Int32Array(cap);
  let m = 0;
  const grow = (): void => {
    cap *= 2;
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
    oCust = g32(oCust);
    oPer = g32(oPer);
    oOrd = g32(oOrd);
    oLast = g32(oLast);
    oCents = g64(oCents);
    if (hasCost) oMargin = g64(oMargin);
  };

  const customerOffset = new Int32Array(nCust + 1);
  const firstPurchaseDay = new Int32Array(nCust).fill(NO_DAY);
  const secondPurchaseDay = new Int32Array(nCust).fill(NO_DAY);
  const acquisitionPeriod = new Int32Array(nCust).fill(-1);
  const firstPurchaseRow = new Int32Array(nCust).fill(-1);
  let totalCents = 0;
  let totalMargin = 0;
  let observed = 0;
  let withoutPurchase = 0;

  for (let c = 0; c < nCust; c++) {
    customerOffset[c] = m;
    const lo = count[c]!;
    const hi = count[c + 1]!;
    if (lo === hi) continue;
    observed++;
    let first = Infinity;
    let second = Infinity;
    let firstRow = -1;
    let firstRowDay = Infinity;
    let firstAnyDay = Infinity;
    for (let j = lo; j < hi; j++) {
      const i = perm[j]!;
      const d = day[i]!;
      const k = dayToPeriod[d - startDay]!;
      if (!cellTouched[k]) {
        cellTouched[k] = 1;
        touched.push(k);
      }
      const a = amount[i]!;
      const cents = toCents(a);
      cellCents[k]! += cents;
      if (hasCost) cellMargin[k]! += cents - toCents(cost[i]!);
      if (d < firstAnyDay) firstAnyDay = d;
      if (a < 0) continue; // a return: reduces spend, is not an order
      if (d > cellLast[k]!) cellLast[k] = d;
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
      cellOrders[k]!++;
      if (d < first) {
        second = first;
        first = d;
      } else if (d < second) second = d;
    }
    touched.sort((x, y) => x - y);
    for (const k of touched) {
      checkSpendFinite(cellCents[k]! + cellMargin[k]!, log.customerIds[c]!);
      if (m === cap) grow();
      oCust[m] = c;
      oPer[m] = k;
      oOrd[m] = cellOrders[k]!;
      oCents[m] = cellCents[k]!;
      totalCents += cellCents[k]!;
      if (hasCost) {
        oMargin[m] = cellMargin[k]!;
        totalMargin += cellMargin[k]!;
      }
      oLast[m] = cellLast[k]!;
      m++;
      cellOrders[k] = 0;
      cellCents[k] = 0;
      cellMargin[k] = 0;
      cellLast[k] = NO_DAY;
      cellTouched[k] = 0;
    }
    touched.length = 0;
    if (first === Infinity) {
      // Returns only in the window: the purchase predates the log; the first row stands for acquisition.
      withoutPurchase++;
      firstPurchaseDay[c] = firstAnyDay;
    } else {
      firstPurchaseDay[c] = first;
      firstPurchaseRow[c] = firstRow;
      if (second !== Infinity) secondPurchaseDay[c] = second;
    }
    acquisitionPeriod[c] = dayToPeriod[firstPurchaseDay[c]! - startDay]!;
  }
  customerOffset[nCust] = m;
  if (!Number.isFinite(totalCents + totalMargin)) throw new Error("total spend of all customers overflows (beyond ±1.8e306 in currency units): rescale the amounts (e.g. to thousands)");

  const spendCents = oCents.slice(0, m);
  const spend = new Float64Array(m);
  for (let r = 0; r < m; r++) spend[r] = spendCents[r]! / 100;
  let margin: Float64Array | undefined;
  let marginCents: Float64Array | undefined;
  if (hasCost) {
    marginCents = oMargin.slice(0, m);
    margin = new Float64Array(m);
    for (let r = 0; r < m; r++) margin[r] = marginCents[r]! / 100;
  }
  return {
    period: kind,
    timeZone: log.timeZone,
    observationStart: isoDate(startDay),
    observationEnd: isoDate(endDay),
    customerIds: log.customerIds,
    periodLabels,
    periodStart: pStart,
    periodEnd: pEnd,
    periodComplete: pComplete,
    customer: oCust.slice(0, m),
    periodIndex: oPer.slice(0, m),
    orders: oOrd.slice(0, m),
    spend,
    spendCents,
    ...(margin && marginCents ? { margin, marginCents, totalMarginCents: totalMargin } : {}),
    lastPurchaseDay: oLast.slice(0, m),
    customerOffset,
    firstPurchaseDay,
    secondPurchaseDay,
    acquisitionPeriod,
    firstPurchaseRow,
    rows: { used, beforeObservationStart: before, afterObservationEnd: after },
    customersObserved: observed,
    customersWithoutPurchase: withoutPurchase,
    totalSpendCents: totalCents,
  };
}

function parseIso(value: string, name: string): number {
  try {
    return dayNumber(value);
  } catch {
    throw new Error(`invalid ${name} ${JSON.stringify(value)}: expected an ISO date YYYY-MM-DD`);
  }
}
