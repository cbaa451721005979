// Predictions of the BG/NBD and MBG/NBD (expected purchases, P(alive) from the dead log-odds, P(X = n)), apart from
// the likelihood; `modified` switches MBG/NBD's dropout-at-time-0 (internal).
import { betaln } from "../numeric/special/gamma.js";
import { log2F1 } from "../numeric/special/log2F1.js";
import { logPochhammer } from "../numeric/special/logPochhammer.js";
import { readRft, type CustomerData } from "./columns.js";
import { MODEL_IDS } from "./modelIds.js";
import { logNbdPmf, nbdTail } from "./nbd.js";
import { checkPrediction, checkPredictions } from "./checkPredictions.js";
import { aliveMean, amplification, oneMinusScaled2F1 } from "./aliveMeanSeries.js";
import type { BgNbdParams } from "./bgNbdParams.js";

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

/** E[Y(t) | x, t_x, T] per customer. */
export function bgConditional(p: BgNbdParams, t: number, data: CustomerData, modified: boolean, what: string): Float64Array {
  if (!(t >= 0)) throw new Error(`invalid time ${t}: use a non-negative number`);
  const d = readRft(data, what, false);
  const { r, alpha, a, b } = p;
  const out = new Float64Array(d.n);
  const s = modified ? 1 : 0;
  for (let i = 0; i < d.n; i++) {
    const x = d.x[i]!, tx = d.tx[i]!, T = d.T[i]!;
    if (t === 0) continue;
    const num = aliveMean(r + x, a, a + b + x - 1 + s, t, alpha + T, () => {
      const z = t / (alpha + T + t);
      const la = Math.log((alpha + T) / (alpha + T + t));
      const C = a + b + x - 1 + s;
      if (C <= 0) return [(C / (a - 1)) * oneMinusScaled2F1((r + x) * la, r + x, b + x + s, C, z), 1];
      const lf = log2F1(r + x, b + x + s, C, z);
      const L = (r + x) * la + lf;
      return [(C / (a - 1)) * -Math.expm1(L), amplification(r + x, la, lf, L)];
    });
    out[i] = num / (1 + Math.exp(deadLogOdds(p, x, tx, T, modified)));
  }
  return checkPredictions(out, what, p, d);
}

/**
 * log[P(dead) / P(alive)] given x, t_x, T: −∞ for a BG/NBD customer with no repeat purchase (who cannot have
 * dropped out unobserved); MBG/NBD allows a drop-out at time 0.
 */
function deadLogOdds(p: BgNbdParams, x: number, tx: number, T: number, modified: boolean): number {
  if (!modified && x === 0) return -Infinity;
  const s = modified ? 1 : 0;
  const rx = p.r + x;
  // (r+x)·ln((α+T)/(α+t_x)) with log1p once the multiplier is large (the homogeneous-rate limit), as the likelihood.
  const growth = rx > 1e4 ? Math.log1p((T - tx) / (p.alpha + tx)) : Math.log(p.alpha + T) - Math.log(p.alpha + tx);
  return Math.log(p.a / (p.b + x - 1 + s)) + rx * growth;
}

/** P(alive | x, t_x, T) per customer. */
export function bgAlive(p: BgNbdParams, data: CustomerData, modified: boolean, what: string): Float64Array {
  const d = readRft(data, what, false);
  const out = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) out[i] = 1 / (1 + Math.exp(deadLogOdds(p, d.x[i]!, d.tx[i]!, d.T[i]!, modified)));
  return checkPredictions(out, what, p, d);
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
