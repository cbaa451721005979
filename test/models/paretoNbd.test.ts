import { describe, expect, it } from "vitest";
import { fitParetoNbd, ParetoNbdModel } from "../../src/models/paretoNbd.js";
import { paretoPoint, paretoRowLog } from "../../src/models/paretoNbdCore.js";
import { loadModel } from "../../src/models/loadModel.js";
import { gaussLegendre } from "../../src/numeric/quadrature.js";
import { agrees, cdnowSummary, sig4 } from "./referenceData.js";

const data = cdnowSummary();
const model = fitParetoNbd(data);
const PUBLISHED = { r: 0.55315, alpha: 10.57633, s: 0.60625, beta: 11.6715 };

describe("fitParetoNbd", () => {
  it("matches the published Pareto/NBD estimates on CDNOW (Fader, Hardie & Lee 2005; BTYD; lifetimes test 0.553, 10.578, 0.606, 11.669): r 0.5532, alpha 10.576, s 0.6062, LL -9594.98", () => {
    expect(model.converged).toBe(true);
    // BTYD prints r 0.55315, lifetimes 0.553; our optimum (0.55328) has a slightly higher log-likelihood on this file.
    expect(Math.abs(model.params.r - PUBLISHED.r)).toBeLessThan(2e-4);
    expect(model.params.r.toFixed(3)).toBe("0.553");
    expect(model.params.alpha.toFixed(3)).toBe("10.578");
    expect(Math.abs(model.params.beta - 11.669)).toBeLessThan(2e-3);
    expect(agrees(model.params.alpha, "10.58")).toBe(true);
    expect(sig4(model.params.s)).toBe(0.6062);
    // beta is weakly identified (published 11.67): within one standard error.
    expect(Math.abs(model.params.beta - PUBLISHED.beta)).toBeLessThan(model.standardErrors.beta);
    expect(Math.abs(model.logLikelihood - -9594.976)).toBeLessThan(0.01);
  });

  it("reproduces the published Pareto/NBD spot checks: E[X(52)] 1.4734; x=26, t_x=30.857, T=31: E[Y(52)] 25.456, P(alive) 0.9979", () => {
    const m = loadModel({ model: "pareto-nbd", params: PUBLISHED });
    const c = { frequency: [26], recency: [30.857], T: [31] };
    expect(agrees(m.expectedPurchases(52), "1.4734")).toBe(true);
    expect(agrees(m.conditionalExpectedPurchases(52, c)[0]!, "25.456")).toBe(true);
    expect(agrees(m.probabilityAlive(c)[0]!, "0.9979")).toBe(true);
    expect(agrees(model.conditionalExpectedPurchases(52, c)[0]!, "25.456")).toBe(true);
  });

  it("P(alive) from the 2F1 series equals direct quadrature of the likelihood integral (Fader & Hardie 2005 note, eq. 2)", () => {
    for (const p of [PUBLISHED, { r: 0.8, alpha: 20, s: 1.3, beta: 3 }]) {
      const m = loadModel({ model: "pareto-nbd", params: p });
      for (const [x, tx, T] of [[2, 30.43, 38.86], [0, 0, 35], [10, 12, 40]] as const) {
        const e0 = Math.pow(p.alpha + T, -(p.r + x)) * Math.pow(p.beta + T, -p.s);
        const A = p.s * gaussLegendre((t) => Math.pow(p.alpha + t, -(p.r + x)) * Math.pow(p.beta + t, -(p.s + 1)), tx, T, 200);
        expect(m.probabilityAlive({ frequency: [x], recency: [tx], T: [T] })[0]).toBeCloseTo(e0 / (e0 + A), 10);
      }
    }
  });

  it("has analytic gradients that agree with finite differences on both 2F1 branches (alpha >= beta and alpha < beta) and at x = 5,000", () => {
    const g = new Float64Array(4);
    const cases: number[][] = [[0.55, 10.6, 0.61, 11.7, 2, 30.43, 38.86], [0.55, 14, 0.61, 3, 7, 10, 38], [0.3, 2, 1.2, 9, 5000, 30, 31], [0.3, 20, 1.2, 9, 5000, 30, 31], [1, 5, 1, 5, 0, 0, 20]];
    for (const [r, a, s, b, x, tx, T] of cases as [number, number, number, number, number, number, number][]) {
      paretoRowLog(paretoPoint(r, a, s, b), x, tx, T, g);
      const p = [r, a, s, b];
      for (let k = 0; k < 4; k++) {
        const h = 1e-6 * p[k]!;
        const up = [...p], dn = [...p];
        up[k] = up[k]! + h;
        dn[k] = dn[k]! - h;
        const fd = (paretoRowLog(paretoPoint(up[0]!, up[1]!, up[2]!, up[3]!), x, tx, T, undefined) - paretoRowLog(paretoPoint(dn[0]!, dn[1]!, dn[2]!, dn[3]!), x, tx, T, undefined)) / (2 * h);
        expect(g[k]! / fd).toBeCloseTo(1, 5);
      }
    }
  });

  it("near the homogeneous-dropout limit (beta >> T, 2F1 argument > 0.99) the quadrature branch equals brute-force integration, with matching gradients", () => {
    const g = new Float64Array(4);
    // [r, alpha, s, beta, x, t_x, T]: 2F1 arguments (beta - alpha) / (beta + t_x) of 0.995 to 0.99999.
    const cases: number[][] = [[0.5, 8, 500, 5000, 3, 10, 30], [0.48, 7.8, 1.6e5, 2.7e6, 1, 2.4, 17], [0.3, 2, 40, 4000, 200, 30, 31], [1, 5, 90, 2000, 0, 0, 20]];
    for (const [r, a, s, b, x, tx, T] of cases as [number, number, number, number, number, number, number][]) {
      const got = paretoRowLog(paretoPoint(r, a, s, b), x, tx, T, g);
      // Brute force in log space: factor out the integrand's value at t_x, 20,000 panels.
      const l0 = -(r + x) * Math.log(a + tx) - (s + 1) * Math.log(b + tx);
      const I = gaussLegendre((t) => Math.exp(-(r + x) * Math.log(a + t) - (s + 1) * Math.log(b + t) - l0), tx, T, 20_000);
      const le = -(r + x) * Math.log(a + T) - s * Math.log(b + T);
      const lA = Math.log(s) + l0 + Math.log(I);
      const m = Math.max(le, lA);
      // paretoRowLog folds α^r β^s into the bracket.
      expect(got).toBeCloseTo(r * Math.log(a) + s * Math.log(b) + m + Math.log(Math.exp(le - m) + Math.exp(lA - m)), 7);
      const p = [r, a, s, b];
      for (let k = 0; k < 4; k++) {
        // The log-likelihood is ~ s·ln(beta) ~ 1e6 here, so a relative step of 1e-4 keeps rounding noise below the O(h²) error.
        const h = 1e-4 * p[k]!;
        const up = [...p], dn = [...p];
        up[k] = up[k]! + h;
        dn[k] = dn[k]! - h;
        const fd = (paretoRowLog(paretoPoint(up[0]!, up[1]!, up[2]!, up[3]!), x, tx, T, undefined) - paretoRowLog(paretoPoint(dn[0]!, dn[1]!, dn[2]!, dn[3]!), x, tx, T, undefined)) / (2 * h);
        expect(Math.abs(g[k]! - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it("fits CDNOW cut short (to 1997-04-30 and 1997-05-17), where the optimum runs to s, beta -> infinity, without throwing: finite log-likelihood and an explicit warning", async () => {
    const { loadTransactions } = await import("../../src/data/loadTransactions.js");
    const { summarizeCustomers } = await import("../../src/summaries/summarizeCustomers.js");
    const log = await loadTransactions(new URL("../../data/cdnow_transactions.csv", import.meta.url).pathname);
    for (const end of ["1997-04-30", "1997-05-17"]) {
      const m = fitParetoNbd(summarizeCustomers(log, { timeUnit: "weeks", observationEnd: end }));
      expect(Number.isFinite(m.logLikelihood)).toBe(true);
      expect(m.params.s).toBeGreaterThan(1e4);
      expect(m.warnings.join(" ")).toMatch(/edge of the parameter space|not converged/);
      const c = m.conditionalExpectedPurchases(39, { frequency: [1, 0], recency: [2, 0], T: [10, 10] });
      expect(Number.isFinite(c[0]!) && Number.isFinite(c[1]!)).toBe(true);
    }
  });

  it("stays exact near the homogeneous-rate limit (r, alpha -> infinity, r/alpha = lambda): alpha = 1e12 matches the limiting likelihood lambda^x [e^-lambda T (beta/(beta+T))^s + s beta^s Int e^-lambda t (beta+t)^-(s+1) dt]", async () => {
    const { logPochhammer } = await import("../../src/numeric/special/logPochhammer.js");
    const alpha = 1e12;
    // [lambda, s, beta, x, t_x, T], on both 2F1 branches' parameter ranges and the quadrature branch (beta >> T).
    const cases: number[][] = [[0.3, 0.6, 11, 5, 30, 40], [0.05, 2, 30, 1, 3, 38], [1.2, 0.8, 5, 40, 37, 39], [0.3, 1e5, 3e5, 17, 67.3, 69]];
    for (const [lambda, s, b, x, tx, T] of cases as [number, number, number, number, number, number][]) {
      const r = lambda * alpha;
      const got = logPochhammer(r, x) + paretoRowLog(paretoPoint(r, alpha, s, b), x, tx, T, undefined);
      const alive = -lambda * T - s * Math.log1p(T / b);
      const l0 = -lambda * tx - (s + 1) * Math.log(b + tx) + s * Math.log(b);
      const I = gaussLegendre((t) => Math.exp(-lambda * t - (s + 1) * Math.log(b + t) + s * Math.log(b) - l0), tx, T, 20_000);
      const dead = Math.log(s) + l0 + Math.log(I);
      const m = Math.max(alive, dead);
      const limit = x * Math.log(lambda) + m + Math.log(Math.exp(alive - m) + Math.exp(dead - m));
      expect(Math.abs(got - limit)).toBeLessThan(1e-6 * Math.max(1, Math.abs(limit)));
    }
  });

  it("fits a Texas inner-origin summary (2024-05-03) that used to diverge to r = 6e86 with a spurious log-likelihood of +6e77: finite, sane purchase parameters, dropout at its homogeneous limit", async () => {
    const { loadTransactions } = await import("../../src/data/loadTransactions.js");
    const { encodeSequences } = await import("../../src/segmentation/features/encodeSequences.js");
    const { btydSummary } = await import("../../src/segmentation/predictor/btydBase.js");
    const { dayNumber } = await import("../../src/time/dayNumber.js");
    const log = await loadTransactions(new URL("../../data/texas_transactions.csv", import.meta.url).pathname);
    const m = fitParetoNbd({ ...btydSummary(encodeSequences(log, { asOf: "2024-05-03" }), dayNumber("2024-05-03")) });
    expect(m.logLikelihood).toBeLessThan(0);
    expect(m.logLikelihood).toBeGreaterThan(-6154);
    expect(m.params.r).toBeGreaterThan(2);
    expect(m.params.r).toBeLessThan(3);
    expect(m.params.alpha).toBeGreaterThan(10);
    expect(m.params.alpha).toBeLessThan(16);
    expect(m.warnings.join(" ")).toMatch(/edge of the parameter space: .*beta/);
  });

  it("returns finite estimates and predictions with a customer of frequency 5,000 (where lifetimes and CLVTools overflow)", () => {
    const m = fitParetoNbd({ frequency: [...data.frequency, 5000], recency: [...data.recency, 30.9], T: [...data.T, 31] });
    expect(m.converged).toBe(true);
    for (const v of [...Object.values(m.params), ...Object.values(m.standardErrors), m.logLikelihood]) expect(Number.isFinite(v)).toBe(true);
    const c = { frequency: [5000, 5000], recency: [30.999, 10], T: [31, 31] };
    const alive = m.probabilityAlive(c), e = m.conditionalExpectedPurchases(52, c);
    expect(alive[0]).toBeGreaterThan(0.5);
    expect(alive[1]).toBeLessThan(1e-10); // 5,000 purchases then 21 silent weeks: gone
    expect(Number.isFinite(e[0]!) && e[0]! > 100).toBe(true);
  });

  it("P(X(t)=n) sums to 1 and its mean equals E[X(t)] (independent formulas)", () => {
    const m = loadModel({ model: "pareto-nbd", params: PUBLISHED });
    let s = 0, mean = 0;
    for (let n = 0; n < 300; n++) {
      const p = m.probabilityOfPurchases(n, 39);
      s += p;
      mean += n * p;
    }
    expect(s).toBeCloseTo(1, 9);
    expect(mean).toBeCloseTo(m.expectedPurchases(39), 7);
  });

  it("round-trips through JSON with identical predictions", () => {
    const back = loadModel(JSON.stringify(model.toJSON())) as ParetoNbdModel;
    expect(back).toBeInstanceOf(ParetoNbdModel);
    const c = { frequency: [0, 2, 26], recency: [0, 30.43, 30.857], T: [38.86, 38.86, 31] };
    expect(Array.from(back.probabilityAlive(c))).toEqual(Array.from(model.probabilityAlive(c)));
    expect(back.expectedPurchases(10)).toBe(model.expectedPurchases(10));
  });
});
