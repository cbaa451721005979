import { logPochhammer } from "../numeric/special/logPochhammer.js";
import { readRft, type CustomerData } from "./columns.js";
import { bayesFit, wantsBayes, type BayesFitOptions } from "./bayesHook.js";
import { compressIfUseful, groupByValue, sharedValues, strided } from "./compressRows.js";
import { fitMaximumLikelihood, type Likelihood } from "./maximumLikelihood.js";
import { givenReport, makeReport, named, type FitOptions, type FitReport } from "./fitReport.js";
import { MODEL_IDS } from "./modelIds.js";
import { FittedModel, mapTimes } from "./fittedModel.js";
import { logNbdPmf } from "./nbd.js";
import { checkHorizons, checkPrediction, checkPredictions, predictionProblem } from "./checkPredictions.js";
import { gaussLegendre } from "../numeric/quadrature.js";
import { PNBD_NAMES, logEnd, paretoAliveLog, paretoPoint, paretoRowFromTerms, paretoRowLog, usesQuadrature, type ParetoNbdParams, type ParetoPoint } from "./paretoNbdCore.js";

export type { ParetoNbdParams } from "./paretoNbdCore.js";

/** A fitted (or loaded) Pareto/NBD model: λ ~ Gamma(r, rate alpha), μ ~ Gamma(s, rate beta); times in `timeUnit`. */
export class ParetoNbdModel extends FittedModel<ParetoNbdParams> {
  readonly model = MODEL_IDS.paretoNbd;
  constructor(report: FitReport<ParetoNbdParams>) {
    super(report);
  }
  /** E[X(t)] = rβ/(α(s−1)) [1 − (β/(β+t))^(s−1)] (the s → 1 limit is rβ/α ln(1 + t/β)). */
  expectedPurchases(t: number): number;
  expectedPurchases(t: ArrayLike<number>): Float64Array;
  expectedPurchases(t: number | ArrayLike<number>): number | Float64Array {
    const { r, alpha, s, beta } = this.params;
    return mapTimes(t, (u) => {
      if (!(u >= 0)) throw new Error(`invalid time ${u}: use a non-negative number`);
      return checkPrediction((r * beta * growth(s, u / beta)) / alpha, `pareto-nbd expectedPurchases(${u})`, this.params);
    });
  }
  /** E[Y(t) | x, t_x, T] = (r+x)(β+T)/((α+T)(s−1)) [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive). */
  conditionalExpectedPurchases(t: number, customers: CustomerData): Float64Array {
    if (!(t >= 0)) throw new Error(`invalid time ${t}: use a non-negative number`);
    const d = readRft(customers, "pareto-nbd conditionalExpectedPurchases", false);
    const { r, alpha, s, beta } = this.params;
    const out = new Float64Array(d.n);
    const al = new Float64Array(1);
    const P = paretoPoint(r, alpha, s, beta);
    for (let i = 0; i < d.n; i++) {
      const x = d.x[i]!, T = d.T[i]!;
      paretoRowLog(P, x, d.tx[i]!, T, undefined, al);
      out[i] = (((r + x) * (beta + T)) / (alpha + T)) * growth(s, t / (beta + T)) * al[0]!;
    }
    return checkPredictions(out, "pareto-nbd conditionalExpectedPurchases", this.params, d);
  }
  /** P(alive | x, t_x, T) per customer. */
  probabilityAlive(customers: CustomerData): Float64Array {
    const d = readRft(customers, "pareto-nbd probabilityAlive", false);
    const { r, alpha, s, beta } = this.params;
    const out = new Float64Array(d.n);
    const al = new Float64Array(1);
    const P = paretoPoint(r, alpha, s, beta);
    for (let i = 0; i < d.n; i++) {
      paretoRowLog(P, d.x[i]!, d.tx[i]!, d.T[i]!, undefined, al);
      out[i] = al[0]!;
    }
    return checkPredictions(out, "pareto-nbd probabilityAlive", this.params, d);
  }
  /**
   * P(X(t) = n) for a new customer: NBD(n; t)·(β/(β+t))^s + ∫_0^t NBD(n; τ) sβ^s (β+τ)^-(s+1) dτ, the integral by
   * composite Gauss-Legendre (smooth integrand; 64 panels × 8 nodes gives ~1e-12 relative accuracy).
   */
  probabilityOfPurchases(n: number, t: number): number {
    if (!(Number.isInteger(n) && n >= 0)) throw new Error(`invalid count ${n}: use a non-negative integer`);
    if (!(t >= 0)) throw new Error(`invalid time ${t}: use a non-negative number`);
    const { r, alpha, s, beta } = this.params;
    // Large s (the homogeneous-dropout limit s, β → ∞): β^s folded in as −s·ln1p(τ/β), as the likelihood does.
    const big = s > 1e4;
    const alive = Math.exp(logNbdPmf(n, r, alpha, t) + (big ? -s * Math.log1p(t / beta) : s * Math.log(beta / (beta + t))));
    const f = big
      ? (tau: number) => Math.exp(logNbdPmf(n, r, alpha, tau) + Math.log(s) - s * Math.log1p(tau / beta) - Math.log(beta + tau))
      : (tau: number) => Math.exp(logNbdPmf(n, r, alpha, tau) + Math.log(s) + s * Math.log(beta) - (s + 1) * Math.log(beta + tau));
    return checkPrediction(alive + gaussLegendre(f, 0, t, 64), `pareto-nbd probabilityOfPurchases(${n}, ${t})`, this.params);
  }
}

/** (1 − (1+u)^(1−s)) / (s − 1), and its s → 1 limit ln(1+u): the growth of expected purchases. */
export function growth(s: number, u: number): number {
  const l = Math.log1p(u);
  if (Math.abs(s - 1) < 1e-10) return l;
  return -Math.expm1(-(s - 1) * l) / (s - 1);
}

/**
 * Fits the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987) by maximum likelihood with analytic gradients.
 * The likelihood's Gauss hypergeometric terms are summed in log space, so customers with thousands of purchases
 * stay finite (lifetimes and CLVTools overflow there). Input as {@link fitBgNbd}.
 * @see https://brucehardie.com/notes/009/pareto_nbd_derivations_2005-11-05.pdf
 * @example const m = fitParetoNbd({ frequency, recency, T }); m.probabilityAlive(summary)
 */
export function fitParetoNbd(data: CustomerData, options: FitOptions & BayesFitOptions = {}): ParetoNbdModel {
  if (wantsBayes(options)) return bayesFit(MODEL_IDS.paretoNbd, data, options, (r) => new ParetoNbdModel(r), () => fitParetoNbd(data, { ...options, method: "mle" }));
  const what = "fitParetoNbd";
  const d = readRft(data, what, true);
  const c = compressIfUseful([d.x, d.tx, d.T], d.w);
  const [x, tx, T] = c.columns as [Float64Array, Float64Array, Float64Array];
  const lik = paretoKernel(x, tx, T, c.weights);
  const W = lik.totalWeight;
  let sx = 0, sT = 0;
  for (let i = 0; i < x.length; i++) {
    sx += c.weights[i]! * x[i]!;
    sT += c.weights[i]! * T[i]!;
  }
  const rate = Math.max(sx / Math.max(sT, 1e-12), 1e-6);
  const meanT = sT / W;
  const start = new Float64Array([1, 1 / rate, 1, Math.max(meanT, 1e-6)]);
  const raw = fitMaximumLikelihood(lik, start, options, what);
  return new ParetoNbdModel(makeReport<ParetoNbdParams>(PNBD_NAMES, raw, { customers: W, options, timeUnit: d.timeUnit }));
}

/**
 * The Pareto/NBD likelihood on (compressed) rows, with a strided subsample for warm starts. The alive term and the
 * integral's end at T depend on (x, T) only, and the end at t_x on (x, t_x) only, so where those pairs repeat each is
 * evaluated once per distinct pair and call (CDNOW: 464 (x, T) and 586 (x, t_x) pairs for 1,016 rows) and the rows
 * are combined from them in their order: the same arithmetic as row-by-row evaluation, so the same value bit for bit.
 */
export function paretoKernel(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array): Likelihood {
  const g = groupByValue(x, w);
  const m = x.length;
  let W = 0;
  for (let i = 0; i < m; i++) W += w[i]!;
  const rg = new Float64Array(4);
  const dpr = new Float64Array(1);
  // Per-pair caches, filled lazily at each call's parameters: a pair is current when its stamp equals the call's.
  const pT = pairSlots(g.slot, T, w), pt = pairSlots(g.slot, tx, w);
  const alive = pairCache(pT), endT = pairCache(pT), endTx = pairCache(pt);
  let epoch = 0;
  return {
    names: PNBD_NAMES,
    totalWeight: W,
    analyticGradient: true,
    subsample() {
      const sub = strided([x, tx, T], w, 20_000);
      return sub ? paretoKernel(sub.columns[0]!, sub.columns[1]!, sub.columns[2]!, sub.weights) : undefined;
    },
    predictionProblem(p) {
      const m = new ParetoNbdModel(givenReport(PNBD_NAMES, named<ParetoNbdParams>(PNBD_NAMES, p)));
      const rows = { frequency: x, recency: tx, T };
      return predictionProblem(() => checkHorizons(T).flatMap((t) => [m.conditionalExpectedPurchases(t, rows), m.probabilityAlive(rows), Float64Array.of(m.expectedPurchases(t))]));
    },
    logLik(p, grad) {
      const r = p[0]!, alpha = p[1]!, s = p[2]!, beta = p[3]!;
      let ll = 0, gr = 0, ga = 0, gs = 0, gb = 0;
      // ln Γ(r+x) − ln Γ(r) per distinct x; α^r β^s is folded into each row (paretoRowLog).
      for (let k = 0; k < g.distinct.length; k++) {
        const xk = g.distinct[k]!, wk = g.slotWeights[k]!;
        ll += wk * logPochhammer(r, xk, grad ? dpr : undefined);
        if (grad) gr += wk * dpr[0]!;
      }
      const P = paretoPoint(r, alpha, s, beta);
      // A fresh stamp per call: the parameters and whether gradients are wanted both belong to the call.
      epoch = epoch === 0x7fffffff ? 1 : epoch + 1;
      if (epoch === 1) for (const c of [alive, endT, endTx]) c.stamps.fill(0);
      const gd = grad !== undefined;
      for (let i = 0; i < m; i++) {
        const wi = w[i]!, xi = x[i]!, txi = tx[i]!, Ti = T[i]!;
        if (!pT && !pt) ll += wi * paretoRowLog(P, xi, txi, Ti, gd ? rg : undefined);
        else {
          const le = pairTerm(alive, i, epoch, paretoAliveLog, P, xi, Ti, gd);
          let l1 = NaN, l2 = NaN;
          if (txi < Ti && !usesQuadrature(P, txi)) {
            l1 = pairTerm(endTx, i, epoch, logEnd, P, xi, txi, gd);
            l2 = pairTerm(endT, i, epoch, logEnd, P, xi, Ti, gd);
          }
          ll += wi * paretoRowFromTerms(P, xi, txi, Ti, le, pairGradient(alive, i), l1, pairGradient(endTx, i), l2, pairGradient(endT, i), gd ? rg : undefined);
        }
        if (grad) {
          gr += wi * rg[0]!;
          ga += wi * rg[1]!;
          gs += wi * rg[2]!;
          gb += wi * rg[3]!;
        }
      }
      if (grad) {
        grad[0] = gr;
        grad[1] = ga;
        grad[2] = gs;
        grad[3] = gb;
      }
      return ll;
    },
  };
}

/**
 * Each row's distinct (x, v) pair (x given by its slot from groupByValue) and the number of pairs, or undefined when
 * v has few repeats ({@link sharedValues}) or more than 90% of the rows are distinct pairs: nothing worth caching.
 */
function pairSlots(xSlot: Int32Array, v: Float64Array, w: Float64Array): { slot: Int32Array; n: number } | undefined {
  const gv = sharedValues(v, w);
  if (!gv) return undefined;
  const nv = gv.distinct.length;
  const index = new Map<number, number>();
  const slot = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const key = xSlot[i]! * nv + gv.slot[i]!;
    let j = index.get(key);
    if (j === undefined) index.set(key, (j = index.size));
    slot[i] = j;
  }
  return index.size <= 0.9 * v.length ? { slot, n: index.size } : undefined;
}

/** One per-pair cache of a likelihood term: value and gradient per pair, and the call stamp each was computed at. */
interface PairCache {
  /** Each row's pair, or undefined when the term is computed row by row (into `scratch`). */
  readonly slot: Int32Array | undefined;
  readonly values: Float64Array;
  readonly gradients: Float64Array[];
  readonly stamps: Int32Array;
  readonly scratch: Float64Array;
}

function pairCache(pairs: { slot: Int32Array; n: number } | undefined): PairCache {
  const n = pairs?.n ?? 0;
  return { slot: pairs?.slot, values: new Float64Array(n), gradients: Array.from({ length: n }, () => new Float64Array(4)), stamps: new Int32Array(n), scratch: new Float64Array(4) };
}

/** Row i's term f(P, x, t), from its pair's cache when current at this call (`epoch`), else computed (and cached). */
function pairTerm(c: PairCache, i: number, epoch: number, f: (P: ParetoPoint, x: number, t: number, g: Float64Array | undefined) => number, P: ParetoPoint, x: number, t: number, gd: boolean): number {
  if (!c.slot) return f(P, x, t, gd ? c.scratch : undefined);
  const j = c.slot[i]!;
  if (c.stamps[j] !== epoch) {
    c.stamps[j] = epoch;
    c.values[j] = f(P, x, t, gd ? c.gradients[j] : undefined);
  }
  return c.values[j]!;
}

/** Where {@link pairTerm} left row i's gradient. */
function pairGradient(c: PairCache, i: number): Float64Array {
  return c.slot ? c.gradients[c.slot[i]!]! : c.scratch;
}
