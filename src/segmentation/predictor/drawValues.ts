import { MODEL_IDS } from "../../models/modelIds.js";
import type { Rng } from "../../random/createRng.js";
import type { BtydFit, BtydSummary } from "./btydBase.js";

/** Above this mean a negative-binomial count is drawn as gamma then Poisson: inversion walks about `mean` steps. */
const INVERSION_MAX_MEAN = 15;

/**
 * `draws` draws of customer i's value over the next `t` weeks from the BTYD × Gamma-Gamma posterior predictive
 * distribution — the distribution {@link drawValue} simulates, from far fewer variates. Writes the positive draws to
 * `out` from `offset` and returns their number; the other draws are 0 (the draws are exchangeable, so the multiset is
 * what counts). How many draws are alive, and how many of those buy, are binomial, drawn once. The individual purchase
 * rate λ ~ Gamma(r + x, α + T) is integrated out, so the count of a customer alive throughout is negative binomial
 * (inversion, or gamma then Poisson for large means); BG/NBD's dropout after each purchase with p ~ Beta(a, b + x) makes
 * the count min(NB, G) with G beta-geometric (inversion, only up to the NB count); Pareto/NBD's lifetime with
 * μ ~ Gamma(s, β + T) is Lomax (inversion). Each buyer's spend is Gamma(p·count, ν) with ν from its Gamma-Gamma
 * posterior, as in drawValue. The same distribution, a different stream. `noPurchase` = (A / (A + t))^R and `survival` =
 * ((β + T) / (β + T + t))^s (Pareto/NBD) depend on x and T only: callers with many customers pass them computed once.
 * @see https://brucehardie.com/papers/018/fader_et_al_mksc_05.pdf (Fader, Hardie & Lee 2005, BG/NBD)
 * @see https://doi.org/10.1287/mnsc.33.1.1 (Schmittlein, Morrison & Colombo 1987, Pareto/NBD)
 * @example const out = new Float64Array(5); const positive = drawValues(fit, summary, 0, 0.8, 52, createRng(1), out, 0, 5);
 */
export function drawValues(fit: BtydFit, sum: BtydSummary, i: number, alive: number, t: number, rng: Rng, out: Float64Array, offset: number, draws: number, noPurchase?: number, survival?: number): number {
  const living = binomial(draws, alive, rng);
  if (living === 0) return 0;
  const x = sum.frequency[i]!;
  const T = sum.T[i]!;
  const pr = fit.params;
  const R = pr.r! + x;
  const A = pr.alpha! + T;
  const p0t = noPurchase ?? noPurchaseOdds(fit, x, T, t);
  // The spend over a buyer's purchases: Gamma(p·count, ν), ν ~ Gamma(q + p x, v + x z̄) (Gamma(q, v) without repeat spend).
  const z = sum.monetaryValue[i]!;
  const { p, constantSpend } = fit.spend;
  const repeat = x > 0 && z > 0;
  const shape = repeat ? fit.spend.q + p * x : fit.spend.q;
  const rate = repeat ? fit.spend.v + x * z : fit.spend.v;
  let m = 0;
  if (fit.model === MODEL_IDS.bgNbd) {
    const bx = pr.b! + x;
    const abx = pr.a! + bx;
    for (let k = binomial(living, 1 - p0t, rng); k > 0; k--) {
      let count = positiveNegativeBinomial(R, A, t, p0t, rng);
      if (count > 1) {
        // Purchases until the dropout: P(G > g) = Π_{j<g} (b + x + j) / (a + b + x + j).
        const u = rng.uniform();
        let S = 1;
        for (let g = 1; g < count; g++) {
          S *= (bx + g - 1) / (abx + g - 1);
          if (u >= S) {
            count = g;
            break;
          }
        }
      }
      out[offset + m++] = spendDraw(p, shape, rate, constantSpend, count, rng);
    }
    return m;
  }
  const Bt = pr.beta! + T;
  const s = pr.s!;
  const survive = survival ?? survivalOdds(fit, T, t);
  const survivors = binomial(living, survive, rng);
  for (let k = binomial(survivors, 1 - p0t, rng); k > 0; k--) out[offset + m++] = spendDraw(p, shape, rate, constantSpend, positiveNegativeBinomial(R, A, t, p0t, rng), rng);
  for (let k = living - survivors; k > 0; k--) {
    // A lifetime shorter than t, and the count over it by inversion at v. P(0 | lifetime) ≥ p0t, so v ≤ p0t is a 0
    // whatever the lifetime, which is then not drawn.
    const v = rng.uniform();
    if (v <= p0t) continue;
    // The Lomax inverse at a uniform on [survive, 1).
    const u = survive + (1 - survive) * rng.uniform();
    const life = Math.min(t, Bt * Math.expm1(-Math.log(u) / s));
    const p0 = Math.exp(R * Math.log(A / (A + life)));
    if (v > p0) out[offset + m++] = spendDraw(p, shape, rate, constantSpend, positiveNegativeBinomial(R, A, life, p0, rng, v), rng);
  }
  return m;
}

/** P(no purchase over t | alive throughout) of a customer with x repeat purchases and age T: (A / (A + t))^R. */
export function noPurchaseOdds(fit: BtydFit, x: number, T: number, t: number): number {
  const A = fit.params.alpha! + T;
  return Math.exp((fit.params.r! + x) * Math.log(A / (A + t)));
}

/** Pareto/NBD: P(lifetime beyond t | alive) of a customer of age T, ((β + T) / (β + T + t))^s. */
export function survivalOdds(fit: BtydFit, T: number, t: number): number {
  const Bt = fit.params.beta! + T;
  return Math.exp(fit.params.s! * Math.log(Bt / (Bt + t)));
}

/** Spend over `count` purchases: Gamma(p·count, ν) with ν ~ Gamma(shape, rate) is rate · G(p·count) / G(shape), a beta-prime ratio. */
function spendDraw(p: number, shape: number, rate: number, constant: number | undefined, count: number, rng: Rng): number {
  return constant !== undefined ? count * constant : rate * rng.betaPrimeFast(p * count, shape);
}

/** Successes among n trials of probability p, by inversion (one uniform) for small n, else trial by trial. */
function binomial(n: number, p: number, rng: Rng): number {
  if (n === 0 || p <= 0) return 0;
  if (!(p < 1)) return n;
  if (n > 16) {
    let k = 0;
    for (let j = 0; j < n; j++) if (rng.uniform() < p) k++;
    return k;
  }
  const q = 1 - p;
  let pk = q;
  for (let j = 1; j < n; j++) pk *= q;
  const odds = p / q;
  const u = rng.uniform();
  let k = 0;
  let F = pk;
  while (u > F && k < n) {
    pk *= ((n - k) / (k + 1)) * odds;
    k++;
    F += pk;
  }
  return k;
}

/**
 * A positive count of purchases over `tau` weeks at a rate λ ~ Gamma(R, rate A): the negative binomial given that it is
 * not 0, with p0 = P(0) = (A / (A + tau))^R. Inversion at `given` (a uniform on (p0, 1)) or at a new uniform on
 * [p0, 1); for a large mean gamma then Poisson, drawn again while 0.
 */
function positiveNegativeBinomial(R: number, A: number, tau: number, p0: number, rng: Rng, given?: number): number {
  const mean = (R * tau) / A;
  if (mean > INVERSION_MAX_MEAN) {
    for (;;) {
      const k = rng.poissonFast(rng.gammaFast(R, A) * tau);
      if (k > 0) return k;
    }
  }
  const ratio = tau / (A + tau);
  for (let first = true; ; first = false) {
    const u = first && given !== undefined ? given : p0 + (1 - p0) * rng.uniform();
    let k = 0;
    let pk = p0;
    let F = p0;
    do {
      pk *= ((R + k) * ratio) / (k + 1);
      k++;
      F += pk;
    } while (u > F && pk >= 1e-300);
    // The cumulative sum stalled below u by rounding (probability ~1e-16): draw again.
    if (u <= F) return k;
  }
}
