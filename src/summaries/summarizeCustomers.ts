import { parseTimeUnit } from "../time/timeUnit.js";
import { DAYS_PER_UNIT, type TimeUnit, type TransactionLog } from "../data/types.js";
import { dayNumber, isoDate } from "../util/dayNumber.js";
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
 * Computed on typed arrays: a counting sort by customer, then a sort by day inside each customer.
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
  const { customer, day, amount } = log;
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

  // Counting sort of the rows up to the observation end by customer.
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
  const keep = new Int32Array(C);
  let m = 0;
  const freq = new Float64Array(C), rec = new Float64Array(C), TT = new Float64Array(C), mon = new Float64Array(C);
  const first = new Int32Array(C), last = new Int32Array(C), spend = new Float64Array(C), orders = new Int32Array(C);
  const fH = split ? new Float64Array(C) : undefined;
  const mH = split ? new Float64Array(C) : undefined;
  let purchaseRows = 0, returnRows = 0, excludedRows = 0, excluded = 0;

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
    let tot = 0, calDays = 0, lastDay = firstDay, repeatSpend = 0, hDays = 0, hSpend = 0;
    let open = false, curDay = 0, curSpend = 0;
    const close = (): void => {
      if (!open) return;
      if (curDay <= calEnd) {
        calDays++;
        lastDay = curDay;
        if (curDay !== firstDay) repeatSpend += curSpend;
      } else {
        hDays++;
        hSpend += curSpend;
      }
    };
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
        close();
        open = true;
        curDay = d;
        curSpend = 0;
      }
      curSpend += a;
    }
    close();
    // Amounts are finite, but their sum can overflow; Infinity (or NaN from Infinity − Infinity) is never a spend.
    checkSpendFinite(tot + repeatSpend + hSpend, log.customerIds[c]!);
    keep[m] = c;
    freq[m] = calDays - 1;
    rec[m] = (lastDay - firstDay) / perUnit;
    TT[m] = (calEnd - firstDay) / perUnit;
    mon[m] = calDays > 1 ? repeatSpend / (calDays - 1) : 0;
    first[m] = firstDay;
    last[m] = lastDay;
    spend[m] = tot;
    orders[m] = calDays;
    if (fH) {
      fH[m] = hDays;
      mH![m] = hDays > 0 ? hSpend / hDays : 0;
    }
    m++;
  }
  const ids = log.customerIds;
  const customerId = new Array<string>(m);
  for (let j = 0; j < m; j++) customerId[j] = ids[keep[j]!]!;
  const summary: CustomerSummaryWithReport = {
    timeUnit: unit,
    observationEnd: isoDate(obsEnd),
    ...(split ? { calibrationEnd: isoDate(calEnd) } : {}),
    customerId,
    frequency: freq.slice(0, m),
    recency: rec.slice(0, m),
    T: TT.slice(0, m),
    monetaryValue: mon.slice(0, m),
    firstPurchase: first.slice(0, m),
    lastPurchase: last.slice(0, m),
    totalSpend: spend.slice(0, m),
    orders: orders.slice(0, m),
    ...(split ? { frequencyHoldout: fH!.slice(0, m), monetaryValueHoldout: mH!.slice(0, m), durationHoldout: (obsEnd - calEnd) / perUnit } : {}),
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
