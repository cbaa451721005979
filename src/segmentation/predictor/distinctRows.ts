// Distinct rows of a BTYD summary (internal): P(alive) and E[X(t)] depend on (x, t_x, T) only, which repeat (one-time
// buyers differ only in T, in whole days), so predictions are evaluated once per distinct row and spread back.
import type { BtydSummary } from "./btydBase.js";
import { compressRows } from "../../models/compressRows.js";

export interface DistinctRows {
  /** The distinct rows (monetary value 0: not used by P(alive), E[X(t)] or the draws' odds). */
  summary: BtydSummary;
  /** Each row's index among them. */
  index: Int32Array;
}

const cache = new WeakMap<BtydSummary, { [key: string]: DistinctRows }>();

/** The distinct (x, t_x, T) rows of a summary — or (x, T) pairs without `byRecency` — remembered per summary object. */
export function distinctRows(s: BtydSummary, byRecency = true): DistinctRows {
  const memo = cache.get(s) ?? {};
  cache.set(s, memo);
  const name = byRecency ? "xtT" : "xT";
  const known = memo[name];
  if (known) return known;
  // compressRows' hash on the exact values, keeping first occurrences in order; each row's distinct row into `index`.
  const index = new Int32Array(s.frequency.length);
  const c = compressRows(byRecency ? [s.frequency, s.recency, s.T] : [s.frequency, s.T], undefined, index);
  const recency = byRecency ? c.columns[1]! : Float64Array.from(firstRows(index, c.length), (i) => s.recency[i]!);
  const out = { summary: { timeUnit: "weeks" as const, frequency: c.columns[0]!, recency, T: c.columns[byRecency ? 2 : 1]!, monetaryValue: new Float64Array(c.length) }, index };
  memo[name] = out;
  return out;
}

/** The first row of each of `m` distinct rows. */
function firstRows(index: Int32Array, m: number): Int32Array {
  const first = new Int32Array(m).fill(-1);
  for (let i = 0; i < index.length; i++) if (first[index[i]!] === -1) first[index[i]!] = i;
  return first;
}
