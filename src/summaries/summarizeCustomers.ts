import { parseTimeUnit } from "../time/timeUnit.js";
import { DAYS_PER_UNIT, type TimeUnit, type TransactionLog } from "../data/types.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";
import { summarizeByCustomer } from "./summaryByCustomer.js";
import { summarizeInRowOrder } from "./summaryInRowOrder.js";
import { newOutputs } from "./summaryOutputs.js";
import { countBlocks } from "./customerBlocks.js";
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

  // Outputs sized to the customers kept (counted in the same pass that counts rows per block of customers).
  const blocks = countBlocks(log, obsEnd, calEnd);
  const m = blocks.kept;
  const out = newOutputs(m, split);
  const counts = summarizeInRowOrder(log, blocks, obsEnd, calEnd, perUnit, out) ?? summarizeByCustomer(log, blocks, obsEnd, calEnd, perUnit, out);
  if (counts.m !== m) throw new Error(`internal error: the summary kept ${counts.m} customers, ${m} expected`);
  const keep = out.keep;
  const { purchaseRows, returnRows, afterEnd, excludedRows, excluded } = counts;
  const ids = log.customerIds;
  const customerId = new Array<string>(m);
  for (let j = 0; j < m; j++) customerId[j] = ids[keep[j]!]!;
  const summary: CustomerSummaryWithReport = {
    timeUnit: unit,
    observationEnd: isoDate(obsEnd),
    ...(split ? { calibrationEnd: isoDate(calEnd) } : {}),
    customerId,
    // The output columns as they are: sized to the kept customers, no copy.
    frequency: out.freq, recency: out.rec, T: out.TT, monetaryValue: out.mon,
    firstPurchase: out.first, lastPurchase: out.last, totalSpend: out.spend, orders: out.orders,
    ...(split ? { frequencyHoldout: out.fH!, monetaryValueHoldout: out.mH!, durationHoldout: (obsEnd - calEnd) / perUnit } : {}),
    report: { purchaseRows, returnRows, rowsAfterObservationEnd: afterEnd, rowsOfExcludedCustomers: excludedRows, customersExcluded: excluded },
  };
  return summary;
}
