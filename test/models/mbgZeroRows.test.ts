// MBG/NBD on large data sums the terms of customers without repeat purchases by a quadrature rule over T; the
// likelihood is additive over customers, so the reference is the same likelihood on chunks too small for the rule
// (every row summed directly).
import { describe, expect, it } from "vitest";
import { bgNbdLikelihood } from "../../src/models/bgNbdLikelihood.js";
import { createRng } from "../../src/random/createRng.js";

/** Seeded customers, no two alike: 60% without repeat purchases, T uniform on [tLo, tHi]. */
function customers(n: number, tLo: number, tHi: number, seed: number) {
  const rng = createRng(seed);
  const frequency = new Float64Array(n), recency = new Float64Array(n), T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    T[i] = tLo + (tHi - tLo) * rng.uniform();
    const buyer = rng.uniform() < 0.4;
    frequency[i] = buyer ? 1 + Math.floor(8 * rng.uniform()) : 0;
    recency[i] = buyer ? T[i]! * (0.05 + 0.95 * rng.uniform()) : 0;
  }
  return { frequency, recency, T };
}

/** ll, gradient and Hessian as one array. */
function evaluate(lik: { logLik(p: Float64Array, g?: Float64Array, h?: Float64Array): number }, p: Float64Array): number[] {
  const g = new Float64Array(4), h = new Float64Array(16);
  const ll = lik.logLik(p, g, h);
  return [ll, ...g, ...h];
}

/** The same sums over chunks of 1,500 customers (about 900 without repeat purchases each: below the rule's minimum). */
function chunked(d: ReturnType<typeof customers>, p: Float64Array): number[] {
  const total = new Array<number>(21).fill(0), scale = new Array<number>(21).fill(0);
  for (let s = 0; s < d.T.length; s += 1500) {
    const part = { frequency: d.frequency.slice(s, s + 1500), recency: d.recency.slice(s, s + 1500), T: d.T.slice(s, s + 1500) };
    const { lik } = bgNbdLikelihood(part, true, "t");
    evaluate(lik, p).forEach((v, i) => {
      total[i] = total[i]! + v;
      scale[i] = scale[i]! + Math.abs(v);
    });
    expect(lik.zeroRowSums()).toEqual({ rule: 0, exact: 0 }); // every row in the row loop
  }
  return total.concat(scale);
}

function expectSame(d: ReturnType<typeof customers>, p: Float64Array, got: number[]) {
  const ref = chunked(d, p);
  for (let i = 0; i < 21; i++) {
    // Relative to the sum of the chunks' magnitudes: gradients near an optimum cancel across customers.
    expect(Math.abs(got[i]! - ref[i]!) / ref[21 + i]!).toBeLessThan(1e-12);
  }
}

describe("MBG/NBD likelihood: customers without repeat purchases summed by a rule over T", () => {
  it("equals the row-by-row sums (log-likelihood, gradient, Hessian) on 12,000 customers with T in one cohort's range, using the rule", () => {
    const d = customers(12000, 30, 48, 11);
    const { lik } = bgNbdLikelihood(d, true, "t");
    // Near lifetimes' CDNOW MBG/NBD estimates, then at a line-search point far from them.
    for (const p of [Float64Array.of(0.525, 6.18, 0.891, 1.61), Float64Array.of(2.5, 0.9, 3.1, 0.4)]) expectSame(d, p, evaluate(lik, p));
    expect(lik.zeroRowSums().rule).toBeGreaterThan(0);
  });

  it("sums row by row where a rule built at another alpha misses its tolerance (built at alpha 50, used at 0.05 with T from 0.5 to 150: ln(1 + T/alpha) nearly singular at the low end), then rebuilds it; exact throughout", () => {
    const d = customers(12000, 0.5, 150, 12);
    const { lik } = bgNbdLikelihood(d, true, "t");
    lik.logLik(Float64Array.of(0.5, 50, 0.9, 2.2));
    expect(lik.zeroRowSums()).toEqual({ rule: 1, exact: 0 });
    const p = Float64Array.of(0.3, 0.05, 0.9, 2.2);
    expectSame(d, p, evaluate(lik, p));
    expect(lik.zeroRowSums()).toEqual({ rule: 1, exact: 1 });
    // The next evaluation rebuilds the rule at alpha 0.05, where it holds again.
    expectSame(d, p, evaluate(lik, p));
    expect(lik.zeroRowSums()).toEqual({ rule: 2, exact: 1 });
  });

  it("leaves BG/NBD's rows to the row loop (one log each costs less than the rule)", () => {
    const { lik } = bgNbdLikelihood(customers(12000, 30, 48, 13), false, "t");
    lik.logLik(Float64Array.of(0.24, 4.4, 0.79, 2.4));
    expect(lik.zeroRowSums()).toEqual({ rule: 0, exact: 0 });
  });
});
