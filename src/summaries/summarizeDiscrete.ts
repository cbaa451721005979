import type { TransactionLog } from "../data/types.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";
import { parsePeriodKind, periodOrdinal, periodStartDay, type PeriodKind } from "./periodPanel.js";

/** Options of {@link summarizeDiscrete}. */
export interface SummarizeDiscreteOptions {
  /** Length of one transaction opportunity: "day", "week" (Monday start), "month", "quarter" or "year". Required. */
  periods: PeriodKind;
  /** Last day observed, ISO YYYY-MM-DD. Default: the last day in the log. Only whole periods up to it are opportunities. */
  observationEnd?: string;
}

/** The BG/BB input: per customer, repeat opportunities with a purchase, the last such opportunity and the opportunities observed. */
export interface DiscreteSummary {
  readonly customerId: readonly string[];
  /** x: opportunities after the first purchase's period in which the customer bought. */
  readonly frequency: Float64Array;
  /** t_x: the opportunity (1 … n) of the last purchase; 0 when x is 0. */
  readonly recency: Float64Array;
  /** n: whole opportunities observed after the first purchase's period. */
  readonly periods: Float64Array;
  /** The opportunity length, the unit of recency and periods. */
  readonly period: PeriodKind;
  /** Last day of the last whole period observed (ISO). */
  readonly lastPeriodEnd: string;
  readonly report: {
    /** Customers whose first purchase lies in the last whole period or later: no opportunity observed yet, left out. */
    customersWithoutOpportunity: number;
    /** Purchase rows in the incomplete period after the last whole one, not counted. */
    rowsInIncompletePeriod: number;
  };
}

/**
 * The discrete-time summary that BG/BB takes (Fader, Hardie & Shang 2010): the calendar is cut into periods,
 * each period after a customer's first purchase is one transaction opportunity, and a customer "transacts" in an
 * opportunity when they buy at least once in it. Returns (negative amounts) are not purchases. Only whole periods
 * up to the observation end count, so every opportunity was fully observed.
 * @see https://www.brucehardie.com/papers/020/fader_et_al_mksc_10.pdf
 * @example
 * const d = summarizeDiscrete(log, { periods: "year" });
 * fitBgBb({ frequency: d.frequency, recency: d.recency, periods: d.periods });
 */
export function summarizeDiscrete(log: TransactionLog, options: SummarizeDiscreteOptions): DiscreteSummary {
  const kind = parsePeriodKind(String(options.periods));
  let endDay = -Infinity;
  if (options.observationEnd !== undefined) endDay = dayNumber(options.observationEnd);
  else for (let i = 0; i < log.length; i++) if (log.day[i]! > endDay) endDay = log.day[i]!;
  if (!Number.isFinite(endDay)) throw new Error("summarizeDiscrete: the log has no rows; load transactions first");
  // The last whole period: the one holding endDay when endDay is its last day, else the one before.
  const lastOrd = periodOrdinal(kind, endDay + 1) - 1;
  const nc = log.customerIds.length;
  const first = new Float64Array(nc).fill(Infinity);
  for (let i = 0; i < log.length; i++) {
    if (!(log.amount[i]! >= 0) || log.day[i]! > endDay) continue;
    const o = periodOrdinal(kind, log.day[i]!);
    if (o < first[log.customer[i]!]!) first[log.customer[i]!] = o;
  }
  // Distinct (customer, ordinal) pairs after the first period, up to the last whole period.
  const seen = new Set<number>();
  const x = new Float64Array(nc), tx = new Float64Array(nc);
  let rowsInIncompletePeriod = 0;
  for (let i = 0; i < log.length; i++) {
    if (!(log.amount[i]! >= 0) || log.day[i]! > endDay) continue;
    const c = log.customer[i]!;
    const o = periodOrdinal(kind, log.day[i]!);
    if (o > lastOrd) {
      rowsInIncompletePeriod++;
      continue;
    }
    const k = o - first[c]!;
    if (k < 1) continue;
    const key = c * 1e6 + k;
    if (seen.has(key)) continue;
    seen.add(key);
    x[c]! += 1;
    if (k > tx[c]!) tx[c] = k;
  }
  const ids: string[] = [];
  const keep: number[] = [];
  let without = 0;
  for (let c = 0; c < nc; c++) {
    if (!Number.isFinite(first[c]!)) continue;
    if (lastOrd - first[c]! < 1) {
      without++;
      continue;
    }
    keep.push(c);
    ids.push(log.customerIds[c]!);
  }
  const pick = (a: Float64Array | ((c: number) => number)): Float64Array => Float64Array.from(keep, (c) => (typeof a === "function" ? a(c) : a[c]!));
  return {
    customerId: ids,
    frequency: pick(x),
    recency: pick(tx),
    periods: pick((c) => lastOrd - first[c]!),
    period: kind,
    lastPeriodEnd: isoDate(periodStartDay(kind, lastOrd + 1) - 1),
    report: { customersWithoutOpportunity: without, rowsInIncompletePeriod },
  };
}
