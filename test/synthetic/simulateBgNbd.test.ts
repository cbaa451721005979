import { describe, expect, it } from "vitest";
import { expectCountDistribution } from "./expectCountDistribution.js";
import { simulateBgNbd } from "../../src/synthetic/simulateBgNbd.js";
import { fitBgNbd } from "../../src/models/bgNbd.js";
import { fitGammaGamma } from "../../src/models/gammaGamma.js";
import { loadModel } from "../../src/models/loadModel.js";
import { summarizeCustomers } from "../../src/summaries/summarizeCustomers.js";

const CDNOW = { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 };

describe("simulateBgNbd", () => {
  it("reproduces the BG/NBD E[X(T)] and P(X(T)=n) of Fader, Hardie & Lee (2005) on a draw of 200,000 customers", () => {
    const n = 200_000;
    const sim = simulateBgNbd(CDNOW, { seed: 11, customers: n, T: 39, transactions: false });
    const model = loadModel({ model: "bg-nbd", params: CDNOW });
    expectCountDistribution(sim.summary.frequency, model, 39);
  });

  it("recovers BG/NBD and Gamma-Gamma parameters within 3 standard errors (parameter recovery on 20,000 simulated customers)", () => {
    const truth = { r: 0.5, alpha: 6, a: 0.7, b: 3 };
    const spend = { p: 6, q: 4, v: 15 };
    const sim = simulateBgNbd(truth, { seed: 2024, customers: 20_000, T: { min: 26, max: 52 }, spend, transactions: false });
    const m = fitBgNbd(sim.summary);
    expect(m.converged).toBe(true);
    for (const k of ["r", "alpha", "a", "b"] as const) expect(Math.abs(m.params[k] - truth[k]), k).toBeLessThan(3 * m.standardErrors[k]);
    const gg = fitGammaGamma(sim.summary);
    for (const k of ["p", "q", "v"] as const) expect(Math.abs(gg.params[k] - spend[k]), k).toBeLessThan(3 * gg.standardErrors[k]);
  });

  it("returns a transaction log consistent with the summary (first purchase plus x repeats, same calendar window) and is deterministic", () => {
    const a = simulateBgNbd(CDNOW, { seed: 5, customers: 300, T: { min: 27, max: 39 }, spend: { p: 6, q: 4, v: 15 }, startDate: "1997-01-01" });
    const b = simulateBgNbd(CDNOW, { seed: 5, customers: 300, T: { min: 27, max: 39 }, spend: { p: 6, q: 4, v: 15 }, startDate: "1997-01-01" });
    expect(Array.from(a.summary.recency)).toEqual(Array.from(b.summary.recency));
    const log = a.transactions!;
    const rows = new Int32Array(300);
    for (let i = 0; i < log.length; i++) rows[log.customer[i]!]++;
    for (let i = 0; i < 300; i++) expect(rows[i]).toBe(a.summary.frequency[i]! + 1);
    expect(a.summary.timeUnit).toBe("weeks");
    expect(new Set(Array.from(a.summary.T)).size).toBe(300); // continuous T: no two alike
    // Summarising the log with the library's own day-bucketed summary gives the same counts where no two purchases share a day.
    const s = summarizeCustomers(log, { timeUnit: "weeks", observationEnd: a.summary.observationEnd });
    let agree = 0;
    for (let i = 0; i < 300; i++) if (s.frequency[i] === a.summary.frequency[i]) agree++;
    expect(agree).toBeGreaterThan(270);
    expect(() => simulateBgNbd(CDNOW, { seed: 1, T: -1 })).toThrow(/T of customer 1 is -1/);
  });
});
