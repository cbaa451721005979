import { describe, expect, test } from "vitest";
import { essBulk, essMean, essTail, hdi, mcse, normalQuantile, rhat } from "../../src/bayes/diagnostics.js";
import { createRng } from "../../src/random/createRng.js";

const iid = (seed: number, chains: number, n: number) => {
  const rng = createRng(seed);
  return Array.from({ length: chains }, () => Float64Array.from({ length: n }, () => rng.normal(0, 1)));
};
/** AR(1) x_t = φ x_{t−1} + ε, stationary start. */
const ar1 = (seed: number, chains: number, n: number, phi: number) => {
  const rng = createRng(seed);
  return Array.from({ length: chains }, () => {
    const out = new Float64Array(n);
    let x = rng.normal(0, 1 / Math.sqrt(1 - phi * phi));
    for (let i = 0; i < n; i++) out[i] = x = phi * x + rng.normal(0, 1);
    return out;
  });
};

describe("diagnostics (Vehtari et al. 2021, as ArviZ)", () => {
  test("independent normal draws: bulk and tail ESS near the number of draws, R-hat near 1", () => {
    const c = iid(3, 4, 1000);
    expect(essBulk(c) / 4000).toBeGreaterThan(0.85);
    expect(essBulk(c) / 4000).toBeLessThan(1.15);
    expect(essTail(c) / 4000).toBeGreaterThan(0.8);
    expect(rhat(c)).toBeLessThan(1.005);
  });

  test("AR(1) with φ = 0.9: ESS near N(1 − φ)/(1 + φ), the known integrated autocorrelation", () => {
    const c = ar1(4, 4, 5000, 0.9);
    const expected = (20000 * 0.1) / 1.9; // ≈ 1053
    expect(essMean(c) / expected).toBeGreaterThan(0.8);
    expect(essMean(c) / expected).toBeLessThan(1.2);
    expect(essBulk(c) / expected).toBeGreaterThan(0.8);
    expect(essBulk(c) / expected).toBeLessThan(1.2);
    // MCSE of the mean: sd/√ESS with the stationary sd 1/√(1 − φ²).
    expect(mcse(c).mean / (Math.sqrt(1 / 0.19) / Math.sqrt(expected))).toBeCloseTo(1, 0);
  });

  test("a chain shifted by one sd gives R-hat far above 1.01; a chain with 4× the variance is caught by the folded R-hat", () => {
    const c = iid(5, 4, 500);
    const shifted = [c[0]!.map((v) => v + 1), c[1]!, c[2]!, c[3]!];
    expect(rhat(shifted)).toBeGreaterThan(1.05);
    const wide = [c[0]!.map((v) => 2 * v), c[1]!, c[2]!, c[3]!];
    expect(rhat(wide)).toBeGreaterThan(1.01);
  });

  test("94% HDI of normal draws is close to ±1.88 (the central interval of a symmetric density)", () => {
    const [lo, hi] = hdi(iid(6, 4, 5000), 0.94);
    expect(lo).toBeCloseTo(-1.881, 1);
    expect(hi).toBeCloseTo(1.881, 1);
  });

  test("normal quantile matches tabulated values", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 8);
    expect(normalQuantile(0.5)).toBe(0);
  });
});
