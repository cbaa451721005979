import { quintileScores } from "./quintileScores.js";
import type { TransactionLog } from "../data/types.js";
import { dayNumber } from "../time/dayNumber.js";
import { summarizeCustomers } from "./summarizeCustomers.js";

/** Options of {@link rfm}. */
export interface RfmOptions {
  /** The day recency is measured from (ISO date, inclusive). Default: the last day in the log. Later rows are left out. */
  asOf?: string;
}

/** RFM values, 1-5 scores and segment labels per customer (customers with a purchase by `asOf`, in log order). */
export interface RfmTable {
  readonly asOf: string;
  readonly customerId: readonly string[];
  /** Days from the last purchase to `asOf`. */
  readonly recencyDays: Int32Array;
  /** Purchase days (same-day purchases merge, as in the customer summary). */
  readonly frequency: Int32Array;
  /** Net spend up to `asOf` (returns subtract). */
  readonly monetary: Float64Array;
  /** Average value per purchase day: monetary / frequency (the "monetary = total / frequency" of many RFM texts). */
  readonly averageValue: Float64Array;
  /** Scores 1-5 (5 best: most recent, most frequent, highest spend). */
  readonly r: Uint8Array;
  readonly f: Uint8Array;
  readonly m: Uint8Array;
  /** "RFM" digits, e.g. "545". */
  readonly score: readonly string[];
  /** Segment label from the R × F grid (see {@link rfm}). */
  readonly segment: readonly string[];
}

/** The R × F segment grid (R first, F second). */
function segmentOf(r: number, f: number): string {
  if (r <= 2) return f <= 2 ? "hibernating" : f <= 4 ? "at risk" : "cannot lose them";
  if (r === 3) return f <= 2 ? "about to sleep" : f === 3 ? "needs attention" : "loyal customers";
  if (r === 4) return f === 1 ? "promising" : f <= 3 ? "potential loyalists" : "loyal customers";
  return f === 1 ? "new customers" : f <= 3 ? "potential loyalists" : "champions";
}

/**
 * RFM analysis (Hughes 1994): days since the last purchase, number of purchase days and net spend per customer,
 * each scored 1-5 by quintile, and a segment label from the usual R × F grid: R 1-2 → hibernating (F 1-2),
 * at risk (F 3-4), cannot lose them (F 5); R 3 → about to sleep (F 1-2), needs attention (F 3), loyal customers
 * (F 4-5); R 4 → promising (F 1), potential loyalists (F 2-3), loyal customers (F 4-5); R 5 → new customers
 * (F 1), potential loyalists (F 2-3), champions (F 4-5).
 *
 * Scores use {@link quintileScores}, the one rule shared with Lens 1's RFM grid: score = 1 + floor(5 × (number of
 * customers with a strictly worse value) / n); tied customers share a score and the scores do not depend on input order. Recency ties on days, frequency on purchase days,
 * monetary on exact net spend. Same-day purchases merge; returns reduce spend (see summarizeCustomers).
 *
 * @see https://en.wikipedia.org/wiki/RFM_(market_research)
 * @example const t = rfm(log, { asOf: "2025-06-30" }); t.segment[0]; t.score[0]; // "champions", "545"
 */
export function rfm(log: TransactionLog, options: RfmOptions = {}): RfmTable {
  const s = summarizeCustomers(log, { timeUnit: "days", ...(options.asOf !== undefined ? { observationEnd: options.asOf } : {}) });
  const n = s.customerId.length;
  const asOfDay = dayNumber(s.observationEnd);
  const recencyDays = new Int32Array(n);
  const frequency = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    recencyDays[i] = asOfDay - s.lastPurchase[i]!;
    frequency[i] = s.orders[i]!;
  }
  const monetary = s.totalSpend.slice();
  const r = quintileScores(recencyDays, false);
  const f = quintileScores(frequency, true);
  const m = quintileScores(monetary, true);
  const averageValue = new Float64Array(n);
  for (let i = 0; i < n; i++) averageValue[i] = frequency[i]! > 0 ? monetary[i]! / frequency[i]! : 0;
  const score = new Array<string>(n);
  const segment = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    score[i] = `${r[i]}${f[i]}${m[i]}`;
    segment[i] = segmentOf(r[i]!, f[i]!);
  }
  return { asOf: s.observationEnd, customerId: s.customerId, recencyDays, frequency, monetary, averageValue, r, f, m, score, segment };
}
