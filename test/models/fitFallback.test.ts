import { describe, expect, it } from "vitest";
import { fitBgNbd } from "../../src/models/index.js";
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
