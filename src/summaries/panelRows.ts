// Pass 2 of the panel: per customer, its rows summed into period cells, emitted as panel rows, and its acquisition.
import type { TransactionLog } from "../data/types.js";
import { fromCents, toCents } from "./cents.js";
import { PanelRowBuffer } from "./panelRowBuffer.js";
import type { WindowFilter } from "./panelWindow.js";
import { PeriodCells } from "./periodCells.js";
import { NO_DAY, type PeriodPanel } from "./periodPanelTypes.js";
import type { PeriodTable } from "./periodTable.js";

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

/** The panel's rows, per-customer acquisition columns and totals. */
type PanelRows = Omit<PeriodPanel, "period" | "timeZone" | "observationStart" | "observationEnd" | "customerIds" | "periodLabels" | "periodStart" | "periodEnd" | "periodComplete" | "rows">;

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
export function buildRows(log: TransactionLog, win: WindowFilter, perm: Int32Array, periods: PeriodTable, startDay: number): PanelRows {
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
