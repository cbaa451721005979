import { digamma, gammaln, trigamma } from "../numeric/special/gamma.js";
import { FREQUENCY, MONETARY, WEIGHTS, readColumns, type CustomerData } from "./columns.js";
import { compressIfUseful, groupByValue, strided } from "./compressRows.js";
import { fitMaximumLikelihood, type Likelihood } from "./maximumLikelihood.js";
import { givenReport, makeReport, named, type FitOptions, type FitReport } from "./fitReport.js";
import { MODEL_IDS } from "./modelIds.js";
import { FittedModel } from "./fittedModel.js";
import { bayesFit, wantsBayes, type BayesFitOptions } from "./bayesHook.js";
import { checkPredictions, predictionProblem } from "./checkPredictions.js";
import { gammaGammaConditionalSpend, type GammaGammaParams } from "./gammaGammaSpend.js";
import { validateSummary } from "./validateSummary.js";
import { screenSpendRows } from "./gammaGammaScreen.js";
import { optimizeAtLoad } from "./optimizeAtLoad.js";

export type { GammaGammaParams } from "./gammaGammaSpend.js";
const GG_NAMES = ["p", "q", "v"] as const;

/** A fitted (or loaded) Gamma-Gamma spend model (immutable: predicting never changes it). */
export class GammaGammaModel extends FittedModel<GammaGammaParams> {
  readonly model = MODEL_IDS.gammaGamma;
  /** Customers left out of the fit: repeat buyers whose mean spend was zero or negative (all returns / free orders). */
  readonly excludedNonPositiveSpend: number;
  /** Customers without repeat purchases, not used by the fit (they get the population mean). */
  readonly excludedNoRepeat: number;
  /**
   * Set when every repeat buyer's mean spend was the same value: the maximum lies at the limit p, q → ∞ (no variation
   * in spend), and every customer's expected spend is this constant.
   */
  readonly constantSpend?: number;
  constructor(report: FitReport<GammaGammaParams>, excludedNonPositiveSpend = 0, excludedNoRepeat = 0, constantSpend?: number) {
    super(report);
    this.excludedNonPositiveSpend = excludedNonPositiveSpend;
    this.excludedNoRepeat = excludedNoRepeat;
    if (constantSpend !== undefined) this.constantSpend = constantSpend;
  }
  protected override extra(): Record<string, number> {
    const e: Record<string, number> = { excludedNonPositiveSpend: this.excludedNonPositiveSpend, excludedNoRepeat: this.excludedNoRepeat };
    if (this.constantSpend !== undefined) e.constantSpend = this.constantSpend;
    return e;
  }
  /** Population mean transaction value E[Z] = p v / (q − 1) (infinite when q <= 1; the constant in the degenerate limit). */
  get meanSpend(): number {
    if (this.constantSpend !== undefined) return this.constantSpend;
    const { p, q, v } = this.params;
    return q > 1 ? (p * v) / (q - 1) : Infinity;
  }
  /**
   * E[Z | x, z̄] = p(v + x z̄)/(px + q − 1) per customer (Fader & Hardie 2013, eq. 5). Customers with no repeat
   * purchase (x = 0) get the population mean pv/(q−1), never zero; a zero or negative z̄ with x > 0 is treated as
   * no usable spend information and also gets the population mean (count them with `nonPositiveSpend`).
   */
  conditionalExpectedSpend(customers: CustomerData): Float64Array {
    const what = "gamma-gamma conditionalExpectedSpend";
    const d = readColumns(customers, [FREQUENCY, MONETARY], what);
    return checkPredictions(gammaGammaConditionalSpend(this.params, d.columns.frequency!, d.columns.monetaryValue!, this.constantSpend), what, this.params, d);
  }
  /** Repeat buyers among `customers` whose mean spend is zero or negative (they get the population mean). */
  nonPositiveSpend(customers: CustomerData): number {
    const d = readColumns(customers, [FREQUENCY, MONETARY], "gamma-gamma nonPositiveSpend");
    let bad = 0;
    for (let i = 0; i < d.n; i++) if (d.columns.frequency![i]! > 0 && !(d.columns.monetaryValue![i]! > 0)) bad++;
    return bad;
  }
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
  if (wantsBayes(options)) return bayesFit(MODEL_IDS.gammaGamma, data, options, (r, m) => new GammaGammaModel(r, (m as GammaGammaModel).excludedNonPositiveSpend, (m as GammaGammaModel).excludedNoRepeat), () => fitGammaGamma(data, { ...options, method: "mle" }));
  const what = "fitGammaGamma";
  // One pass over the customers checks them (readColumns leaves its finiteness pass to it), counts the excluded ones
  // and keeps the repeat buyers with positive spend: at a million customers each separate pass cost a few ms.
  const d = readColumns(data, [FREQUENCY, MONETARY, WEIGHTS], what, true);
  const x0 = d.columns.frequency!, z0 = d.columns.monetaryValue!, w0 = d.columns.weights;
  const s = screenSpendRows(x0, z0, w0);
  if (!s.clean) {
    // The screen only tells that some value is not finite or not valid: the full checks name the row.
    d.checkFinite!();
    validateSummary({ frequency: x0, weights: w0 }, what);
  }
  const { noRepeat, nonPositive: nonPos } = s;
  const xs = s.x, ws = s.w, keep = xs.length;
  let zs = s.z;
  if (keep === 0) throw new Error(`${what}: no repeat buyers with positive mean spend (${d.n} rows: ${noRepeat} without repeat purchases, ${nonPos} with zero or negative spend); the model needs customers with frequency > 0 and monetary value > 0`);
  const flat = flatMeanSpend(zs, ws, s.lo, s.hi);
  const warnings: string[] = [];
  if (nonPos > 0) warnings.push(`${nonPos} repeat buyer(s) with zero or negative mean spend excluded from the fit; they get the population mean spend`);
  // The likelihood grows without bound as p, q → ∞ when mean spends do not vary: no maximum exists, the limit predicts
  // the constant for everyone.
  const degenerate = (why: string) => {
    const W = ws.reduce((a, b) => a + b, 0);
    const nan = named<GammaGammaParams>(GG_NAMES, [NaN, NaN, NaN]);
    const text = flat!.spread === 0
      ? `every repeat buyer's mean spend is ${flat!.mean} (no variation between customers)${why}: the Gamma-Gamma likelihood has no maximum (p, q → ∞), so the model returns its limit, an expected spend of exactly ${flat!.mean} for every customer`
      : `the repeat buyers' mean spends vary by at most ${(flat!.spread * 100).toPrecision(2)}% (near-zero variation between customers)${why}: the Gamma-Gamma fit runs to its limit p, q → ∞, so the model returns that limit, the weighted mean spend ${flat!.mean} for every customer (within ${(flat!.spread * 100).toPrecision(2)}% of each customer's own mean)`;
    const report = givenReport<GammaGammaParams>(GG_NAMES, { p: 1, q: 2, v: flat!.mean }, { converged: false, method: "constant spend (degenerate limit)", customers: W, penalty: options.penalty ?? 0, timeUnit: d.timeUnit, warnings: [...warnings, `${text}; not converged, and the parameters only record that mean`], confidenceIntervals: { lower: nan, upper: nan, level: options.confidenceLevel ?? 0.95 } });
    return new GammaGammaModel(report, nonPos, noRepeat, flat!.mean);
  };
  if (flat && flat.spread <= 1e-9) return degenerate("");
  // The model is scale-equivariant (z → c·z leaves p, q and maps v → c·v): spends so large or small that their squares
  // leave double range (1e300 gave a NaN start) are fitted in units of their geometric mean, and v is scaled back.
  const scale = s.outOfRange > 0 ? geometricMeanSpend(zs, ws) : 1;
  if (scale !== 1) zs = zs.map((v) => v / scale); // a copy: zs may be the caller's column
  const c = compressIfUseful([xs, zs], ws);
  const [x, z] = c.columns as [Float64Array, Float64Array];
  const sums = ggSums(x, z, c.weights);
  const lik = ggKernel(x, z, c.weights, sums);
  const W = lik.totalWeight;
  // Method-of-moments start: spend CV² ≈ 1/p, mean = pv/(q−1); q = 3 as a neutral shape.
  const mean = sums.sz / W;
  const cv2 = Math.max(sums.sz2 / W / (mean * mean) - 1, 1e-3);
  const p0 = Math.min(Math.max(1 / cv2, 0.1), 100);
  const start = new Float64Array([p0, 3, (2 * mean) / p0]);
  let raw: ReturnType<typeof fitMaximumLikelihood>;
  try {
    const given = options.initialParams;
    raw = fitMaximumLikelihood(lik, start, scale !== 1 && given?.v !== undefined ? { ...options, initialParams: { ...given, v: given.v / scale } } : options, what);
    if (scale !== 1) {
      for (const a of [raw.params, raw.se, raw.lower, raw.upper]) a[2] = a[2]! * scale;
      raw.logLikelihood -= W * Math.log(scale); // density of z̄ = density of z̄/c divided by c, per customer
      raw.warnings.push(`mean spends reach ${zs.reduce((a, b) => Math.max(a, b), -Infinity) * scale}: fitted in units of ${scale.toPrecision(6)} (their geometric mean) and v scaled back`);
    }
  } catch (e) {
    if (flat) return degenerate(` and the fit failed (${(e as Error).message})`);
    throw e;
  }
  if (flat && !raw.converged) return degenerate(" and the fit did not converge");
  return new GammaGammaModel(makeReport<GammaGammaParams>(GG_NAMES, raw, { customers: W, options, timeUnit: d.timeUnit, warnings }), nonPos, noRepeat);
}

/** The weighted geometric mean of the spends (the unit they are fitted in when any lies outside [1e-100, 1e100]). */
function geometricMeanSpend(z: Float64Array, w: Float64Array): number {
  let sl = 0, sw = 0;
  for (let i = 0; i < z.length; i++) {
    sl += w[i]! * Math.log(z[i]!);
    sw += w[i]!;
  }
  return Math.exp(sl / sw);
}

/**
 * The weighted mean and relative spread (max/min − 1) of the customers' mean spends when that spread is at most 1%
 * (a flat price, or a flat price with rounding); undefined otherwise. `lo`, `hi`: the smallest and largest spend with
 * a positive weight (±Infinity when none has one).
 */
function flatMeanSpend(z: Float64Array, w: Float64Array, lo: number, hi: number): { mean: number; spread: number } | undefined {
  const spread = hi / lo - 1;
  if (!(spread <= 0.01)) return undefined;
  let sw = 0, sz = 0;
  for (let i = 0; i < z.length; i++) {
    if (!(w[i]! > 0)) continue;
    sw += w[i]!;
    sz += w[i]! * z[i]!;
  }
  if (!(sw > 0)) return undefined;
  return { mean: spread === 0 ? lo : sz / sw, spread };
}

/**
 * The rows' sums the likelihood needs (Σw, Σw x ln z̄, Σw ln z̄; per distinct x its weight and Σw x ln x) and the
 * start's Σw z̄, Σw z̄², in one pass with one log per row. The distinct x (repeat-purchase counts) are found in the
 * same pass while they are whole numbers below 4096, as groupByValue finds them (first appearance, weights summed in
 * row order); otherwise by groupByValue.
 */
function ggSums(x: Float64Array, z: Float64Array, w: Float64Array) {
  const L = 4096, slotOf = new Int32Array(L).fill(-1), first = new Float64Array(L), acc = new Float64Array(L);
  let W = 0, sxlz = 0, slz = 0, sxlx = 0, sz = 0, sz2 = 0, count = 0, small = true;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!, wi = w[i]!, zi = z[i]!, lz = Math.log(zi);
    W += wi;
    sxlz += wi * xi * lz;
    slz += wi * lz;
    const wz = wi * zi;
    sz += wz;
    sz2 += wz * zi;
    if (xi >= 0 && xi < L && Math.floor(xi) === xi) {
      let k = slotOf[xi]!;
      if (k < 0) {
        k = slotOf[xi] = count++;
        first[k] = xi;
      }
      acc[k] = acc[k]! + wi;
    } else small = false;
  }
  const g = small ? { distinct: first.slice(0, count), slotWeights: acc.slice(0, count) } : groupByValue(x, w);
  for (let k = 0; k < g.distinct.length; k++) sxlx += g.slotWeights[k]! * g.distinct[k]! * Math.log(g.distinct[k]!); // one log per distinct x
  return { W, sxlz, slz, sxlx, sz, sz2, distinct: g.distinct, slotWeights: g.slotWeights };
}

/** The Gamma-Gamma likelihood on (compressed) rows (x > 0, z̄ > 0); `g`: their {@link ggSums} when already known. */
export function ggKernel(x: Float64Array, z: Float64Array, w: Float64Array, g = ggSums(x, z, w)): Likelihood {
  const m = x.length;
  const { W, sxlz, slz, sxlx } = g;
  const sums = new Float64Array(7);
  return {
    names: GG_NAMES,
    totalWeight: W,
    analyticGradient: true,
    analyticHessian: true,
    subsample() {
      const sub = strided([x, z], w);
      return sub ? ggKernel(sub.columns[0]!, sub.columns[1]!, sub.weights) : undefined;
    },
    predictionProblem(par) {
      return predictionProblem(() => [gammaGammaConditionalSpend(named<GammaGammaParams>(GG_NAMES, par), x, z), gammaGammaConditionalSpend(named<GammaGammaParams>(GG_NAMES, par), [0], [0])]);
    },
    logLik(par, grad, hess) {
      const p = par[0]!, q = par[1]!, v = par[2]!;
      // Hessian (p, q, v): ψ₁ terms per distinct x, and per row only ∂²/∂v² and the v cross terms of −(px+q) ln(v + x z̄).
      const H = grad !== undefined && hess !== undefined;
      let hpp = 0, hpq = 0, hqq = H ? -W * trigamma(q) : 0, hpv = 0, hqv = W / v, hvv = H ? (-W * q) / (v * v) : 0;
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
        if (H) {
          const tpq = trigamma(p * xk + q);
          hpp += wk * xk * xk * (tpq - trigamma(p * xk));
          hpq += wk * xk * tpq;
          hqq += wk * tpq;
        }
      }
      // The row loop lives in module-level functions, whose optimized code is shared by every kernel (the subsample
      // fits warm it up for the full data).
      const acc = sums;
      acc[0] = ll;
      acc[1] = gp;
      acc[2] = gq;
      acc[3] = gv;
      if (H) {
        acc[4] = hpv;
        acc[5] = hqv;
        acc[6] = hvv;
      }
      ggRows(x, z, w, m, p, q, v, H, acc);
      if (H) {
        hpv = acc[4]!;
        hqv = acc[5]!;
        hvv = acc[6]!;
      }
      ll = acc[0]!;
      gp = acc[1]!;
      gq = acc[2]!;
      gv = acc[3]!;
      if (grad) {
        grad[0] = gp;
        grad[1] = gq;
        grad[2] = gv;
      }
      if (H) {
        hess[0] = hpp;
        hess[1] = hess[3] = hpq;
        hess[2] = hess[6] = hpv;
        hess[4] = hqq;
        hess[5] = hess[7] = hqv;
        hess[8] = hvv;
      }
      return ll;
    },
  };
}

// The first fit meets a million rows: its loops (the sums, the row terms, the special functions per distinct x) are
// optimized at load through the likelihood's own calls.
{
  const R = 48, x = new Float64Array(R), z = new Float64Array(R), w = new Float64Array(R);
  for (let i = 0; i < R; i++) {
    x[i] = 1 + (i % 6);
    z[i] = 10 + i / 3;
    w[i] = 1 + (i % 3);
  }
  const par = Float64Array.of(6, 4, 15), grad = new Float64Array(3), hess = new Float64Array(9);
  optimizeAtLoad((k) => {
    par[0] = 6 + k / 64;
    ggKernel(x, z, w).logLik(par, k % 4 ? grad : undefined, k % 2 ? hess : undefined);
  });
}

/**
 * Adds the rows' −Σ w (px+q) ln(v + x z̄) and its gradient to acc = [ll, ∂p, ∂q, ∂v] and, when `hess`, their ∂²/∂v²
 * and v cross terms to acc[4..6] = (pv, qv, vv); one reciprocal a row instead of three divisions.
 */
function ggRows(x: Float64Array, z: Float64Array, w: Float64Array, m: number, p: number, q: number, v: number, hess: boolean, acc: Float64Array): void {
  let ll = acc[0]!, gp = acc[1]!, gq = acc[2]!, gv = acc[3]!, hpv = acc[4]!, hqv = acc[5]!, hvv = acc[6]!;
  for (let i = 0; i < m; i++) {
    const xi = x[i]!, wi = w[i]!;
    const den = v + xi * z[i]!;
    const l = Math.log(den);
    const pq = p * xi + q;
    ll -= wi * pq * l;
    gp -= wi * xi * l;
    gq -= wi * l;
    const iden = 1 / den, u = wi * iden;
    gv -= u * pq;
    if (!hess) continue;
    hpv -= u * xi;
    hqv -= u;
    hvv += u * pq * iden;
  }
  acc[0] = ll;
  acc[1] = gp;
  acc[2] = gq;
  acc[3] = gv;
  acc[4] = hpv;
  acc[5] = hqv;
  acc[6] = hvv;
}
