// The guard every prediction passes (internal): no prediction is negative or non-finite without an error.
import type { ReadColumns } from "./columns.js";

function describeParams(params: object): string {
  const list = Object.entries(params as Record<string, number>).map(([k, v]) => `${k}=${v.toPrecision(6)}`);
  return list.length ? ` at ${list.join(", ")}` : "";
}

/**
 * Returns `values` when every entry is finite and non-negative; otherwise throws naming the first bad row, its
 * customer columns and the parameters, so a wrong number never leaves the model silently.
 * @example checkPredictions(out, "bg-nbd conditionalExpectedPurchases", model.params, columns)
 */
export function checkPredictions(values: Float64Array, what: string, params: object, data?: ReadColumns): Float64Array {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v >= 0 && v < Infinity) continue;
    const cols = data ? Object.entries(data.columns).filter(([, c]) => c !== undefined).map(([k, c]) => `${k} ${c![i]}`).join(", ") : "";
    throw new Error(`${what}: row ${i + 1}${cols ? ` (${cols})` : ""} gets ${v}, which no probability or expectation can be${describeParams(params)}; the model cannot be evaluated there: refit with a small penalty (e.g. 0.01)`);
  }
  return values;
}

/** {@link checkPredictions} for one number. */
export function checkPrediction(value: number, what: string, params: object): number {
  if (value >= 0 && value < Infinity) return value;
  throw new Error(`${what} gives ${value}, which no probability or expectation can be${describeParams(params)}; the model cannot be evaluated there: refit with a small penalty (e.g. 0.01)`);
}

/**
 * Why a fitted model's predictions are unusable, or undefined when every array `evaluate` returns holds only finite,
 * non-negative numbers (and it does not throw).
 */
export function predictionProblem(evaluate: () => Float64Array[]): string | undefined {
  try {
    for (const v of evaluate()) checkPredictions(v, "prediction", {});
  } catch (e) {
    return (e as Error).message.replace(/; the model cannot be evaluated there.*$/, "");
  }
  return undefined;
}

/** The horizons a continuous-time fit is checked at: the longest customer age T, and ten times it. */
export function checkHorizons(T: Float64Array): number[] {
  let longest = 0;
  for (let i = 0; i < T.length; i++) longest = Math.max(longest, T[i]!);
  return [longest, 10 * longest];
}
