import gammainc from "@stdlib/math-base-special-gammainc";
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/random/createRng.js";
import { gammaln } from "../../src/numeric/special/gamma.js";
import { gaussLegendre } from "../../src/numeric/quadrature.js";

// Goodness of fit of the in-house samplers against the exact distributions: Kolmogorov-Smirnov against the gamma CDF
// (the regularized lower incomplete gamma function), Pearson's chi-square against the Poisson pmf. Seeded, so each
// test is deterministic; the thresholds are the tests' 0.1% critical values (KS: 1.95/√n, Stephens 1974; chi-square:
// upper tail from the incomplete gamma function, Pearson 1900), so a sampler off by a few percent anywhere fails.

/** Kolmogorov-Smirnov distance between sorted samples and a CDF. */
function ksDistance(samples: Float64Array, cdf: (x: number) => number): number {
  samples.sort();
  const n = samples.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const F = cdf(samples[i]!);
    d = Math.max(d, Math.abs(F - i / n), Math.abs((i + 1) / n - F));
  }
  return d;
}

/** Upper-tail p-value of Pearson's chi-square statistic for observed counts against expected counts (bins with expected < 5 pooled into the next). */
function chiSquarePValue(observed: number[], expected: number[]): number {
  let stat = 0;
  let bins = 0;
  let o = 0;
  let e = 0;
  for (let k = 0; k < observed.length; k++) {
    o += observed[k]!;
    e += expected[k]!;
    if (e >= 5 || k === observed.length - 1) {
      stat += ((o - e) * (o - e)) / e;
      bins++;
      o = 0;
      e = 0;
    }
  }
  return gammainc(stat / 2, (bins - 1) / 2, true, true);
}

describe("createRng's fast samplers", () => {
  it("gammaFast(shape, rate) matches the Gamma(shape, rate) CDF (KS at the 0.1% level) for shapes below, at and above 1", () => {
    const rng = createRng(5);
    const n = 20_000;
    for (const [shape, rate] of [[0.3, 1], [1, 2.5], [4.5, 0.2], [30, 7]] as const) {
      const s = Float64Array.from({ length: n }, () => rng.gammaFast(shape, rate));
      expect(ksDistance(s, (x) => gammainc(x * rate, shape)), `shape ${shape} rate ${rate}`).toBeLessThan(1.95 / Math.sqrt(n));
    }
    // The test's power: a shape 3% off is rejected.
    const off = Float64Array.from({ length: n }, () => rng.gammaFast(4.5 * 1.03, 0.2));
    expect(ksDistance(off, (x) => gammainc(x * 0.2, 4.5))).toBeGreaterThan(1.95 / Math.sqrt(n));
  });

  it("poissonFast(lambda) matches the Poisson pmf (chi-square at the 0.1% level) by inversion below 10 and PTRS above", () => {
    const rng = createRng(6);
    const n = 50_000;
    for (const lambda of [0.7, 4, 9.9, 10.5, 45, 600]) {
      const top = Math.ceil(lambda + 12 * Math.sqrt(lambda) + 12);
      const observed = new Array<number>(top + 1).fill(0);
      let integers = true;
      for (let i = 0; i < n; i++) {
        const k = rng.poissonFast(lambda);
        integers &&= Number.isInteger(k) && k >= 0;
        observed[Math.min(k, top)]!++;
      }
      expect(integers).toBe(true);
      const expected = observed.map((_, k) => n * Math.exp(-lambda + k * Math.log(lambda) - gammaln(k + 1)));
      expected[top] = n - expected.slice(0, top).reduce((a, b) => a + b, 0);
      expect(chiSquarePValue(observed, expected), `lambda ${lambda}`).toBeGreaterThan(0.001);
    }
    expect(rng.poissonFast(0)).toBe(0);
    expect(rng.gammaFast(2, 0)).toBeNaN();
  });

  it("betaPrimeFast(a, b) draws the ratio of independent Gamma(a) and Gamma(b) variables: the CDF I_{x/(1+x)}(a, b) by quadrature (KS at the 0.1% level)", () => {
    const rng = createRng(8);
    const n = 20_000;
    for (const [a, b] of [[5.6, 26], [30, 4.05], [1.5, 1.2], [0.7, 3]] as const) {
      // Beta-prime CDF: the regularized incomplete beta function at x / (1 + x), by Gauss-Legendre quadrature of the beta density.
      const logB = gammaln(a) + gammaln(b) - gammaln(a + b);
      const cdf = (x: number) => gaussLegendre((u) => Math.exp((a - 1) * Math.log(u) + (b - 1) * Math.log1p(-u) - logB), 0, x / (1 + x), 16);
      const s = Float64Array.from({ length: n }, () => rng.betaPrimeFast(a, b));
      expect(ksDistance(s, cdf), `a ${a} b ${b}`).toBeLessThan(1.95 / Math.sqrt(n));
    }
  });

  it("leaves the existing methods' streams as they were (values drawn before the fast samplers existed)", () => {
    const r = createRng(11);
    expect([r.uniform(), r.gamma(2.5, 2), r.poisson(3.2), r.normal(0, 1), r.beta(2, 3), r.exponential(1.5), r.int(100)]).toEqual([
      0.5337393933802977, 0.2295835946954562, 1, 1.4765203713948074, 0.2311348314621937, 1.9242879853239752, 85,
    ]);
  });
});
