// The BG/NBD (Fader, Hardie & Lee 2005) and MBG/NBD (Batislam, Denizel & Filiztekin 2007) share one likelihood
// kernel and prediction code; `modified` switches MBG/NBD's dropout-at-time-0 (internal).
import hyp2f1 from "@stdlib/math-base-special-hyp2f1";
import { betaln } from "../numeric/special/gamma.js";
import { log2F1 } from "../numeric/special/log2F1.js";
import { logPochhammer } from "../numeric/special/logPochhammer.js";
import { logPochhammerTable } from "../numeric/special/logPochhammerTable.js";
import { compressIfUseful, groupByValue, sharedValues, strided } from "./compressRows.js";
import { readRft, type CustomerData } from "./columns.js";
import { type Likelihood } from "./maximumLikelihood.js";
import { named } from "./fitReport.js";
import { checkHorizons, predictionProblem } from "./checkPredictions.js";
import { MODEL_IDS } from "./modelIds.js";
import { logNbdPmf, nbdTail } from "./nbd.js";
import { checkPrediction, checkPredictions } from "./checkPredictions.js";

/** Parameters of the BG/NBD and MBG/NBD: purchase rate λ ~ Gamma(r, alpha) (rate alpha, in 1/time unit), dropout p ~ Beta(a, b). */
export type BgNbdParams = {
  r: number;
  alpha: number;
  a: number;
  b: number;
};
export const BG_NAMES = ["r", "alpha", "a", "b"] as const;

/** Builds the compressed likelihood of the BG/NBD (modified = false) or MBG/NBD (true). */
export function bgNbdLikelihood(data: CustomerData, modified: boolean, what: string): { lik: Likelihood; start: Float64Array; n: number; timeUnit: ReturnType<typeof readRft>["timeUnit"] } {
  const d = readRft(data, what, true);
  const c = compressIfUseful([d.x, d.tx, d.T], d.w);
  const [x, tx, T] = c.columns as [Float64Array, Float64Array, Float64Array];
  const lik = bgKernel(x, tx, T, c.weights, modified);
  let sx = 0, sT = 0;
  for (let i = 0; i < x.length; i++) {
    sx += c.weights[i]! * x[i]!;
    sT += c.weights[i]! * T[i]!;
  }
  // Start: r = 1 with alpha matching the mean repeat rate; a = 1, b = 3 (a dropout probability near 1/4).
  const rate = Math.max(sx / Math.max(sT, 1e-12), 1e-6);
  const start = new Float64Array([1, 1 / rate, 1, 3]);
  return { lik, start, n: lik.totalWeight, timeUnit: d.timeUnit };
}

/** The BG/NBD-family likelihood on (compressed) rows. */
function bgKernel(x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array, modified: boolean): Likelihood {
  const g = groupByValue(x, w);
  const m = x.length;
  const K = g.distinct.length;
  const slot = g.slot;
  const xs = g.distinct;
  const sw = g.slotWeights;
  let W = 0;
  for (let i = 0; i < m; i++) W += w[i]!;
  const shift = modified ? 1 : 0;
  const lbx = new Float64Array(K); // ln(b + x - 1 + shift) per distinct x
  const ibx = new Float64Array(K);
  const d1 = new Float64Array(1), d2 = new Float64Array(1), d3 = new Float64Array(1);
  // ln(α+T) and ln(α+t_x) once per distinct T and t_x (CDNOW: 84 and 257 values for 1,016 rows); the same
  // operations as per row, so the log-likelihood is bit-identical.
  // Large uncompressed inputs (continuous times) have nearly all values distinct and keep the per-row logs.
  const gT = sharedValues(T, w), gt = sharedValues(tx, w);
  const slotT = gT?.slot, slotT2 = gt?.slot, nT = gT?.distinct.length ?? 0, nt = gt?.distinct.length ?? 0;
  const logT = new Float64Array(nT), log1T = new Float64Array(nT), logt = new Float64Array(nt), log1t = new Float64Array(nt);
  // Whole frequencies up to a few times the number of distinct ones: the Pochhammer terms for every x from one
  // running sum each (logPochhammerTable) instead of ln Γ and ψ pairs per distinct x.
  let maxX = 0, whole = true;
  for (let k = 0; k < K; k++) {
    const v = xs[k]!;
    if (!(Number.isInteger(v) && v >= 0)) whole = false;
    else if (v > maxX) maxX = v;
  }
  const useTable = whole && maxX + shift <= Math.max(64, 4 * K);
  const tn = useTable ? maxX + shift + 1 : 0;
  const vr = new Float64Array(tn), dr = new Float64Array(tn), vb = new Float64Array(tn), db = new Float64Array(tn), vab = new Float64Array(tn), dab = new Float64Array(tn);
  return {
    names: BG_NAMES,
    totalWeight: W,
    analyticGradient: true,
    subsample() {
      const sub = strided([x, tx, T], w);
      return sub ? bgKernel(sub.columns[0]!, sub.columns[1]!, sub.columns[2]!, sub.weights, modified) : undefined;
    },
    predictionProblem(p) {
      const params = named<BgNbdParams>(BG_NAMES, p);
      const rows = { frequency: x, recency: tx, T };
      return predictionProblem(() => checkHorizons(T).flatMap((t) => [bgConditional(params, t, rows, modified, "check"), bgAlive(params, rows, modified, "check"), Float64Array.of(bgExpected(params, t, modified))]));
    },
    logLik(p, grad) {
      const r = p[0]!, alpha = p[1]!, a = p[2]!, b = p[3]!;
      const lA = Math.log(a), la0 = Math.log(alpha);
      let ll = 0, gr = 0, gal = 0, ga = 0, gb = 0;
      for (let j = 0; j < nT; j++) {
        logT[j] = Math.log(alpha + gT!.distinct[j]!);
        log1T[j] = logT[j]! - la0;
      }
      for (let j = 0; j < nt; j++) {
        logt[j] = Math.log(alpha + gt!.distinct[j]!);
        log1t[j] = logt[j]! - la0;
      }
      // Terms that depend on x only, one evaluation per distinct frequency: ln Γ(r+x)/Γ(r) and
      // ln B(a, b+x+shift)/B(a, b) = ln (b)_{x+shift} − ln (a+b)_{x+shift}, as Pochhammer symbols so that large r or b
      // (homogeneous purchase rate or dropout) do not cancel huge ln Γ values.
      if (useTable) {
        logPochhammerTable(r, maxX, vr, dr);
        logPochhammerTable(b, maxX + shift, vb, db);
        logPochhammerTable(a + b, maxX + shift, vab, dab);
      }
      for (let k = 0; k < K; k++) {
        const xk = xs[k]!, wk = sw[k]!;
        const n = xk + shift;
        if (useTable) {
          d1[0] = dr[xk]!;
          d2[0] = db[n]!;
          d3[0] = dab[n]!;
          ll += wk * (vr[xk]! + vb[n]! - vab[n]!);
        } else ll += wk * (logPochhammer(r, xk, grad ? d1 : undefined) + logPochhammer(b, n, grad ? d2 : undefined) - logPochhammer(a + b, n, grad ? d3 : undefined));
        const has = modified || xk > 0;
        const bx = b + n;
        lbx[k] = has ? Math.log(bx - 1) : 0;
        ibx[k] = has ? 1 / (bx - 1) : 0;
        if (grad) {
          gr += wk * d1[0]!;
          ga -= wk * d3[0]!;
          gb += wk * (d2[0]! - d3[0]!);
        }
      }
      // Per-row terms with α^r folded in: ln[α^r (α+T)^-(r+x) + [x>0 or MBG] a/(b+x-1) α^r (α+t_x)^-(r+x)],
      // with r·ln α − (r+x)·ln(α+t) written as −r·ln1p(t/α) − x·ln(α+t).
      for (let i = 0; i < m; i++) {
        const wi = w[i]!, xi = x[i]!, k = slot[i]!, rx = r + xi;
        const aT = alpha + T[i]!;
        const jT = slotT ? slotT[i]! : -1;
        const lT = jT >= 0 ? logT[jT]! : Math.log(aT);
        // ln(1 + t/α) as a difference of logs while r + x is small enough (< 1e4) for that to stay exact to ~1e-11.
        const big = rx > 1e4;
        const l1T = big ? Math.log1p(T[i]! / alpha) : jT >= 0 ? log1T[jT]! : lT - la0;
        const A3 = -r * l1T - xi * lT;
        // d/dα of A3: r/α − (r+x)/(α+T), without cancellation.
        const dA3 = ((r * T[i]!) / alpha - xi) / aT;
        if (!modified && xi === 0) {
          ll += wi * A3;
          if (grad) {
            gr -= wi * l1T;
            gal += wi * dA3;
          }
          continue;
        }
        const at = alpha + tx[i]!;
        const jt = slotT2 ? slotT2[i]! : -1;
        const lt = jt >= 0 ? logt[jt]! : Math.log(at);
        const l1t = big ? Math.log1p(tx[i]! / alpha) : jt >= 0 ? log1t[jt]! : lt - la0;
        const u = lA - lbx[k]! + rx * (big ? Math.log1p((T[i]! - tx[i]!) / at) : lT - lt); // A4 − A3
        let q: number; // weight of the A4 term
        if (u > 0) {
          const e = Math.exp(-u);
          ll += wi * (A3 + u + Math.log1p(e));
          q = 1 / (1 + e);
        } else {
          const e = Math.exp(u);
          ll += wi * (A3 + Math.log1p(e));
          q = e / (1 + e);
        }
        if (grad) {
          const q1 = 1 - q;
          gr -= wi * (q1 * l1T + q * l1t);
          gal += wi * (q1 * dA3 + (q * ((r * tx[i]!) / alpha - xi)) / at);
          ga += (wi * q) / a;
          gb -= wi * q * ibx[k]!;
        }
      }
      if (grad) {
        grad[0] = gr;
        grad[1] = gal;
        grad[2] = ga;
        grad[3] = gb;
      }
      return ll;
    },
  };
}

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

/**
 * 1 − e^L0 · 2F1(A, B; C; z) for C ≤ 0 (a customer without repeat purchases when a + b < 1), where 2F1 is negative:
 * @stdlib's signed 2F1 (its parameters are then small: no overflow). C > 0 takes the log form in the callers.
 */
function oneMinusScaled2F1(L0: number, A: number, B: number, C: number, z: number): number {
  return 1 - Math.exp(L0) * hyp2f1(A, B, C, z);
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
 * How much the rounding of L = A·ln(1/(1+u)) + ln 2F1 (each part good to ~1e-16 of its size, the log of a ratio near
 * 1 to ~1e-16 absolute, so ~A·1e-16 after the multiplier) is amplified in 1 − e^L.
 */
function amplification(A: number, la: number, lf: number, L: number): number {
  return ((A * (1 + Math.abs(la)) + Math.abs(lf)) * Math.exp(L)) / Math.abs(Math.expm1(L));
}

/** Above this amplification the textbook form has lost more than ~5 of its 16 digits: use the series instead. */
const MAX_AMPLIFICATION = 1e5;

/**
 * Expected purchases in the next t of a customer alive now, with λ ~ Gamma(A, rate c) and dropout probability
 * p ~ Beta(a, C + 1 − a): E_p[(1 − (1 + p·u)^−A) / p] with u = t/c, which equals C/(a−1)·[1 − 2F1(A, a−1; C; −u)]
 * (Pfaff's transformation of Fader, Hardie & Lee 2005, eq. 10). `textbook` gives the published form and its rounding
 * amplification. Where that form cancels (the homogeneous-Poisson limit r, α → ∞; the no-dropout limit a → 0 or
 * b → ∞; a ≈ 1) one of two cancellation-free sums is taken instead (see {@link pfaffSeries}, {@link pfaffSeriesLong}).
 * The result is multiplied by `scale` (the textbook value carries it already).
 * @see https://dlmf.nist.gov/15.8.E1 (Pfaff's transformation)
 */
function aliveMean(A: number, a: number, C: number, t: number, c: number, textbook: () => [number, number], scale = 1): number {
  let value = NaN, amp = Infinity;
  try {
    [value, amp] = textbook();
  } catch {
    // log2F1 fails (a sum that cancels to a non-positive number) exactly where the sums below are exact.
  }
  if (amp < MAX_AMPLIFICATION && Number.isFinite(value)) return value;
  const u = t / c;
  let series = pfaffSeries(A, a, C, u);
  if (!Number.isFinite(series)) series = pfaffSeriesLong(A, a, C, u);
  return Number.isFinite(series) ? scale * series : value;
}

/**
 * Σ_{n≥1} (−1)^{n+1} (A)_n (a)_{n−1} / ((C+1)_{n−1} n!) uⁿ, the expansion of E_p[(1 − (1+pu)^−A)/p] in the moments
 * E[p^(n−1)]: its first term A·u is the Poisson limit and the others shrink with a/(C+1), so it converges fast where the
 * published form cancels (r, α → ∞; a → 0; b → ∞). NaN when it diverges (u ≥ 1 with small C) or cancels badly.
 */
function pfaffSeries(A: number, a: number, C: number, u: number): number {
  let term = A * u, sum = term, largest = Math.abs(term);
  for (let n = 1; n < 100_000; n++) {
    const ratio = -((A + n) * (a + n - 1) * u) / ((C + n) * (n + 1));
    term *= ratio;
    sum += term;
    if (!Number.isFinite(sum)) return NaN;
    largest = Math.max(largest, Math.abs(term));
    // Alternating and past the peak: the error is below the next term.
    if (Math.abs(ratio) < 1 && Math.abs(term) <= 1e-17 * Math.abs(sum)) return largest <= 1e4 * Math.abs(sum) ? sum : NaN;
  }
  return NaN;
}

/**
 * The same expectation for any u > 0 through the other Pfaff transformation, argument v = u/(1+u) < 1:
 * C·[(e^((1−a)ℓ) − 1)/(1−a) − (1+u)^(1−a) Σ_{n≥1} (C−A)_n (a)_{n−1} / ((C)_n n!) vⁿ] with ℓ = ln(1+u). Exact as a → 1
 * (the first part tends to ℓ); NaN when the two parts cancel (large C, where {@link pfaffSeries} serves).
 */
function pfaffSeriesLong(A: number, a: number, C: number, u: number): number {
  const l = Math.log1p(u), k = 1 - a;
  const g = Math.abs(k * l) < 1e-8 ? l * (1 + (k * l) / 2) : Math.expm1(k * l) / k;
  const h = Math.exp(k * l);
  const v = u / (1 + u);
  let term = ((C - A) / C) * v, sum = term;
  for (let n = 1; n < 100_000; n++) {
    const ratio = ((C - A + n) * (a + n - 1) * v) / ((C + n) * (n + 1));
    term *= ratio;
    sum += term;
    if (!Number.isFinite(sum)) return NaN;
    if (Math.abs(ratio) < 1 && Math.abs(term) <= 1e-17 * Math.abs(sum)) {
      const value = C * (g - h * sum);
      return (Math.abs(g) + Math.abs(h * sum)) <= 1e4 * Math.abs(g - h * sum) ? value : NaN;
    }
  }
  return NaN;
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
