import { MODEL_IDS } from "../models/modelIds.js";
import type { BgNbdModel } from "../models/bgNbd.js";
import type { MbgNbdModel } from "../models/mbgNbd.js";
import type { ParetoNbdModel } from "../models/paretoNbd.js";
import { gaussLegendreRule } from "../numeric/quadrature.js";
import { betaln } from "../numeric/special/gamma.js";
import type { CountDistribution } from "./types.js";

/**
 * BG/NBD P(X(t) = n), n < row.length − 1, of a new customer (Fader, Hardie & Lee 2005, eq. 8; the model's
 * probabilityOfPurchases), all n at once: the NBD pmf by its recursion in n and the head sum carried along, so a row
 * costs O(n) instead of O(n²).
 */
function bgPmfRow(r: number, alpha: number, a: number, b: number, t: number, row: Float64Array): void {
  const K = row.length - 1;
  const lb = betaln(a, b);
  const q = Math.log(t / (alpha + t));
  let lnb = r * Math.log(alpha / (alpha + t)); // ln NBD(0)
  let head = 0; // Σ_{j<n} NBD(j)
  for (let n = 0; n < K; n++) {
    let v = Math.exp(betaln(a, b + n) - lb + lnb);
    if (n > 0) v += Math.exp(betaln(a + 1, b + n - 1) - lb) * Math.max(0, 1 - head);
    row[n] = v;
    head += Math.exp(lnb);
    lnb += Math.log((r + n) / (n + 1)) + q;
  }
}

/**
 * Pareto/NBD P(X(t) = n), n < row.length − 1, of a new customer, all n at once: NBD(n; t)(β/(β+t))^s + ∫_0^t NBD(n; τ)
 * sβ^s(β+τ)^−(s+1) dτ (the model's probabilityOfPurchases) with the NBD pmf run up in n by its recursion at each
 * quadrature node, so a row costs one quadrature instead of one per count.
 */
function paretoPmfRow(r: number, alpha: number, s: number, beta: number, t: number, row: Float64Array, logRatio: Float64Array): void {
  const K = row.length - 1;
  // ln((r + k)/(k + 1)) does not depend on τ: once per row, not once per quadrature node (the same values, so the same sums).
  for (let k = 0; k < K; k++) logRatio[k] = Math.log((r + k) / (k + 1));
  const addNbd = (tau: number, weight: number) => {
    let lp = r * Math.log(alpha / (alpha + tau)) + Math.log(weight);
    const q = Math.log(tau / (alpha + tau));
    for (let k = 0; k < K; k++) {
      const v = Math.exp(lp);
      row[k]! += v;
      const step = logRatio[k]! + q;
      if (step < 0 && v < 1e-18) break; // past the mode the terms only shrink: the rest adds nothing a score can see
      lp += step;
    }
  };
  row.fill(0);
  addNbd(t, (beta / (beta + t)) ** s);
  // 8 panels × 8 nodes: ample for scores on this smooth integrand (the model's own uses 64 for ~1e-12; the tests
  // check the rows' means against the model's conditional expectations).
  const { nodes, weights } = gaussLegendreRule(0, t, 8);
  for (let j = 0; j < nodes.length; j++) {
    const tau = nodes[j]!;
    if (tau > 0) addNbd(tau, weights[j]! * s * Math.exp(s * Math.log(beta) - (s + 1) * Math.log(beta + tau)));
  }
}

/** Per-customer calibration data: repeat purchases x, recency t_x and age T, in the model's time unit. */
export interface CalibrationColumns {
  readonly frequency: ArrayLike<number>;
  readonly recency: ArrayLike<number>;
  readonly T: ArrayLike<number>;
}

/**
 * Each customer's predicted distribution of purchases in the next t, P(X(T, T + t] = n | x, t_x, T), for BG/NBD,
 * MBG/NBD and Pareto/NBD, with P(X > 0) for "buys again". A customer is dead with 1 − P(alive) (no purchases), or
 * alive, and then, both processes being memoryless, the future is a new customer's under the posterior parameters:
 * BG/NBD λ ~ Gamma(r + x, α + T), p ~ Beta(a, b + x) (survived x coin flips); MBG/NBD the same with b + x + 1 (its
 * flip at the first purchase too), then BG/NBD dynamics; Pareto/NBD λ ~ Gamma(r + x, α + T), μ ~ Gamma(s, β + T). So
 * P(n) = (1 − P(alive))·1{n = 0} + P(alive)·P_post(X(t) = n). Counts ≥ maxCount go to the tail column. The mean
 * of this distribution is the model's conditional expectation (checked in the tests).
 * @see Fader, Hardie & Lee (2005) eq. 8 (BG/NBD P(X(t) = n)), https://brucehardie.com/papers/018/fader_et_al_mksc_05.pdf; Fader & Hardie (2006), Deriving an expression for P(X(t) = x) under the Pareto/NBD model, https://brucehardie.com/notes/012/
 * @example const { distribution, probabilityAny } = conditionalCountDistribution(fitBgNbd(cal), cal, 39, 30)
 */
export function conditionalCountDistribution(model: BgNbdModel | MbgNbdModel | ParetoNbdModel, customers: CalibrationColumns, t: number, maxCount: number): { distribution: CountDistribution; probabilityAny: Float64Array } {
  if (!(Number.isInteger(maxCount) && maxCount >= 1)) throw new Error(`invalid maxCount ${maxCount}: use a whole number ≥ 1`);
  if (!(t > 0 && Number.isFinite(t))) throw new Error(`invalid horizon ${t}: use a positive number of time units`);
  const alive = model.probabilityAlive(customers as never);
  const n = alive.length;
  const w = maxCount + 1;
  const probabilities = new Float64Array(n * w);
  const probabilityAny = new Float64Array(n);
  // The posterior pmf depends on (x, T) only: compute it once per distinct pair.
  const cache = new Map<string, Float64Array>();
  const logRatio = new Float64Array(w);
  const posteriorRow = (x: number, T: number): Float64Array => {
    const key = `${x}|${T}`;
    let row = cache.get(key);
    if (row) return row;
    const p = model.params as unknown as Record<string, number>;
    row = new Float64Array(w);
    if (model.model === MODEL_IDS.paretoNbd) paretoPmfRow(p.r! + x, p.alpha! + T, p.s!, p.beta! + T, t, row, logRatio);
    else bgPmfRow(p.r! + x, p.alpha! + T, p.a!, p.b! + x + (model.model === MODEL_IDS.mbgNbd ? 1 : 0), t, row);
    let s = 0;
    for (let k = 0; k < maxCount; k++) s += row[k]!;
    row[maxCount] = Math.max(0, 1 - s);
    cache.set(key, row);
    return row;
  };
  for (let i = 0; i < n; i++) {
    const pa = alive[i]!;
    if (!(pa >= 0 && pa <= 1)) throw new Error(`${model.model} P(alive) of customer ${i} is ${pa}: check the fit (converged, finite parameters)`);
    const row = posteriorRow(customers.frequency[i]!, customers.T[i]!);
    let s = 0;
    for (let k = 0; k < w; k++) {
      const v = pa * row[k]! + (k === 0 ? 1 - pa : 0);
      probabilities[i * w + k] = v;
      s += v;
    }
    // Renormalize away rounding so rows sum to 1 exactly enough for the score checks.
    for (let k = 0; k < w; k++) probabilities[i * w + k]! /= s;
    probabilityAny[i] = 1 - probabilities[i * w]!;
  }
  return { distribution: { maxCount, probabilities }, probabilityAny };
}
