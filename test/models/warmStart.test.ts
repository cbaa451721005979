// Warm starts from strided subsamples (a cascade from 40,000 customers up) change the path, not the maximum.
import { describe, expect, it } from "vitest";
import { fitBgNbd, fitGammaGamma, fitMbgNbd } from "../../src/index.js";
import { simulateBgNbd } from "../../src/synthetic/simulateBgNbd.js";

describe("warm start from a subsample", () => {
  const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }; // CDNOW's BG/NBD estimates (Fader, Hardie & Lee 2005)
  const sim = simulateBgNbd(truth, { seed: 7, customers: 50_000, T: { min: 26, max: 78 }, spend: { p: 6.25, q: 3.74, v: 15.44 }, transactions: false });
  const s = sim.summary;
  it("BG/NBD on 50,000 customers: the warm-started fit finds the cold fit's maximum in fewer full-data evaluations", () => {
    const warm = fitBgNbd(s);
    // initialParams turn the subsample off: the cold fit walks from the given start on the full data.
    const cold = fitBgNbd(s, { initialParams: { r: 1, alpha: 10, a: 1, b: 3 } });
    expect(warm.converged && cold.converged).toBe(true);
    expect(warm.subsampleEvaluations).toBeGreaterThan(0);
    expect(cold.subsampleEvaluations).toBe(0);
    expect(warm.likelihoodEvaluations!).toBeLessThan(cold.likelihoodEvaluations!);
    // Both stop at a mean gradient <= 1e-9 in log-parameters, which pins the weakly identified a, b to ~1e-6 relative
    // (a thousandth of a standard error); a different path ends elsewhere inside that tolerance.
    for (const k of ["r", "alpha", "a", "b"] as const) {
      expect(Math.abs(warm.params[k] / cold.params[k] - 1)).toBeLessThan(1e-5);
      expect(Math.abs(warm.standardErrors[k] / cold.standardErrors[k] - 1)).toBeLessThan(1e-5);
      // Recovery: within 4 standard errors of the simulated truth.
      expect(Math.abs(warm.params[k] - truth[k])).toBeLessThan(4 * warm.standardErrors[k]);
    }
  });
  it("with an analytic Hessian the warm start takes Newton steps: at most 4 full-data evaluations, the last giving the standard errors at the returned maximum", () => {
    for (const fit of [fitBgNbd, fitMbgNbd]) {
      const warm = fit(s);
      expect(warm.converged).toBe(true);
      expect(warm.method).toBe("newton");
      expect(warm.likelihoodEvaluations!).toBeLessThanOrEqual(4);
      // A BFGS fit from the cold start on the full data (no subsample) reaches the same maximum; its standard errors
      // come from a separate Hessian evaluation at its own optimum, so they check that Newton's are taken at its.
      const cold = fit(s, { initialParams: { r: 1, alpha: 10, a: 1, b: 3 } });
      expect(cold.method).toBe("bfgs");
      for (const k of ["r", "alpha", "a", "b"] as const) {
        expect(Math.abs(warm.params[k] / cold.params[k] - 1)).toBeLessThan(1e-5);
        expect(Math.abs(warm.standardErrors[k] / cold.standardErrors[k] - 1)).toBeLessThan(1e-5);
      }
      expect(Math.abs(warm.logLikelihood - cold.logLikelihood)).toBeLessThan(1e-6 * Math.abs(cold.logLikelihood));
    }
  });
  it("Gamma-Gamma on the repeat buyers: the same maximum with or without the warm start", () => {
    const keep = [...s.frequency.keys()].filter((i) => s.frequency[i]! > 0);
    const d = { frequency: Float64Array.from(keep, (i) => s.frequency[i]!), monetaryValue: Float64Array.from(keep, (i) => s.monetaryValue[i]!) };
    const warm = fitGammaGamma(d);
    const cold = fitGammaGamma(d, { initialParams: { p: 1, q: 3, v: 10 } });
    expect(warm.converged && cold.converged).toBe(true);
    for (const k of ["p", "q", "v"] as const) expect(Math.abs(warm.params[k] / cold.params[k] - 1)).toBeLessThan(1e-5);
  });
});
