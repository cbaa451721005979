import { logPochhammer } from "../numeric/special/logPochhammer.js";
import { readRft, type CustomerData } from "./columns.js";
import { bayesFit, wantsBayes, type BayesFitOptions } from "./bayesHook.js";
import { compressIfUseful, groupByValue, strided } from "./compressRows.js";
import { fitMaximumLikelihood, type Likelihood } from "./maximumLikelihood.js";
import { givenReport, makeReport, named, type FitOptions, type FitReport } from "./fitReport.js";
import { MODEL_IDS } from "./registry.js";
import { FittedModel, mapTimes } from "./fittedModel.js";
import { logNbdPmf } from "./nbd.js";
import { checkHorizons, checkPrediction, checkPredictions, predictionProblem } from "./checkPredictions.js";
import { gaussLegendre } from "../numeric/quadrature.js";
import { PNBD_NAMES, paretoPoint, paretoRowLog, type ParetoNbdParams } from "./paretoNbdCore.js";

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
function growth(s: number, u: number): number {
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

/** The Pareto/NBD likelihood on (compressed) rows, with a strided subsample for warm starts. */
export function paretoKernel(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array): Likelihood {
  const g = groupByValue(x, w);
  const m = x.length;
  let W = 0;
  for (let i = 0; i < m; i++) W += w[i]!;
  const rg = new Float64Array(4);
  const dpr = new Float64Array(1);
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
      for (let i = 0; i < m; i++) {
        const wi = w[i]!;
        ll += wi * paretoRowLog(P, x[i]!, tx[i]!, T[i]!, grad ? rg : undefined);
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
