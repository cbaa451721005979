// Refits that keep only the parameters (bootstrap replicates) skip the finite-difference Hessian of the standard errors.
import { describe, expect, it } from "vitest";
import { fitParetoNbd } from "../../src/index.js";
import { simulateBgNbd } from "../../src/synthetic/simulateBgNbd.js";

describe("fit option standardErrors: false", () => {
  const sim = simulateBgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { seed: 3, customers: 3000, T: { min: 26, max: 78 }, transactions: false });
  const s = sim.summary;
  const start = { initialParams: { r: 0.5, alpha: 8, s: 0.8, beta: 10 } };
  it("Pareto/NBD: the same parameters bit for bit, k = 4 fewer likelihood evaluations, NaN standard errors", () => {
    const full = fitParetoNbd(s, start);
    const lean = fitParetoNbd(s, { ...start, standardErrors: false });
    expect(full.method).toBe("bfgs");
    expect(lean.params).toEqual(full.params);
    expect(lean.logLikelihood).toBe(full.logLikelihood);
    expect(lean.likelihoodEvaluations).toBe(full.likelihoodEvaluations! - 4);
    expect(Number.isNaN(lean.standardErrors.r)).toBe(true);
    expect(lean.converged).toBe(full.converged);
    expect(lean.inverseHessianLog).toBeUndefined();
  });
  it("is per fit: the next fit without the option computes standard errors", () => {
    fitParetoNbd(s, { ...start, standardErrors: false });
    expect(Number.isFinite(fitParetoNbd(s, start).standardErrors.r)).toBe(true);
  });
});
