import { describe, expect, it } from "vitest";
import { fitBgNbd, fitGammaGamma } from "../../src/models/index.js";
import { createRng } from "../../src/random/createRng.js";
import { simulateBgNbd } from "../../src/synthetic/simulateBgNbd.js";

// Simulated from the published CDNOW BG/NBD (Fader, Hardie & Lee 2005): 1,500 customers, 39 weeks.
const TRUTH = { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 };
const { summary } = simulateBgNbd(TRUTH, { seed: 7, customers: 1500, T: 39, transactions: false });

describe("maximum-likelihood fit: recovery and the Nelder-Mead fallback", () => {
  const full = fitBgNbd(summary);

  it("recovers the simulation parameters within two standard errors", () => {
    expect(full.converged).toBe(true);
    expect(full.method).toBe("bfgs");
    for (const k of ["r", "alpha", "a", "b"] as const) expect(Math.abs(full.params[k] - TRUTH[k])).toBeLessThan(2 * full.standardErrors[k]);
  });

  it("when quasi-Newton stops early (maxIterations 1) it restarts from Nelder-Mead, says so, and reaches the same optimum", () => {
    const capped = fitBgNbd(summary, { maxIterations: 1 });
    expect(capped.method).toBe("nelder-mead+bfgs");
    expect(capped.warnings).toContain("quasi-Newton did not converge (maximum iterations reached); restarted from a Nelder-Mead solution");
    expect(capped.logLikelihood).toBeCloseTo(full.logLikelihood, 6);
    for (const k of ["r", "alpha", "a", "b"] as const) expect(capped.params[k] / full.params[k]).toBeCloseTo(1, 5);
  });
});

describe("the Nelder-Mead fallback on large data walks on the subsample", () => {
  // Every customer's orders drawn from one spend distribution (uniform $1–$100, as in a synthetic audit log), so
  // Gamma-Gamma's maximum lies at its limit q, v → ∞ (no heterogeneity in mean spend, Fader, Hardie & Lee 2005b §3):
  // BFGS makes no progress along the ridge and the simplex takes thousands of steps, each on the full data before.
  const rng = createRng(20240501);
  const n = 100_000, frequency = new Float64Array(n), monetaryValue = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const x = 1 + rng.int(18);
    let s = 0;
    for (let j = 0; j < x; j++) s += (100 + rng.int(9900)) / 100;
    frequency[c] = x;
    monetaryValue[c] = s / x;
  }
  const fit = fitGammaGamma({ frequency, monetaryValue });

  it("takes the simplex's evaluations on the subsample, a few hundred at most on the full data, and names the limit", () => {
    expect(fit.method).toBe("nelder-mead+bfgs");
    expect(fit.subsampleEvaluations).toBeGreaterThan(1000);
    expect(fit.likelihoodEvaluations).toBeLessThan(500);
    expect(fit.warnings.join(" ")).toContain("q and v → ∞: every customer has the same mean spend");
    // The limit's mean spend p·v/(q − 1) (the population mean of E[spend]) is the sample's mean spend, ≈ $50.5.
    expect((fit.params.p * fit.params.v) / (fit.params.q - 1)).toBeCloseTo(50.5, 0);
  });
});
