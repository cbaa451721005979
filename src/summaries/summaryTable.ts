import * as aq from "arquero";
import type { CustomerSummary } from "./types.js";

/** The arquero table type, kept structural so the public .d.ts does not depend on arquero's types. */
export type SummaryTable = ReturnType<typeof aq.table>;

/**
 * A customer summary as an arquero table in lifetimes' layout — customer_id, frequency, recency, T, monetary_value
 * (and frequency_holdout, monetary_value_holdout, duration_holdout after a calibration split) — with a `time_unit`
 * column so the unit of recency and T travels with the data (lifetimes leaves it implicit).
 * @see https://lifetimes.readthedocs.io/en/latest/lifetimes.html#lifetimes.utils.summary_data_from_transaction_data
 * @example summaryTable(summarizeCustomers(log, { timeUnit: "weeks" })).print()
 */
export function summaryTable(summary: CustomerSummary): SummaryTable {
  const n = summary.customerId.length;
  const cols: Record<string, ArrayLike<unknown>> = {
    customer_id: [...summary.customerId],
    frequency: summary.frequency,
    recency: summary.recency,
    T: summary.T,
    monetary_value: summary.monetaryValue,
  };
  if (summary.frequencyHoldout && summary.monetaryValueHoldout) {
    cols.frequency_holdout = summary.frequencyHoldout;
    cols.monetary_value_holdout = summary.monetaryValueHoldout;
    cols.duration_holdout = new Float64Array(n).fill(summary.durationHoldout ?? NaN);
  }
  cols.time_unit = new Array<string>(n).fill(summary.timeUnit);
  return aq.table(cols as Record<string, unknown[]>);
}
