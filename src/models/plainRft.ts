// The fast path of the continuous-time predictions (internal): columns that need no conversion, and the
// prediction rules of validateSummary as a per-row test a kernel can fuse into its own loop.
import type { CustomerData, ReadColumns, TableLike } from "./columns.js";

/** Frequency, recency and T of customers, with the shape checkPredictions names rows by. */
export interface PlainRft extends ReadColumns {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
}

/**
 * (frequency, recency, T) when `data` is an object giving them under those names as Float64Arrays of one length
 * (a CustomerSummary, or columns read from a file), else undefined: the caller then reads it with readRft, which
 * converts other shapes and names the first bad row. The rows are not checked here: see {@link predictionRowValid}.
 * @example const c = plainRft({ frequency, recency, T }); if (c) ...
 */
export function plainRft(data: CustomerData): PlainRft | undefined {
  if (data === null || typeof data !== "object" || typeof (data as TableLike).numRows === "function") return undefined;
  const { frequency: x, recency: tx, T } = data as Record<string, unknown>;
  if (!(x instanceof Float64Array && tx instanceof Float64Array && T instanceof Float64Array)) return undefined;
  if (tx.length !== x.length || T.length !== x.length) return undefined;
  return { n: x.length, columns: { frequency: x, recency: tx, T }, x, tx, T };
}

/**
 * Whether one customer (x, t_x, T) may be predicted: finite, and within the rules validateSummary applies to
 * predictions (x >= 0; 0 <= t_x <= T; t_x = 0 and T >= 0 when x = 0, else T > 0). Negated comparisons, so NaN fails.
 * Reference: Fader, Hardie & Lee (2005), the (x, t_x, T) summary of a customer's history.
 * @example predictionRowValid(2, 30.4, 38.9) // true
 */
export function predictionRowValid(xi: number, ti: number, Ti: number): boolean {
  // One chain of comparisons that are all true on valid data (so a kernel's branches on it are predicted), the rule
  // for x = 0 folded in: x = 0 needs t_x = 0 and T >= 0, x > 0 needs T > 0.
  return xi >= 0 && xi < Infinity && ti >= 0 && Ti < Infinity && ti <= Ti * (1 + 1e-9) + 1e-12 && (Ti > 0 || (xi === 0 && ti === 0 && Ti >= 0)) && (xi > 0 || ti === 0);
}
