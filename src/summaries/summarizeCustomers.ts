import { parseTimeUnit } from "../time/timeUnit.js";
import { DAYS_PER_UNIT, type TimeUnit, type TransactionLog } from "../data/types.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";
import { checkSpendFinite } from "./spendOverflow.js";
import type { CustomerSummary } from "./types.js";

/** Options of {@link summarizeCustomers}. */
export interface SummarizeCustomersOptions {
  /** Unit of recency, T and the holdout duration: days, weeks or months (365.25/12 days). */
  timeUnit: TimeUnit;
  /** Last day observed (ISO date, inclusive). Default: the last day in the log. Rows after it are left out and counted. */
  observationEnd?: string;
  /** End of calibration (ISO date, inclusive). With it the summary covers the calibration period and adds the holdout columns for the days after it up to `observationEnd`. */
  calibrationEnd?: string;
}

/** What the summary did with the log's rows and customers (nothing is left out silently). */
export interface SummaryReport {
  /** Purchase rows (amount ≥ 0) that entered the summary, calibration and holdout together. */
  purchaseRows: number;
  /** Return rows (amount < 0) up to the observation end; those on or before the calibration end are subtracted from `totalSpend`. */
  returnRows: number;
  /** Rows after the observation end, left out. */
  rowsAfterObservationEnd: number;
  /** Rows in the holdout window of customers whose first purchase is after calibration (they cannot be summarized). */
  rowsOfExcludedCustomers: number;
  /** Customers in the log without a purchase on or before the calibration end (observation end when there is no split): left out. */
  customersExcluded: number;
}

/** A {@link CustomerSummary} with the account of rows left out. */
export interface CustomerSummaryWithReport extends CustomerSummary {
  readonly report: SummaryReport;
}


function parseDay(name: string, v: string): number {
  try {
    return dayNumber(v);
  } catch {
    throw new Error(`invalid ${name} ${JSON.stringify(v)}: use YYYY-MM-DD`);
  }
}

/**
 * Summarizes a transaction log per customer in the BTYD conventions of lifetimes
 * (`summary_data_from_transaction_data`, `calibration_and_holdout_data`) and BTYD (`dc.ElogToCbsCbt`):
 * purchases on the same calendar day merge into one; `frequency` = purchase days after the first;
 * `recency` = last minus first purchase day; `T` = end of calibration (or observation) minus first purchase day;
 * `monetaryValue` = mean spend of the repeat purchase days, spend summed per day and the first purchase left
 * out (0 when frequency is 0). Times are in `timeUnit`.
 *
 * Policies: returns (negative amounts) are not purchases and never start or extend a purchase day; they reduce
 * `totalSpend` only (a return usually refers to an earlier order, so it is not netted against a day's value).
 * Zero-amount rows are purchases of zero value. Rows after `observationEnd` are left out and counted in
 * `report`; customers whose first purchase is after the calibration end are left out and counted.
 * Customers appear in the order of their first appearance in the log.
 *
 * Computed on typed arrays in one pass over the rows when each customer's rows come in day order (as in a
 * date-sorted log or one sorted by customer and date); otherwise by a counting sort by customer and a sort by day
 * inside each customer. Both give identical results (sums are taken in day order, ties in row order).
 *
 * @see https://lifetimes.readthedocs.io/en/latest/lifetimes.html#lifetimes.utils.calibration_and_holdout_data
 * @example
 * const s = summarizeCustomers(log, { timeUnit: "weeks", calibrationEnd: "1997-09-30", observationEnd: "1998-06-30" });
 * s.frequency[0]; s.frequencyHoldout![0];
 */
export function summarizeCustomers(log: TransactionLog, options: SummarizeCustomersOptions): CustomerSummaryWithReport {
  const unit = parseTimeUnit(options.timeUnit);
  const perUnit = DAYS_PER_UNIT[unit];
  const n = log.length;
  const { day } = log;
  let obsEnd: number;
  if (options.observationEnd !== undefined) obsEnd = parseDay("observationEnd", options.observationEnd);
  else {
    if (n === 0) throw new Error("empty log: give observationEnd to summarize a log without rows");
    obsEnd = -Infinity;
    for (let i = 0; i < n; i++) if (day[i]! > obsEnd) obsEnd = day[i]!;
  }
  const split = options.calibrationEnd !== undefined;
  const calEnd = split ? parseDay("calibrationEnd", options.calibrationEnd!) : obsEnd;
  if (calEnd > obsEnd) throw new Error(`calibrationEnd ${options.calibrationEnd} is after observationEnd ${isoDate(obsEnd)}: the holdout must end after calibration`);

  const C = log.customerIds.length;
  const out = newOutputs(C, split);
  const counts = summarizeInRowOrder(log, obsEnd, calEnd, perUnit, out) ?? summarizeByCustomer(log, obsEnd, calEnd, perUnit, out);
  const m = counts.m;
  const keep = out.keep;
  const cut = <T extends Float64Array | Int32Array>(a: T): T => (m === C ? a : (a.slice(0, m) as T));
  const freq = out.freq, rec = out.rec, TT = out.TT, mon = out.mon, first = out.first, last = out.last, spend = out.spend, orders = out.orders;
  const fH = out.fH, mH = out.mH;
  const { purchaseRows, returnRows, afterEnd, excludedRows, excluded } = counts;
  const ids = log.customerIds;
  const customerId = new Array<string>(m);
  for (let j = 0; j < m; j++) customerId[j] = ids[keep[j]!]!;
  const summary: CustomerSummaryWithReport = {
    timeUnit: unit,
    observationEnd: isoDate(obsEnd),
    ...(split ? { calibrationEnd: isoDate(calEnd) } : {}),
    customerId,
    frequency: cut(freq),
    recency: cut(rec),
    T: cut(TT),
    monetaryValue: cut(mon),
    firstPurchase: cut(first),
    lastPurchase: cut(last),
    totalSpend: cut(spend),
    orders: cut(orders),
    ...(split ? { frequencyHoldout: cut(fH!), monetaryValueHoldout: cut(mH!), durationHoldout: (obsEnd - calEnd) / perUnit } : {}),
    report: { purchaseRows, returnRows, rowsAfterObservationEnd: afterEnd, rowsOfExcludedCustomers: excludedRows, customersExcluded: excluded },
  };
  return summary;
}

// Sorts the first k (day, amount) pairs by day, stable (insertion sort for the usual few rows; merge sort beyond).
function sortByDay(d: Int32Array, a: Float64Array, k: number): void {
  if (k <= 32) {
    for (let i = 1; i < k; i++) {
      const dv = d[i]!, av = a[i]!;
      let j = i - 1;
      while (j >= 0 && d[j]! > dv) {
        d[j + 1] = d[j]!;
        a[j + 1] = a[j]!;
        j--;
      }
      d[j + 1] = dv;
      a[j + 1] = av;
    }
    return;
  }
  const idx = Array.from({ length: k }, (_, i) => i);
  idx.sort((x, y) => d[x]! - d[y]! || x - y);
  const dd = Int32Array.from(idx, (i) => d[i]!);
  const aa = Float64Array.from(idx, (i) => a[i]!);
  d.set(dd);
  a.set(aa);
}

/** Output columns for up to C customers (kept customers are written at index m ≤ c, then cut to m). */
interface Outputs {
  keep: Int32Array;
  freq: Float64Array;
  rec: Float64Array;
  TT: Float64Array;
  mon: Float64Array;
  first: Int32Array;
  last: Int32Array;
  spend: Float64Array;
  orders: Int32Array;
  fH: Float64Array | undefined;
  mH: Float64Array | undefined;
}

interface Counts {
  m: number;
  purchaseRows: number;
  returnRows: number;
  afterEnd: number;
  excludedRows: number;
  excluded: number;
}

function newOutputs(C: number, split: boolean): Outputs {
  return {
    keep: new Int32Array(C),
    freq: new Float64Array(C), rec: new Float64Array(C), TT: new Float64Array(C), mon: new Float64Array(C),
    first: new Int32Array(C), last: new Int32Array(C), spend: new Float64Array(C), orders: new Int32Array(C),
    fH: split ? new Float64Array(C) : undefined,
    mH: split ? new Float64Array(C) : undefined,
  };
}

/** Writes customer c's figures at index m of `out`. */
function emit(out: Outputs, m: number, c: number, firstDay: number, lastDay: number, calDays: number, tot: number, repeatSpend: number, hDays: number, hSpend: number, calEnd: number, perUnit: number): void {
  out.keep[m] = c;
  out.freq[m] = calDays - 1;
  out.rec[m] = (lastDay - firstDay) / perUnit;
  out.TT[m] = (calEnd - firstDay) / perUnit;
  out.mon[m] = calDays > 1 ? repeatSpend / (calDays - 1) : 0;
  out.first[m] = firstDay;
  out.last[m] = lastDay;
  out.spend[m] = tot;
  out.orders[m] = calDays;
  if (out.fH) {
    out.fH[m] = hDays;
    out.mH![m] = hDays > 0 ? hSpend / hDays : 0;
  }
}

// Per-customer state of the one-pass summary, one 64-byte record per customer so a row touches one cache line:
// doubles 0-3 (total spend, repeat-day spend, open day's spend, holdout spend), int32 8-15 below.
const F_TOT = 0, F_REPEAT = 1, F_CUR = 2, F_HOLD = 3;
const I_FIRST = 8, I_CUR = 9, I_LAST = 10, I_CALDAYS = 11, I_HDAYS = 12, I_ROWS = 13, I_PURCH = 14, I_LASTROW = 15;

// Customers per block of the one-pass summary: their state (64 bytes each, 2 MB) stays in the CPU cache.
const BLOCK_BITS = 15;
const BLOCK = 1 << BLOCK_BITS;
const GROUP_ROWS = 4_000_000;

/**
 * The summary in one pass over the rows in log order, with O(1) state per customer (linear in rows and
 * customers; no sort). Valid only when every customer's rows come in non-decreasing day order, so that row
 * order is the order the sorting path sums in; returns undefined as soon as a row breaks that. The rows are
 * first distributed (stably) into blocks of 2^15 consecutive customer codes, so that each block's state stays
 * in cache while its rows are read in order, and customers come out in code order, block by block.
 */
function summarizeInRowOrder(log: TransactionLog, obsEnd: number, calEnd: number, perUnit: number, out: Outputs): Counts | undefined {
  const n = log.length;
  const { customer, day, amount } = log;
  const C = log.customerIds.length;
  const nb = Math.max(1, Math.ceil(C / BLOCK));
  const start = new Int32Array(nb + 1);
  let afterEnd = 0;
  for (let i = 0; i < n; i++) {
    if (day[i]! > obsEnd) afterEnd++;
    else start[(customer[i]! >> BLOCK_BITS) + 1]!++;
  }
  for (let b = 0; b < nb; b++) start[b + 1]! += start[b]!;
  // Blocks go in groups of at most GROUP_ROWS rows (one block may exceed it), each group distributed by its own
  // pass over the log: the copies of the rows (14 bytes each) then take at most ~56 MB.
  let most = 0;
  for (let b = 0; b < nb; b++) most = Math.max(most, start[b + 1]! - start[b]!);
  const cap = Math.min(n - afterEnd, Math.max(most, GROUP_ROWS));
  const bc = new Uint16Array(cap), bd = new Int32Array(cap), ba = new Float64Array(cap);
  const fill = new Int32Array(nb);
  const F = new Float64Array(Math.min(C, BLOCK) * 8);
  const I = new Int32Array(F.buffer);
  const counts: Counts = { m: 0, purchaseRows: 0, returnRows: 0, afterEnd, excludedRows: 0, excluded: 0 };
  for (let g0 = 0; g0 < nb; ) {
    let g1 = g0 + 1;
    while (g1 < nb && start[g1 + 1]! - start[g0]! <= cap) g1++;
    const off = start[g0]!;
    for (let b = g0; b < g1; b++) fill[b] = start[b]! - off;
    for (let i = 0; i < n; i++) {
      const d = day[i]!;
      const c = customer[i]!;
      const b = c >> BLOCK_BITS;
      if (d > obsEnd || b < g0 || b >= g1) continue;
      const j = fill[b]!++;
      bc[j] = c & (BLOCK - 1);
      bd[j] = d;
      ba[j] = amount[i]!;
    }
    for (let b = g0; b < g1; b++) {
      F.fill(0);
      if (!accumulateBlock(bc, bd, ba, start[b]! - off, start[b + 1]! - off, F, I, calEnd)) return undefined;
      finishBlock(F, I, b * BLOCK, Math.min(C, (b + 1) * BLOCK), log.customerIds, calEnd, perUnit, out, counts);
    }
    g0 = g1;
  }
  return counts;
}

/** Adds rows [s, e) of one block to its customers' state; false when a customer's days go backwards. */
function accumulateBlock(bc: Uint16Array, bd: Int32Array, ba: Float64Array, s: number, e: number, F: Float64Array, I: Int32Array, calEnd: number): boolean {
  for (let i = s; i < e; i++) {
    const d = bd[i]!;
    const c = bc[i]!;
    const fb = c << 3, ib = c << 4;
    if (I[ib + I_ROWS]! > 0 && d < I[ib + I_LASTROW]!) return false;
    I[ib + I_ROWS]!++;
    I[ib + I_LASTROW] = d;
    const a = ba[i]!;
    if (d <= calEnd) F[fb + F_TOT]! += a;
    if (a < 0) continue; // a return: never a purchase day
    if (I[ib + I_PURCH]!++ === 0) {
      I[ib + I_FIRST] = d;
      I[ib + I_LAST] = d;
      I[ib + I_CUR] = d;
      F[fb + F_CUR] = 0 + a; // 0 + a as the sorting path sums (turns -0 into 0)
      continue;
    }
    const cur = I[ib + I_CUR]!;
    if (d === cur) {
      F[fb + F_CUR]! += a;
      continue;
    }
    closeDay(F, I, fb, ib, cur, calEnd);
    I[ib + I_CUR] = d;
    F[fb + F_CUR] = 0 + a; // 0 + a as the sorting path sums (turns -0 into 0)
  }
  return true;
}

/** Emits customers c0..c1-1 of one block (state index c - c0) in code order and adds to the counts. */
function finishBlock(F: Float64Array, I: Int32Array, c0: number, c1: number, ids: readonly string[], calEnd: number, perUnit: number, out: Outputs, counts: Counts): void {
  for (let c = c0; c < c1; c++) {
    const fb = (c - c0) << 3, ib = (c - c0) << 4;
    const rows = I[ib + I_ROWS]!, purchases = I[ib + I_PURCH]!;
    if (rows === 0) {
      counts.excluded++;
      continue;
    }
    const firstDay = I[ib + I_FIRST]!;
    if (purchases === 0 || firstDay > calEnd) {
      counts.excluded++;
      counts.excludedRows += rows;
      continue;
    }
    closeDay(F, I, fb, ib, I[ib + I_CUR]!, calEnd);
    counts.purchaseRows += purchases;
    counts.returnRows += rows - purchases;
    const tot = F[fb + F_TOT]!, repeatSpend = F[fb + F_REPEAT]!, hSpend = F[fb + F_HOLD]!;
    // Amounts are finite, but their sum can overflow; Infinity (or NaN from Infinity − Infinity) is never a spend.
    checkSpendFinite(tot + repeatSpend + hSpend, ids[c]!);
    emit(out, counts.m, c, firstDay, I[ib + I_LAST]!, I[ib + I_CALDAYS]!, tot, repeatSpend, I[ib + I_HDAYS]!, hSpend, calEnd, perUnit);
    counts.m++;
  }
}

/** Closes a customer's purchase day `cur`: a calibration day (repeat unless it is the first) or a holdout day. */
function closeDay(F: Float64Array, I: Int32Array, fb: number, ib: number, cur: number, calEnd: number): void {
  if (cur <= calEnd) {
    I[ib + I_CALDAYS]!++;
    I[ib + I_LAST] = cur;
    if (cur !== I[ib + I_FIRST]) F[fb + F_REPEAT]! += F[fb + F_CUR]!;
  } else {
    I[ib + I_HDAYS]!++;
    F[fb + F_HOLD]! += F[fb + F_CUR]!;
  }
}

/** The summary for logs in any order: a counting sort of the rows by customer, then a stable sort by day per customer. */
function summarizeByCustomer(log: TransactionLog, obsEnd: number, calEnd: number, perUnit: number, out: Outputs): Counts {
  const n = log.length;
  const { customer, day, amount } = log;
  const C = log.customerIds.length;
  const start = new Int32Array(C + 1);
  let afterEnd = 0;
  for (let i = 0; i < n; i++) {
    if (day[i]! > obsEnd) afterEnd++;
    else start[customer[i]! + 1]!++;
  }
  let maxGroup = 0;
  for (let c = 0; c < C; c++) {
    const k = start[c + 1]!;
    if (k > maxGroup) maxGroup = k;
    start[c + 1] = start[c]! + k;
  }
  const order = new Int32Array(n - afterEnd);
  const fill = start.slice(0, C);
  for (let i = 0; i < n; i++) if (day[i]! <= obsEnd) order[fill[customer[i]!]!++] = i;

  const gDay = new Int32Array(maxGroup);
  const gAmt = new Float64Array(maxGroup);
  const st: DayTotals = { calDays: 0, lastDay: 0, repeatSpend: 0, hDays: 0, hSpend: 0 };
  let m = 0, purchaseRows = 0, returnRows = 0, excludedRows = 0, excluded = 0;
  for (let c = 0; c < C; c++) {
    const s = start[c]!, e = start[c + 1]!;
    const k = e - s;
    if (k === 0) {
      excluded++;
      continue;
    }
    for (let j = 0; j < k; j++) {
      const i = order[s + j]!;
      gDay[j] = day[i]!;
      gAmt[j] = amount[i]!;
    }
    sortByDay(gDay, gAmt, k);
    // Day numbers before 1970 are negative, so "no purchase" is a flag, never a day value.
    let hasPurchase = false, firstDay = 0;
    for (let j = 0; j < k; j++) {
      if (gAmt[j]! >= 0) {
        firstDay = gDay[j]!;
        hasPurchase = true;
        break;
      }
    }
    if (!hasPurchase || firstDay > calEnd) {
      excluded++;
      excludedRows += k;
      continue;
    }
    let tot = 0;
    st.calDays = 0; st.lastDay = firstDay; st.repeatSpend = 0; st.hDays = 0; st.hSpend = 0;
    let open = false, curDay = 0, curSpend = 0;
    for (let j = 0; j < k; j++) {
      const d = gDay[j]!, a = gAmt[j]!;
      if (a < 0) {
        returnRows++;
        if (d <= calEnd) tot += a; // holdout returns are not part of calibration spend
        continue;
      }
      purchaseRows++;
      if (d <= calEnd) tot += a;
      if (!open || d !== curDay) {
        if (open) closeSortedDay(st, curDay, curSpend, firstDay, calEnd);
        open = true;
        curDay = d;
        curSpend = 0;
      }
      curSpend += a;
    }
    closeSortedDay(st, curDay, curSpend, firstDay, calEnd);
    const { calDays, lastDay, repeatSpend, hDays, hSpend } = st;
    checkSpendFinite(tot + repeatSpend + hSpend, log.customerIds[c]!);
    emit(out, m, c, firstDay, lastDay, calDays, tot, repeatSpend, hDays, hSpend, calEnd, perUnit);
    m++;
  }
  return { m, purchaseRows, returnRows, afterEnd, excludedRows, excluded };
}

/** One customer's purchase-day totals on the sorting path. */
interface DayTotals {
  calDays: number;
  lastDay: number;
  repeatSpend: number;
  hDays: number;
  hSpend: number;
}

/** Closes purchase day `day` with spend `spend`: a calibration day (repeat unless the first) or a holdout day. */
function closeSortedDay(st: DayTotals, day: number, spend: number, firstDay: number, calEnd: number): void {
  if (day <= calEnd) {
    st.calDays++;
    st.lastDay = day;
    if (day !== firstDay) st.repeatSpend += spend;
  } else {
    st.hDays++;
    st.hSpend += spend;
  }
}
