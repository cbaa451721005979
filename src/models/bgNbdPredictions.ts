// Predictions of the BG/NBD and MBG/NBD (expected purchases, P(alive) from the dead log-odds, P(X = n)), apart from
// the likelihood; `modified` switches MBG/NBD's dropout-at-time-0 (internal).
import { betaln } from "../numeric/special/gamma.js";
import { log2F1 } from "../numeric/special/log2F1.js";
import { logPochhammer } from "../numeric/special/logPochhammer.js";
import { readRft, type CustomerData } from "./columns.js";
import { plainRft, predictionRowValid } from "./plainRft.js";
import { fastExp } from "../numeric/fastExp.js";
import { MODEL_IDS } from "./modelIds.js";
import { logNbdPmf, nbdTail } from "./nbd.js";
import { checkPrediction, checkPredictions } from "./checkPredictions.js";
import { aliveMean, amplification, oneMinusScaled2F1 } from "./aliveMeanSeries.js";
import { bgWeightedConditional, evaluateDiscountedByX, usedHorizons } from "./bgNbdKernel.js";
import { discountedTable } from "./discountedTable.js";
import { groupByFrequency } from "./frequencyGroups.js";
import type { BgNbdParams } from "./bgNbdParams.js";
import { optimizeAtLoad } from "./optimizeAtLoad.js";

/** E[X(t)] for a new customer. */
export function bgExpected(p: BgNbdParams, t: number, modified: boolean): number {
  const { r, alpha, a, b } = p;
  if (!(t >= 0)) throw new Error(`invalid time ${t}: use a non-negative number`);
  if (t === 0) return 0;
  // A new customer is the conditional case x = 0, T = 0.
  if (modified) {
    // MBG/NBD's new customer survives time 0 with odds b : a, then is a BG/NBD customer with dropout ~ Beta(a, b+1).
    return aliveMean(r, a, a + b, t, alpha, () => {
      const la = Math.log(alpha / (alpha + t));
      const lf = log2F1(r, b + 1, a + b, t / (alpha + t));
      const L = r * la + lf;
      const h = Math.exp(L);
      return [(b / (a - 1)) * (1 - h), amplification(r, la, lf, L)];
    }, b / (a + b));
  }
  return aliveMean(r, a, a + b - 1, t, alpha, () => {
    const la = Math.log(alpha / (alpha + t));
    // a + b < 1 makes C = a + b − 1 ≤ 0 and 2F1 negative: the signed form (small parameters, no overflow).
    if (a + b - 1 <= 0) return [((a + b - 1) / (a - 1)) * oneMinusScaled2F1(r * la, r, b, a + b - 1, t / (alpha + t)), 1];
    const lf = log2F1(r, b, a + b - 1, t / (alpha + t));
    const L = r * la + lf;
    return [((a + b - 1) / (a - 1)) * -Math.expm1(L), amplification(r, la, lf, L)];
  });
}

/** E[Y(t) | x, t_x, T] per customer (one horizon of {@link bgWeightedExpected}). */
export function bgConditional(p: BgNbdParams, t: number, data: CustomerData, modified: boolean, what: string): Float64Array {
  if (!(t >= 0)) throw new Error(`invalid time ${t}: use a non-negative number`);
  return bgWeightedExpected(p, [t], [1], data, modified, what);
}

/** Σ_k w_k E[Y(t_k) | x, t_x, T] per customer, with the work shared across customers of the same frequency. */
export function bgWeightedExpected(p: BgNbdParams, times: ArrayLike<number>, weights: ArrayLike<number>, data: CustomerData, modified: boolean, what: string): Float64Array {
  if (times.length !== weights.length) throw new Error(`${what}: ${times.length} times but ${weights.length} weights: give one weight per time`);
  // Float64Array columns of whole frequencies: one pass to group them (count and range of T per frequency), one to
  // evaluate that also checks every row and flags a bad value (checkPredictions then names it). Anything else, or a
  // bad row (to be named), through readRft.
  const plain = plainRft(data);
  const groups = plain ? groupByFrequency(plain.x, plain.T, false) : undefined;
  const h = usedHorizons(times, weights);
  if (plain && groups?.byX && h.times.length > 0) {
    const out = new Float64Array(plain.n);
    const table = discountedTable(p, modified, h.times, h.weights, groups);
    const bad = evaluateDiscountedByX(p, modified, table, groups, h.times, h.weights, plain.x, plain.tx, plain.T, out, true);
    if (bad === -1) return out;
    if (bad >= 0) return checkPredictions(out, what, p, plain);
  }
  const d = readRft(data, what, false);
  // The groups of the same columns serve again (fractional or large frequencies: the Map grouping).
  const same = plain !== undefined && groups !== undefined && d.x === plain.x && d.T === plain.T;
  return checkPredictions(bgWeightedConditional(p, modified, times, weights, d.x, d.tx, d.T, same ? groups : undefined), what, p, d);
}

/** P(alive | x, t_x, T) per customer: per frequency ln(a/(b+x−1)) once, then one log1p and one exp per customer. */
export function bgAlive(p: BgNbdParams, data: CustomerData, modified: boolean, what: string): Float64Array {
  // Float64Array columns: each row checked inside the one loop that computes it. Other shapes, or any bad row
  // (so readRft names it) or bad value (so checkPredictions names it): the columns read and checked first.
  const plain = plainRft(data);
  if (plain) {
    const out = new Float64Array(plain.n);
    if (aliveInto(p, modified, plain.x, plain.tx, plain.T, true, out) < 0) return out;
  }
  const d = readRft(data, what, false);
  const out = new Float64Array(d.n);
  return aliveInto(p, modified, d.x, d.tx, d.T, false, out) < 0 ? out : checkPredictions(out, what, p, d);
}

/**
 * P(alive) of every customer into `out`; the first row that fails predictionRowValid (when `validate`) or gives a
 * value outside [0, 1], else −1. The columns come as arrays, not in an object: callers hold them in objects of
 * different shapes, and a shape the optimized loop has not seen would deoptimize it.
 */
function aliveInto(p: BgNbdParams, modified: boolean, X: Float64Array, TX: Float64Array, TT: Float64Array, validate: boolean, out: Float64Array): number {
  const { r, alpha, a, b } = p;
  const s = modified ? 1 : 0;
  // ln(a/(b+x−1+s)) of the integer frequencies below 256, up front (256 logs): the row loop, compiled while a first
  // call runs, stays small.
  const odds = new Float64Array(256);
  for (let x = 0; x < 256; x++) odds[x] = !modified && x === 0 ? -Infinity : Math.log(a / (b + x - 1 + s));
  const n = X.length;
  // Rows are checked without leaving the loop (the flags ANDed) and a bad one is looked for afterwards: a loop with
  // one exit less compiles to faster code; the caller discards the values.
  let bad = -1, ok = 1;
  for (let i = 0; i < n; i++) {
    const x = X[i]!, tx = TX[i]!, T = TT[i]!;
    ok &= +predictionRowValid(x, tx, T);
    const k = x | 0;
    const lk = k === x && k >= 0 && k < 256 ? odds[k]! : Math.log(a / (b + x - 1 + s));
    // BG/NBD without repeat purchases: alive for sure, no log1p or exp.
    const v = lk === -Infinity ? 1 : 1 / (1 + fastExp(lk + (r + x) * Math.log1p((T - tx) / (alpha + tx))));
    out[i] = v;
    if (!(v >= 0 && v <= 1) && bad < 0) bad = i;
  }
  if (validate && ok === 0) for (let i = 0; i < n; i++) if (!predictionRowValid(X[i]!, TX[i]!, TT[i]!)) return i;
  return bad;
}

// P(alive)'s loop meets a million rows in a process's first prediction: optimized at load (see optimizeAtLoad) on 41
// customers with and without repeat purchases, frequencies in and beyond the table, one fractional, and (with the
// row check) one row it rejects.
{
  const R = 41, x = new Float64Array(R), tx = new Float64Array(R), T = new Float64Array(R);
  for (let i = 0; i < R; i++) {
    x[i] = i % 3 === 0 ? 0 : i === 7 ? 300 : i === 8 ? 1.5 : i % 5;
    T[i] = 20 + (i % 13);
    tx[i] = x[i]! > 0 ? T[i]! * (0.1 + (i % 9) / 10) : 0;
  }
  const badTx = tx.slice();
  badTx[R - 2] = T[R - 2]! + 1; // recency after T
  // The shape of a model's params (FittedModel freezes a copy): another shape would deoptimize the first large call.
  const p = Object.freeze({ r: 0.25, alpha: 4.4, a: 0.8, b: 2.4 }), out = new Float64Array(R);
  optimizeAtLoad((k) => aliveInto(p, k % 4 < 2, x, k % 16 === 1 ? badTx : tx, T, k % 2 === 1, out));
}

/** P(X(t) = n) for a new customer. */
export function bgPmf(p: BgNbdParams, n: number, t: number, modified: boolean): number {
  if (!(Number.isInteger(n) && n >= 0)) throw new Error(`invalid count ${n}: use a non-negative integer`);
  if (!(t >= 0)) throw new Error(`invalid time ${t}: use a non-negative number`);
  const { r, alpha, a, b } = p;
  let value: number;
  if (Math.max(a, b) > 1e4) {
    // Beta-function ratios as Pochhammer symbols, B(a+i, b+j)/B(a, b) = (a)_i (b)_j / (a+b)_{i+j}: exact as a or b → ∞.
    const ratio = (i: 0 | 1, j: number) => Math.exp((i ? Math.log(a) : 0) + logPochhammer(b, j) - logPochhammer(a + b, i + j));
    const lp = logNbdPmf(n, r, alpha, t);
    if (modified) value = ratio(0, n + 1) * Math.exp(lp) + ratio(1, n) * nbdTail(n, r, alpha, t);
    else value = ratio(0, n) * Math.exp(lp) + (n === 0 ? 0 : ratio(1, n - 1) * nbdTail(n, r, alpha, t));
  } else {
    const lb = betaln(a, b);
    if (modified) value = Math.exp(betaln(a, b + n + 1) - lb + logNbdPmf(n, r, alpha, t)) + Math.exp(betaln(a + 1, b + n) - lb) * nbdTail(n, r, alpha, t);
    else {
      const first = Math.exp(betaln(a, b + n) - lb + logNbdPmf(n, r, alpha, t));
      value = n === 0 ? first : first + Math.exp(betaln(a + 1, b + n - 1) - lb) * nbdTail(n, r, alpha, t);
    }
  }
  return checkPrediction(value, `${modified ? MODEL_IDS.mbgNbd : MODEL_IDS.bgNbd} probabilityOfPurchases(${n}, ${t})`, p);
}
