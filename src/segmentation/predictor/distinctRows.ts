// Distinct rows of a BTYD summary (internal): P(alive) and E[X(t)] depend on (x, t_x, T) only, which repeat (one-time
// buyers differ only in T, in whole days), so predictions are evaluated once per distinct row and spread back.
import type { BtydSummary } from "./btydBase.js";

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
  const n = s.frequency.length;
  const index = new Int32Array(n);
  const seen = new Map<string, number>();
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = byRecency ? `${s.frequency[i]},${s.recency[i]},${s.T[i]}` : `${s.frequency[i]},${s.T[i]}`;
    let d = seen.get(key);
    if (d === undefined) {
      d = rows.length;
      seen.set(key, d);
      rows.push(i);
    }
    index[i] = d;
  }
  const pick = (a: Float64Array) => Float64Array.from(rows, (i) => a[i]!);
  const out = { summary: { timeUnit: "weeks" as const, frequency: pick(s.frequency), recency: pick(s.recency), T: pick(s.T), monetaryValue: new Float64Array(rows.length) }, index };
  memo[name] = out;
  return out;
}
