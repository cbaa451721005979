import gammainc from "@stdlib/math-base-special-gammainc";
import { describe, expect, it } from "vitest";
import { drawValue, type BtydFit, type BtydSummary } from "../../../src/segmentation/predictor/btydBase.js";
import { drawValues, noPurchaseOdds, survivalOdds } from "../../../src/segmentation/predictor/drawValues.js";
import { createRng } from "../../../src/random/createRng.js";
import { gammaln } from "../../../src/numeric/special/gamma.js";
import { gaussLegendre } from "../../../src/numeric/quadrature.js";

// drawValues must draw from the distribution drawValue simulates step by step (alive or not, rate λ and dropout from
// their posteriors, the purchase process, the spend). Checked against the exact distribution of the purchase count
// (chi-square at the 0.1% level; constant spend 1 makes a value its count) and, with Gamma-Gamma spend, against
// drawValue's values (two-sample Kolmogorov-Smirnov at the 0.1% level, critical value 1.95·√(2/n), Stephens 1974).
// Exact count law given alive: NB(k; R, A, τ) = Γ(R+k)/(Γ(R) k!) (A/(A+τ))^R (τ/(A+τ))^k with R = r + x, A = α + T
// (Poisson-gamma mixture, Fader, Hardie & Lee 2005); BG/NBD count min(NB, G), P(G ≥ k) = Π_{j<k-1} (b+x+j)/(a+b+x+j);
// Pareto/NBD count NB over min(lifetime, t) with lifetime Lomax: P(L > τ) = ((β+T)/(β+T+τ))^s (Schmittlein et al. 1987).

const sum: BtydSummary = { timeUnit: "weeks", frequency: Float64Array.of(0, 4), recency: Float64Array.of(0, 30), T: Float64Array.of(38, 45), monetaryValue: Float64Array.of(0, 35) };
const bg: BtydFit = { model: "bg-nbd", params: { r: 0.8, alpha: 6, a: 0.7, b: 2.5 }, spend: { p: 5.6, q: 4.05, v: 32.7, constantSpend: 1 }, warnings: [] };
const pn: BtydFit = { model: "pareto-nbd", params: { r: 0.54, alpha: 11.1, s: 0.92, beta: 28 }, spend: { p: 5.6, q: 4.05, v: 32.7, constantSpend: 1 }, warnings: [] };
const t = 52;
const alive = 0.7;

const nbPmf = (k: number, R: number, A: number, tau: number) => Math.exp(gammaln(R + k) - gammaln(R) - gammaln(k + 1) + R * Math.log(A / (A + tau)) + k * Math.log(tau / (A + tau)));

/** Exact P(count = k), k < top, and the tail ≥ top, over t weeks for customer i. */
function exactCounts(fit: BtydFit, i: number, top: number): number[] {
  const x = sum.frequency[i]!, T = sum.T[i]!, pr = fit.params;
  const R = pr.r! + x, A = pr.alpha! + T;
  const givenAlive = new Array<number>(top).fill(0);
  if (fit.model === "bg-nbd") {
    const nb = Array.from({ length: top + 1 }, (_, k) => nbPmf(k, R, A, t));
    const sk = (k: number) => 1 - nb.slice(0, k).reduce((a, b) => a + b, 0); // P(K ≥ k)
    const sg = (k: number) => { let s = 1; for (let j = 0; j < k - 1; j++) s *= (pr.b! + x + j) / (pr.a! + pr.b! + x + j); return s; }; // P(G ≥ k)
    for (let k = 0; k < top; k++) givenAlive[k] = k === 0 ? nb[0]! : sk(k) * sg(k) - sk(k + 1) * sg(k + 1);
  } else {
    const Bt = pr.beta! + T, s = pr.s!;
    const survive = Math.pow(Bt / (Bt + t), s);
    const density = (tau: number) => (s / Bt) * Math.pow(Bt / (Bt + tau), s + 1);
    for (let k = 0; k < top; k++) givenAlive[k] = survive * nbPmf(k, R, A, t) + gaussLegendre((tau) => density(tau) * nbPmf(k, R, A, tau), 0, t, 64);
  }
  const p = givenAlive.map((q) => alive * q);
  p[0]! += 1 - alive;
  p.push(1 - p.reduce((a, b) => a + b, 0));
  return p;
}

function chiSquarePValue(observed: number[], expected: number[]): number {
  let stat = 0, bins = 0, o = 0, e = 0;
  for (let k = 0; k < observed.length; k++) {
    o += observed[k]!;
    e += expected[k]!;
    if (e >= 5 || k === observed.length - 1) {
      if (e > 0) stat += ((o - e) * (o - e)) / e;
      bins++;
      o = 0;
      e = 0;
    }
  }
  return gammainc(stat / 2, (bins - 1) / 2, true, true);
}

/** n draws of drawValues in blocks of `draws` (positives packed, the rest 0), as the intervals take them. */
function fastDraws(fit: BtydFit, i: number, n: number, draws: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(n);
  const buf = new Float64Array(draws);
  for (let done = 0; done < n; done += draws) {
    const m = drawValues(fit, sum, i, alive, t, rng, buf, 0, draws);
    out.set(buf.subarray(0, m), done);
  }
  return out;
}

function ksTwoSample(a: Float64Array, b: Float64Array): number {
  const x = a.slice().sort(), y = b.slice().sort();
  let i = 0, j = 0, d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

describe("drawValues", () => {
  const n = 40_000;
  const top = 25;
  for (const fit of [bg, pn]) {
    for (const i of [0, 1]) {
      it(`draws ${fit.model} purchase counts from their exact distribution (customer with x = ${sum.frequency[i]}), as drawValue does`, () => {
        const expected = exactCounts(fit, i, top).map((p) => p * n);
        const tally = (v: Float64Array) => {
          const o = new Array<number>(top + 1).fill(0);
          for (const c of v) o[Math.min(c, top)]!++;
          return o;
        };
        expect(chiSquarePValue(tally(fastDraws(fit, i, n, 5, 1)), expected)).toBeGreaterThan(0.001);
        // Blocks of one draw and of many take the other paths of the binomial thinning.
        expect(chiSquarePValue(tally(fastDraws(fit, i, n, 1, 2)), expected)).toBeGreaterThan(0.001);
        expect(chiSquarePValue(tally(fastDraws(fit, i, n, 40, 3)), expected)).toBeGreaterThan(0.001);
        // The reference: drawValue, one step at a time, agrees with the same exact law.
        const rng = createRng(4);
        const ref = Float64Array.from({ length: n }, () => drawValue(fit, sum, i, alive, t, rng));
        expect(chiSquarePValue(tally(ref), expected)).toBeGreaterThan(0.001);
      });
    }
    it(`draws ${fit.model} values with Gamma-Gamma spend from drawValue's distribution (two-sample KS)`, () => {
      const spendFit: BtydFit = { ...fit, spend: { p: 5.6, q: 4.05, v: 32.7 } };
      for (const i of [0, 1]) {
        const rng = createRng(5);
        const ref = Float64Array.from({ length: n }, () => drawValue(spendFit, sum, i, alive, t, rng));
        const fast = fastDraws(spendFit, i, n, 5, 6);
        expect(ksTwoSample(fast, ref), `customer ${i}`).toBeLessThan(1.95 * Math.sqrt(2 / n));
        // The test's power: 25% more spend is rejected (most draws are 0, which a scale leaves alone).
        expect(ksTwoSample(fast.map((v) => 1.25 * v), ref)).toBeGreaterThan(1.95 * Math.sqrt(2 / n));
      }
    });
  }

  it("gives the same draws with the odds passed in as computed inside", () => {
    for (const fit of [bg, pn]) {
      const a = new Float64Array(5), b = new Float64Array(5);
      const ra = createRng(7), rb = createRng(7);
      for (let k = 0; k < 200; k++) {
        const ma = drawValues(fit, sum, 1, alive, t, ra, a, 0, 5);
        const mb = drawValues(fit, sum, 1, alive, t, rb, b, 0, 5, noPurchaseOdds(fit, 4, 45, t), fit.model === "pareto-nbd" ? survivalOdds(fit, 45, t) : 1);
        expect(mb).toBe(ma);
        expect(Array.from(b.subarray(0, mb))).toEqual(Array.from(a.subarray(0, ma)));
      }
    }
  });
});
