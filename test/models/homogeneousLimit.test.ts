/* eslint-disable no-loss-of-precision -- reference values printed with 30+ digits (mpmath); they round to the nearest double on purpose */
// Predictions at the homogeneous-Poisson / no-dropout limit of the BTYD models: closed forms in the limit, 60-digit
// reference values (mpmath 1.3.0, hyp2f1 at mp.dps = 60, of Fader, Hardie & Lee 2005 eq. 10 and Batislam et al. 2007),
// continuity in alpha, and the negative_clv.csv reproduction that once gave 163 negative CLVs.
import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadModel } from "../../src/models/loadModel.js";
import { BgNbdModel } from "../../src/models/bgNbd.js";
import { MbgNbdModel } from "../../src/models/mbgNbd.js";
import { ParetoNbdModel } from "../../src/models/paretoNbd.js";
import { fitBgNbd } from "../../src/models/bgNbd.js";
import { fitMbgNbd } from "../../src/models/mbgNbd.js";
import { fitParetoNbd } from "../../src/models/paretoNbd.js";
import { predictionProblem } from "../../src/models/checkPredictions.js";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { summarizeCustomers } from "../../src/summaries/summarizeCustomers.js";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const poisson = (n: number, m: number) => Math.exp(n * Math.log(m) - m - lnFact(n));
const lnFact = (n: number) => { let s = 0; for (let k = 2; k <= n; k++) s += Math.log(k); return s; };
const poissonTail = (n: number, m: number) => { let h = 0; for (let j = 0; j < n; j++) h += poisson(j, m); return 1 - h; };

// The BG/NBD fitted to negative_clv.csv (weeks): r, alpha -> infinity, a -> 0.
const EDGE = { r: 4.0487e8, alpha: 6.9634e9, a: 2.2759e-8, b: 7.8022e8 };
const CUSTOMERS = { frequency: [5, 0, 3], recency: [44.2857, 0, 10], T: [52.1429, 30, 52] };

describe("BG/NBD and MBG/NBD at the homogeneous-Poisson limit", () => {
  it("conditional expected purchases match 60-digit values of the published formula at the negative_clv.csv fit (r 4.05e8, alpha 6.96e9, a 2.3e-8, b 7.8e8)", () => {
    // mpmath: cond(..., t = 52.18) for the three customers; identical for BG/NBD and MBG/NBD to 20 digits here.
    const want = [3.0338795276308586546, 3.033879499810956423, 3.0338795127061862316];
    for (const model of [loadModel({ model: "bg-nbd", params: EDGE }), loadModel({ model: "mbg-nbd", params: EDGE })]) {
      const got = model.conditionalExpectedPurchases(52.18, CUSTOMERS);
      got.forEach((v, i) => expect(rel(v, want[i]!)).toBeLessThan(1e-12));
      expect(rel(model.expectedPurchases(52.18), 3.0338795128816381294)).toBeLessThan(1e-12);
      // P(alive) = 1 − 4.6e-17 and 1 − 3.4e-16 (mpmath).
      const alive = model.probabilityAlive(CUSTOMERS);
      expect(alive[0]).toBeCloseTo(1, 14);
      expect(alive[2]).toBeCloseTo(1, 14);
    }
  });

  it("expected purchases of a new customer stay exact at the homogeneous-dropout limit a 9.4e7, b 7.8e11 (the fit to 1M synthetic customers): 10.307133979575675 (mpmath)", () => {
    // Reference: the published forms' Gauss series summed term by term at mp.dps = 60 (mpmath 1.3); the published form
    // in doubles loses ~4 digits here (it gave 10.307133979569743).
    const params = { r: 0.8811056619443521, alpha: 4.43927944088851, a: 94357173.79250157, b: 776521433038.5396 };
    expect(rel(loadModel({ model: "bg-nbd", params }).expectedPurchases(52), 10.307133979575674665)).toBeLessThan(1e-14);
    expect(rel(loadModel({ model: "mbg-nbd", params }).expectedPurchases(52), 10.305881684625640566)).toBeLessThan(1e-14);
  });

  it("conditional expected purchases stay exact when a is within 1e-9 of 1 (the published form divides 0 by 0): 2.167877706092034 (mpmath)", () => {
    const m = loadModel({ model: "bg-nbd", params: { r: 0.5, alpha: 5, a: 1 + 1e-9, b: 3 } });
    expect(rel(m.conditionalExpectedPurchases(40, { frequency: [4], recency: [20], T: [30] })[0]!, 2.167877706092033805)).toBeLessThan(1e-12);
    expect(rel(m.expectedPurchases(40), 2.0338830824200477957)).toBeLessThan(1e-12);
    const exact1 = loadModel({ model: "bg-nbd", params: { r: 0.5, alpha: 5, a: 1, b: 3 } });
    expect(rel(exact1.expectedPurchases(40), 2.0338830824200477957)).toBeLessThan(1e-6);
  });

  it("match the closed forms of a homogeneous rate lambda and homogeneous dropout p0 at alpha = 1e12 (r = lambda alpha, a = p0 1e9, b = (1 - p0) 1e9)", () => {
    const [lambda, p0, t] = [0.25, 0.1, 20];
    const params = { r: lambda * 1e12, alpha: 1e12, a: p0 * 1e9, b: (1 - p0) * 1e9 };
    const bg = new BgNbdModel(loadModel({ model: "bg-nbd", params }));
    const mbg = new MbgNbdModel(loadModel({ model: "mbg-nbd", params }));
    const c = { frequency: [0, 2, 6], recency: [0, 10, 28], T: [30, 30, 30] };
    // Alive: purchases Poisson(lambda); after each one the customer leaves with probability p0, so
    // E[Y(t) | alive] = (1 − e^{−p0 lambda t}) / p0 and P(alive | x, t_x, T) = 1 / (1 + p0/(1 − p0) e^{lambda (T − t_x)}).
    const whileAlive = -Math.expm1(-p0 * lambda * t) / p0;
    const aliveBg = c.frequency.map((x, i) => (x === 0 ? 1 : 1 / (1 + (p0 / (1 - p0)) * Math.exp(lambda * (c.T[i]! - c.recency[i]!)))));
    const aliveMbg = c.frequency.map((_, i) => 1 / (1 + (p0 / (1 - p0)) * Math.exp(lambda * (c.T[i]! - c.recency[i]!))));
    const eb = bg.conditionalExpectedPurchases(t, c), em = mbg.conditionalExpectedPurchases(t, c);
    const ab = bg.probabilityAlive(c), am = mbg.probabilityAlive(c);
    for (let i = 0; i < 3; i++) {
      expect(rel(ab[i]!, aliveBg[i]!)).toBeLessThan(1e-6);
      expect(rel(am[i]!, aliveMbg[i]!)).toBeLessThan(1e-6);
      expect(rel(eb[i]!, whileAlive * aliveBg[i]!)).toBeLessThan(1e-6);
      expect(rel(em[i]!, whileAlive * aliveMbg[i]!)).toBeLessThan(1e-6);
    }
    // New customer: BG/NBD E[X(t)] = (1 − e^{−p0 lambda t})/p0; MBG/NBD survives time 0 with probability 1 − p0.
    expect(rel(bg.expectedPurchases(t), whileAlive)).toBeLessThan(1e-6);
    expect(rel(mbg.expectedPurchases(t), (1 - p0) * whileAlive)).toBeLessThan(1e-6);
    // P(X(t) = n) = (1−p0)^n Pois(n; lambda t) + [n > 0] p0 (1−p0)^(n−1) P(Pois >= n); MBG/NBD one more survival.
    for (const n of [0, 1, 4, 9]) {
      const m = lambda * t;
      const pbg = (1 - p0) ** n * poisson(n, m) + (n > 0 ? p0 * (1 - p0) ** (n - 1) * poissonTail(n, m) : 0);
      const pmbg = (1 - p0) ** (n + 1) * poisson(n, m) + p0 * (1 - p0) ** n * poissonTail(n, m);
      expect(rel(bg.probabilityOfPurchases(n, t), pbg)).toBeLessThan(1e-6);
      expect(rel(mbg.probabilityOfPurchases(n, t), pmbg)).toBeLessThan(1e-6);
    }
  });

  it("give exactly the Poisson limit without dropout (a = 1e-12, b = 1e12, alpha = 1e12): E = lambda t, P(alive) = 1, P(X = n) Poisson", () => {
    const lambda = 0.3;
    const m = loadModel({ model: "bg-nbd", params: { r: lambda * 1e12, alpha: 1e12, a: 1e-12, b: 1e12 } });
    const c = { frequency: [1, 7], recency: [5, 20], T: [40, 40] };
    for (const v of m.conditionalExpectedPurchases(52, c)) expect(rel(v, lambda * 52)).toBeLessThan(1e-9);
    for (const v of m.probabilityAlive(c)) expect(v).toBeCloseTo(1, 12);
    expect(rel(m.expectedPurchases(52), lambda * 52)).toBeLessThan(1e-9);
    for (const n of [0, 3, 15, 30]) expect(rel(m.probabilityOfPurchases(n, 52), poisson(n, lambda * 52))).toBeLessThan(1e-8);
  });

  it("are continuous in alpha: with r/alpha fixed the error against the limit shrinks like 1/alpha from alpha = 1e3 to 1e15, never negative", () => {
    const lambda = 0.2, c = { frequency: [3], recency: [25], T: [40] };
    let last = Infinity;
    for (const e of [3, 5, 7, 9, 11, 13, 15]) {
      const alpha = 10 ** e;
      const m = loadModel({ model: "bg-nbd", params: { r: lambda * alpha, alpha, a: 1e-6, b: 1e6 } });
      const v = m.conditionalExpectedPurchases(52, c)[0]!;
      const limit = lambda * 52 / (1 + (1e-6 / (1e6 + 2)) * Math.exp(lambda * 15));
      const err = rel(v, limit);
      expect(v).toBeGreaterThan(0);
      // O(1/alpha) heterogeneity plus the O(a/b) dropout term, which is below 1e-11 here.
      expect(err).toBeLessThan(Math.max(50 / alpha, 1e-11));
      if (e <= 9) expect(err).toBeLessThan(last);
      last = err;
    }
  });
});

describe("Pareto/NBD at the homogeneous-Poisson limit", () => {
  it("matches the closed forms of a homogeneous rate lambda and exponential lifetime mu at alpha = beta = 1e12", () => {
    const [lambda, mu, t] = [0.4, 0.05, 30];
    const m = new ParetoNbdModel(loadModel({ model: "pareto-nbd", params: { r: lambda * 1e12, alpha: 1e12, s: mu * 1e12, beta: 1e12 } }));
    const c = { frequency: [0, 3, 10], recency: [0, 12, 38], T: [40, 40, 40] };
    const alive = m.probabilityAlive(c), e = m.conditionalExpectedPurchases(t, c);
    for (let i = 0; i < 3; i++) {
      // P(alive) = e^{-(lambda+mu)T} / (e^{-(lambda+mu)T} + mu/(lambda+mu) (e^{-(lambda+mu)t_x} − e^{-(lambda+mu)T})).
      const k = lambda + mu, T = c.T[i]!, tx = c.recency[i]!;
      const want = Math.exp(-k * T) / (Math.exp(-k * T) + (mu / k) * (Math.exp(-k * tx) - Math.exp(-k * T)));
      expect(rel(alive[i]!, want)).toBeLessThan(1e-6);
      expect(rel(e[i]!, want * (lambda / mu) * -Math.expm1(-mu * t))).toBeLessThan(1e-6);
    }
    expect(rel(m.expectedPurchases(t), (lambda / mu) * -Math.expm1(-mu * t))).toBeLessThan(1e-6);
    // P(X(t) = n) = Pois(n; lambda t) e^{-mu t} + ∫_0^t Pois(n; lambda tau) mu e^{-mu tau} d tau (by Simpson here).
    for (const n of [0, 2, 8]) {
      let integral = 0;
      const steps = 2000, h = t / steps;
      for (let j = 0; j <= steps; j++) {
        const tau = j * h, wj = j === 0 || j === steps ? 1 : j % 2 ? 4 : 2;
        integral += (wj * h * poisson(n, lambda * tau || 1e-300) * mu * Math.exp(-mu * tau)) / 3;
      }
      if (n === 0) integral = (mu / (lambda + mu)) * -Math.expm1(-(lambda + mu) * t);
      expect(rel(m.probabilityOfPurchases(n, t), poisson(n, lambda * t) * Math.exp(-mu * t) + integral)).toBeLessThan(1e-6);
    }
  });

  it("gives E = lambda t and P(alive) = 1 without dropout (s 5e-11, beta 9.5e9 as fitted to negative_clv.csv)", () => {
    const m = loadModel({ model: "pareto-nbd", params: { r: 3.8688e8, alpha: 6.6541e9, s: 5.1545e-11, beta: 9.4626e9 } });
    const lambda = 3.8688e8 / 6.6541e9;
    const v = m.conditionalExpectedPurchases(52.18, CUSTOMERS);
    CUSTOMERS.frequency.forEach((x, i) => {
      expect(rel(v[i]!, ((3.8688e8 + x) / (6.6541e9 + CUSTOMERS.T[i]!)) * 52.18)).toBeLessThan(1e-6);
      expect(rel(v[i]!, lambda * 52.18)).toBeLessThan(1e-6);
    });
    for (const p of m.probabilityAlive(CUSTOMERS)) expect(p).toBeCloseTo(1, 9);
  });
});

describe("fits at the limit (negative_clv.csv: 211 customers buying about every two months)", () => {
  const file = resolve(fileURLToPath(new URL("../..", import.meta.url)), "../shared/data/repro/negative_clv.csv");
  const load = async () => summarizeCustomers(await loadTransactions([file], { attributes: "none", observationEnd: "2024-12-31" }), { timeUnit: "weeks", observationEnd: "2024-12-31" });

  it("BG/NBD, MBG/NBD and Pareto/NBD predict no negative or non-finite expected purchases (163 of 211 were negative) and say the predictions were checked", async () => {
    const summary = await load();
    for (const fit of [fitBgNbd, fitMbgNbd, fitParetoNbd]) {
      const m = fit(summary);
      const e = m.conditionalExpectedPurchases(52.18, summary);
      expect(e.length).toBe(211);
      for (const v of e) expect(v >= 0 && Number.isFinite(v)).toBe(true);
      for (const p of m.probabilityAlive(summary)) expect(p >= 0 && p <= 1).toBe(true);
      const edge = m.warnings.find((w) => w.startsWith("at the edge"));
      if (edge) expect(edge).toMatch(/predictions are valid \(checked on the fitted customers\)/);
    }
    // The homogeneous limit: everyone buys at the common rate r/alpha (about 0.058 a week).
    const bg = fitBgNbd(summary);
    const e = bg.conditionalExpectedPurchases(52.18, summary);
    expect(Math.max(...e) - Math.min(...e)).toBeLessThan(0.05 * Math.max(...e));
  });

  it("the prediction check names the row and value of a negative or non-finite prediction (and says nothing when all are valid)", () => {
    expect(predictionProblem(() => [Float64Array.of(1, 2), Float64Array.of(0.5)])).toBeUndefined();
    expect(predictionProblem(() => [Float64Array.of(1, -26.1)])).toMatch(/row 2 gets -26\.1/);
    expect(predictionProblem(() => [Float64Array.of(NaN)])).toMatch(/row 1 gets NaN/);
    expect(predictionProblem(() => { throw new Error("hypergeometric 2F1 is not positive"); })).toMatch(/2F1 is not positive/);
  });
});
