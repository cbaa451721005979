import { digamma, gammaln } from "../special/gamma.js";
import { FREQUENCY, MONETARY, WEIGHTS, readColumns, type CustomerData } from "./columns.js";
import { compressIfUseful, groupByValue, strided } from "./compressRows.js";
import { fitMaximumLikelihood, makeReport, type FitOptions, type FitReport, type Likelihood } from "./fitBase.js";
import { FittedModel } from "./fittedModel.js";
import { bayesFit, wantsBayes, type BayesFitOptions } from "./bayesHook.js";

/** Gamma-Gamma parameters: transaction value ~ Gamma(p, rate ν), ν ~ Gamma(q, rate v). Mean spend pv/(q−1). */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}
const GG_NAMES = ["p", "q", "v"] as const;

/** A fitted (or loaded) Gamma-Gamma spend model. */
export class GammaGammaModel extends FittedModel<GammaGammaParams> {
  readonly model = "gamma-gamma" as const;
  /** Customers left out of the fit: repeat buyers whose mean spend was zero or negative (all returns / free orders). */
  readonly excludedNonPositiveSpend: number;
  /** Customers without repeat purchases, not used by the fit (they get the population mean). */
  readonly excludedNoRepeat: number;
  constructor(report: FitReport<GammaGammaParams>, excludedNonPositiveSpend = 0, excludedNoRepeat = 0) {
    super(report);
    this.excludedNonPositiveSpend = excludedNonPositiveSpend;
    this.excludedNoRepeat = excludedNoRepeat;
  }
  protected override extra(): Record<string, number> {
    return { excludedNonPositiveSpend: this.excludedNonPositiveSpend, excludedNoRepeat: this.excludedNoRepeat };
  }
  /** Population mean transaction value E[Z] = p v / (q − 1) (infinite when q <= 1). */
  get meanSpend(): number {
    const { p, q, v } = this.params;
    return q > 1 ? (p * v) / (q - 1) : Infinity;
  }
  /**
   * E[Z | x, z̄] = p(v + x z̄)/(px + q − 1) per customer (Fader & Hardie 2013, eq. 5). Customers with no repeat
   * purchase (x = 0) get the population mean pv/(q−1), never zero; a zero or negative z̄ with x > 0 is treated as
   * no usable spend information and also gets the population mean (count in `lastNonPositiveSpend`).
   */
  conditionalExpectedSpend(customers: CustomerData): Float64Array {
    const d = readColumns(customers, [FREQUENCY, MONETARY], "gamma-gamma conditionalExpectedSpend");
    const x = d.columns.frequency!, z = d.columns.monetaryValue!;
    const { p, q, v } = this.params;
    if (!(q > 1)) throw new Error(`gamma-gamma q = ${q} <= 1: the mean spend is infinite; refit with more repeat buyers or a penalty`);
    const mean = (p * v) / (q - 1);
    const out = new Float64Array(d.n);
    let bad = 0;
    for (let i = 0; i < d.n; i++) {
      const xi = x[i]!, zi = z[i]!;
      if (xi < 0) throw new Error(`gamma-gamma conditionalExpectedSpend: frequency row ${i + 1} is ${xi}: repeat purchases cannot be negative`);
      if (xi > 0 && zi > 0) out[i] = (p * (v + xi * zi)) / (p * xi + q - 1);
      else {
        if (xi > 0) bad++;
        out[i] = mean;
      }
    }
    this.lastNonPositiveSpend = bad;
    return out;
  }
  /** Repeat buyers with zero/negative mean spend seen by the last `conditionalExpectedSpend` call (given the population mean). */
  lastNonPositiveSpend = 0;
}

/**
 * Fits the Gamma-Gamma model of monetary value (Fader & Hardie 2013) to repeat buyers: columns `frequency`
 * (repeat purchases) and `monetaryValue` (mean repeat-purchase value; `monetary_value` or `zbar` also accepted),
 * optional `weights`. Customers with frequency 0 are not informative and are skipped; repeat buyers with zero or
 * negative mean spend cannot come from a gamma and are excluded and reported (`excludedNonPositiveSpend`, warnings).
 * @see https://brucehardie.com/notes/025/gamma_gamma.pdf
 * @example const gg = fitGammaGamma({ frequency, monetaryValue }); gg.conditionalExpectedSpend(summary)
 */
export function fitGammaGamma(data: CustomerData, options: FitOptions & BayesFitOptions = {}): GammaGammaModel {
  if (wantsBayes(options)) return bayesFit("gamma-gamma", data, options, (r, m) => new GammaGammaModel(r, (m as GammaGammaModel).excludedNonPositiveSpend, (m as GammaGammaModel).excludedNoRepeat), () => fitGammaGamma(data, { ...options, method: "mle" }));
  const what = "fitGammaGamma";
  const d = readColumns(data, [FREQUENCY, MONETARY, WEIGHTS], what);
  const x0 = d.columns.frequency!, z0 = d.columns.monetaryValue!, w0 = d.columns.weights;
  let nonPos = 0, noRepeat = 0, keep = 0;
  for (let i = 0; i < d.n; i++) {
    const wi = w0 ? w0[i]! : 1;
    if (x0[i]! < 0) throw new Error(`${what}: frequency row ${i + 1} is ${x0[i]}: repeat purchases cannot be negative`);
    if (x0[i] === 0) noRepeat += wi;
    else if (!(z0[i]! > 0)) nonPos += wi;
    else keep++;
  }
  const xs = new Float64Array(keep), zs = new Float64Array(keep), ws = new Float64Array(keep);
  for (let i = 0, j = 0; i < d.n; i++)
    if (x0[i]! > 0 && z0[i]! > 0) {
      xs[j] = x0[i]!;
      zs[j] = z0[i]!;
      ws[j++] = w0 ? w0[i]! : 1;
    }
  if (keep === 0) throw new Error(`${what}: no repeat buyers with positive mean spend (${d.n} rows: ${noRepeat} without repeat purchases, ${nonPos} with zero or negative spend); the model needs customers with frequency > 0 and monetary value > 0`);
  const c = compressIfUseful([xs, zs], ws);
  const [x, z] = c.columns as [Float64Array, Float64Array];
  const lik = ggKernel(x, z, c.weights);
  const W = lik.totalWeight;
  let sz = 0, sz2 = 0;
  for (let i = 0; i < x.length; i++) {
    sz += c.weights[i]! * z[i]!;
    sz2 += c.weights[i]! * z[i]! * z[i]!;
  }
  // Method-of-moments start: spend CV² ≈ 1/p, mean = pv/(q−1); q = 3 as a neutral shape.
  const mean = sz / W;
  const cv2 = Math.max(sz2 / W / (mean * mean) - 1, 1e-3);
  const p0 = Math.min(Math.max(1 / cv2, 0.1), 100);
  const start = new Float64Array([p0, 3, (2 * mean) / p0]);
  const raw = fitMaximumLikelihood(lik, start, options, what);
  const warnings: string[] = [];
  if (nonPos > 0) warnings.push(`${nonPos} repeat buyer(s) with zero or negative mean spend excluded from the fit; they get the population mean spend`);
  return new GammaGammaModel(makeReport<GammaGammaParams>(GG_NAMES, raw, W, options.penalty ?? 0, options.confidenceLevel ?? 0.95, d.timeUnit, warnings), nonPos, noRepeat);
}

/** The Gamma-Gamma likelihood on (compressed) rows (x > 0, z̄ > 0). */
export function ggKernel(x: Float64Array, z: Float64Array, w: Float64Array): Likelihood {
  const m = x.length;
  const g = groupByValue(x, w);
  // Constants of the data: Σw x ln z̄, Σw ln z̄, and per distinct x the x ln x terms.
  let W = 0, sxlz = 0, slz = 0, sxlx = 0;
  for (let i = 0; i < m; i++) {
    const lz = Math.log(z[i]!);
    W += w[i]!;
    sxlz += w[i]! * x[i]! * lz;
    slz += w[i]! * lz;
    sxlx += w[i]! * x[i]! * Math.log(x[i]!);
  }
  return {
    names: GG_NAMES,
    totalWeight: W,
    analyticGradient: true,
    subsample() {
      const sub = strided([x, z], w);
      return sub ? ggKernel(sub.columns[0]!, sub.columns[1]!, sub.weights) : undefined;
    },
    logLik(par, grad) {
      const p = par[0]!, q = par[1]!, v = par[2]!;
      const lv = Math.log(v), lgq = gammaln(q);
      // ln f = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln v + (px−1) ln z̄ + px ln x − (px+q) ln(v + x z̄)
      let ll = p * sxlz - slz + p * sxlx + W * (q * lv - lgq);
      let gp = sxlz + sxlx, gq = W * (lv - (grad ? digamma(q) : 0)), gv = (W * q) / v;
      for (let k = 0; k < g.distinct.length; k++) {
        const xk = g.distinct[k]!, wk = g.slotWeights[k]!;
        ll += wk * (gammaln(p * xk + q) - gammaln(p * xk));
        if (grad) {
          const dpq = digamma(p * xk + q);
          gp += wk * xk * (dpq - digamma(p * xk));
          gq += wk * dpq;
        }
      }
      for (let i = 0; i < m; i++) {
        const xi = x[i]!, wi = w[i]!;
        const den = v + xi * z[i]!;
        const l = Math.log(den);
        const pq = p * xi + q;
        ll -= wi * pq * l;
        if (grad) {
          gp -= wi * xi * l;
          gq -= wi * l;
          gv -= (wi * pq) / den;
        }
      }
      if (grad) {
        grad[0] = gp;
        grad[1] = gq;
        grad[2] = gv;
      }
      return ll;
    },
  };
}
