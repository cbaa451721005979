import { describe, expect, it } from "vitest";
import { expectCountDistribution } from "./expectCountDistribution.js";
import { simulateParetoNbd } from "../../src/synthetic/simulateParetoNbd.js";
import { fitParetoNbd } from "../../src/models/paretoNbd.js";
import { loadModel } from "../../src/models/loadModel.js";

const CDNOW = { r: 0.55315, alpha: 10.57633, s: 0.60625, beta: 11.6715 };

describe("simulateParetoNbd", () => {
  it("reproduces the Pareto/NBD E[X(T)] and P(X(T)=n) (Fader & Hardie 2005 note; 2006 note on P(X(t)=x)) on 200,000 customers", () => {
    const n = 200_000;
    const sim = simulateParetoNbd(CDNOW, { seed: 3, customers: n, T: 52, transactions: false });
    const model = loadModel({ model: "pareto-nbd", params: CDNOW });
    expectCountDistribution(sim.summary.frequency, model, 52);
  });

  it("recovers Pareto/NBD parameters within 3 standard errors (parameter recovery on 20,000 simulated customers)", () => {
    const truth = { r: 0.8, alpha: 8, s: 0.9, beta: 15 };
    const sim = simulateParetoNbd(truth, { seed: 99, customers: 20_000, T: { min: 26, max: 78 }, transactions: false });
    const m = fitParetoNbd(sim.summary);
    expect(m.converged).toBe(true);
    for (const k of ["r", "alpha", "s", "beta"] as const) expect(Math.abs(m.params[k] - truth[k]), k).toBeLessThan(3 * m.standardErrors[k]);
  });

  it("draws Gamma-Gamma spend whose customer means follow p/ν and the transaction log sums to the total spend", () => {
    const sim = simulateParetoNbd(CDNOW, { seed: 8, customers: 500, T: 39, spend: { p: 6, q: 4, v: 15 } });
    const log = sim.transactions!;
    const tot = new Float64Array(500);
    for (let i = 0; i < log.length; i++) tot[log.customer[i]!] += log.amount[i]!;
    for (let i = 0; i < 500; i++) expect(tot[i]).toBeCloseTo(sim.summary.totalSpend[i]!, 9);
    expect(sim.truth.expectedSpend!.every((v) => v > 0)).toBe(true);
  });
});
