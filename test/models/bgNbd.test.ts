import { describe, expect, it } from "vitest";
import * as aq from "arquero";
import { BgNbdModel, fitBgNbd } from "../../src/models/bgNbd.js";
import type { ModelJson } from "../../src/models/fittedModel.js";
import { loadModel } from "../../src/models/loadModel.js";
import { agrees, cdnowSummary, sig4 } from "./referenceData.js";

const data = cdnowSummary();
const model = fitBgNbd(data);
const PUBLISHED = { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 };
const ROUNDED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe("fitBgNbd", () => {
  it("matches Fader, Hardie & Lee (2005) BG/NBD estimates on CDNOW (r 0.2426, alpha 4.4136, a 0.7929, b 2.4259, LL -9582.43)", () => {
    expect(model.converged).toBe(true);
    for (const k of ["r", "alpha", "a", "b"] as const) expect(sig4(model.params[k])).toBe(sig4(PUBLISHED[k]));
    expect(model.logLikelihood).toBeCloseTo(-9582.43, 1);
    expect(Math.abs(model.logLikelihood - -9582.429)).toBeLessThan(0.01);
    expect(model.gradientNorm).toBeLessThan(1e-6);
    expect(model.customers).toBe(2357);
  });

  it("reproduces the BG/NBD spot checks of Fader, Hardie & Lee (2005): E[X(t)] for t = 1, 3, 32, 78, 52 weeks", () => {
    const m = loadModel({ model: "bg-nbd", params: PUBLISHED });
    const published = ["0.0532", "0.1506", "1.0437", "1.8576", "1.4440"];
    [1, 3, 32, 78, 52].forEach((t, i) => expect(agrees(m.expectedPurchases(t), published[i]!), `E[X(${t})] = ${m.expectedPurchases(t)}`).toBe(true));
    expect(Array.from(m.expectedPurchases([1, 3]))).toEqual([m.expectedPurchases(1), m.expectedPurchases(3)]);
  });

  it("matches BTYD's bgnbd.pmf (P(X(39)=0) = 0.5737864, P(X(2)=10) = 1.07869e-7, P(X(30)=11..20)) as tested by lifetimes", () => {
    const m = loadModel({ model: "bg-nbd", params: ROUNDED });
    expect(m.probabilityOfPurchases(0, 39)).toBeCloseTo(0.5737864, 6);
    expect(m.probabilityOfPurchases(10, 2)).toBeCloseTo(1.07869e-7, 10);
    const btyd = [0.0019995214, 0.0015170236, 0.001163315, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913, 0.0003467171, 0.0002769613, 0.000222226];
    btyd.forEach((v, i) => expect(m.probabilityOfPurchases(11 + i, 30)).toBeCloseTo(v, 9));
    let total = 0;
    for (let n = 0; n < 400; n++) total += m.probabilityOfPurchases(n, 39);
    expect(total).toBeCloseTo(1, 10);
  });

  it("reproduces Fader, Hardie & Lee (2005) for x=26, t_x=30.857, T=31: E[Y(52)] 25.757, P(alive) 0.9689", () => {
    const c = { frequency: [26], recency: [30.857], T: [31] };
    const m = loadModel({ model: "bg-nbd", params: PUBLISHED });
    expect(sig4(m.conditionalExpectedPurchases(52, c)[0]!)).toBe(sig4(25.757));
    expect(sig4(m.probabilityAlive(c)[0]!)).toBe(0.9689);
    expect(sig4(model.conditionalExpectedPurchases(52, c)[0]!)).toBe(sig4(25.757));
    // BG/NBD: customers without repeat purchases are alive by assumption.
    expect(m.probabilityAlive({ frequency: [0], recency: [0], T: [30] })[0]).toBe(1);
  });

  it("standard errors equal the inverse observed information computed independently by finite differences of the log-likelihood", () => {
    const p = model.params;
    const names = ["r", "alpha", "a", "b"] as const;
    const ll = (v: number[]) => fitBgNbdLL(v);
    const x = names.map((k) => p[k]);
    const H = names.map(() => names.map(() => 0));
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) {
        const hi = 1e-4 * x[i]!, hj = 1e-4 * x[j]!;
        const f = (di: number, dj: number) => {
          const y = [...x];
          y[i] = y[i]! + di;
          y[j] = y[j]! + dj;
          return ll(y);
        };
        H[i]![j] = -(f(hi, hj) - f(hi, -hj) - f(-hi, hj) + f(-hi, -hj)) / (4 * hi * hj);
      }
    const inv = invert4(H);
    names.forEach((k, i) => expect(model.standardErrors[k] / Math.sqrt(inv[i]![i]!)).toBeCloseTo(1, 2));
  });

  it("standard errors and 95% intervals match lifetimes 0.11.3 on CDNOW (docs/Quickstart.md: se r 0.012557, alpha 0.378221, a 0.185719, b 0.705345)", () => {
    // lifetimes prints coef ± 1.96 se; clvlab's intervals are Wald intervals on the log scale, coef·exp(± z se / coef).
    const published = { r: [0.242593, 0.012557, 0.217981, 0.267205], alpha: [4.413532, 0.378221, 3.672218, 5.154846], a: [0.792886, 0.185719, 0.428877, 1.156895], b: [2.425752, 0.705345, 1.043276, 3.808229] } as const;
    const z = 1.959963984540054;
    for (const k of ["r", "alpha", "a", "b"] as const) {
      const [coef, se, lo, hi] = published[k];
      expect(Math.abs(model.standardErrors[k] / se - 1)).toBeLessThan(5e-5);
      // The linear bounds rebuilt from clvlab's estimate and standard error are lifetimes' printed bounds.
      expect(model.params[k] - z * model.standardErrors[k]).toBeCloseTo(lo, 4);
      expect(model.params[k] + z * model.standardErrors[k]).toBeCloseTo(hi, 4);
      // The log-scale bounds from lifetimes' figures are clvlab's bounds.
      expect(Math.abs(model.confidenceIntervals.lower[k] / (coef * Math.exp((-z * se) / coef)) - 1)).toBeLessThan(1e-4);
      expect(Math.abs(model.confidenceIntervals.upper[k] / (coef * Math.exp((z * se) / coef)) - 1)).toBeLessThan(1e-4);
    }
    // The analytic Hessian gives lifetimes' standard errors to every printed digit (it differentiates exactly too).
    // lifetimes prints 6 decimals: within half a unit of the last one.
    for (const k of ["r", "alpha", "a", "b"] as const) expect(Math.abs(model.standardErrors[k] - published[k][1])).toBeLessThanOrEqual(5e-7);
    // Pinned (regression): r [0.219188, 0.268497], alpha [3.73114, 5.22072], a [0.500994, 1.25484], b [1.37195, 4.28897].
    const { lower, upper } = model.confidenceIntervals;
    expect([lower.r, upper.r, lower.alpha, upper.alpha, lower.a, upper.a, lower.b, upper.b].map((v) => Number(v.toPrecision(6)))).toEqual([0.219188, 0.268497, 3.73114, 5.22072, 0.500994, 1.25484, 1.37195, 4.28897]);
    expect(model.confidenceIntervals.level).toBe(0.95);
  });

  it("gives the same fit from compressed rows with weights as from the expanded rows (identical rows evaluated once)", () => {
    const f = [0, 0, 0, 1, 1, 3], r = [0, 0, 0, 5, 5, 20], T = [30, 30, 30, 30, 30, 32];
    const expanded = fitBgNbd({ frequency: f, recency: r, T });
    const weighted = fitBgNbd({ frequency: [0, 1, 3], recency: [0, 5, 20], T: [30, 30, 32], weights: [3, 2, 1] });
    expect(weighted.logLikelihood).toBeCloseTo(expanded.logLikelihood, 8);
  });

  it("accepts an arquero table and a CustomerSummary-like object carrying its time unit", () => {
    const t = aq.table({ frequency: Array.from(data.frequency), recency: Array.from(data.recency), T: Array.from(data.T) });
    const m = fitBgNbd(t);
    expect(m.logLikelihood).toBeCloseTo(model.logLikelihood, 6);
    const s = fitBgNbd({ ...data, timeUnit: "weeks" });
    expect(s.timeUnit).toBe("weeks");
  });

  it("round-trips through JSON with identical predictions", () => {
    const json: ModelJson<"bg-nbd"> = JSON.parse(JSON.stringify(model));
    const back = loadModel(json);
    expect(back).toBeInstanceOf(BgNbdModel);
    const c = { frequency: [0, 2, 26], recency: [0, 30.43, 30.857], T: [38.86, 38.86, 31] };
    expect(Array.from(back.conditionalExpectedPurchases(39, c))).toEqual(Array.from(model.conditionalExpectedPurchases(39, c)));
    expect(back.standardErrors).toEqual(model.standardErrors);
    expect(back.logLikelihood).toBe(model.logLikelihood);
  });

  it("stays exact near the homogeneous-rate limit (r, alpha -> infinity, r/alpha = lambda): alpha = 1e12 matches the limiting likelihood B(a,b+x)/B(a,b) lambda^x e^-lambda T + [x>0] B(a+1,b+x-1)/B(a,b) lambda^x e^-lambda t_x", async () => {
    const { bgNbdLikelihood } = await import("../../src/models/bgNbdFamily.js");
    const { betaln } = await import("../../src/numeric/special/gamma.js");
    const rows = { frequency: [0, 1, 5, 40], recency: [0, 3, 30, 37], T: [40, 38, 40, 39] };
    const { lik } = bgNbdLikelihood(rows, false, "test");
    const [lambda, a, b, alpha] = [0.3, 0.8, 2.4, 1e12];
    const got = lik.logLik(Float64Array.of(lambda * alpha, alpha, a, b));
    let limit = 0;
    for (let i = 0; i < 4; i++) {
      const x = rows.frequency[i]!, tx = rows.recency[i]!, T = rows.T[i]!;
      const alive = betaln(a, b + x) - betaln(a, b) + x * Math.log(lambda) - lambda * T;
      const dead = x > 0 ? betaln(a + 1, b + x - 1) - betaln(a, b) + x * Math.log(lambda) - lambda * tx : -Infinity;
      const m = Math.max(alive, dead);
      limit += m + Math.log(Math.exp(alive - m) + Math.exp(dead - m));
    }
    expect(Math.abs(got - limit)).toBeLessThan(1e-6 * Math.abs(limit));
  });

  it("recovers a homogeneous purchase rate (simulated r = 1e6, r/alpha = 0.3, a 0.8, b 3; parameter recovery) and names the limit it runs to", async () => {
    const { simulateBgNbd } = await import("../../src/synthetic/simulateBgNbd.js");
    const sim = simulateBgNbd({ r: 1e6, alpha: 1e6 / 0.3, a: 0.8, b: 3 }, { seed: 1, customers: 5000, T: { min: 30, max: 52 }, transactions: false });
    const m = fitBgNbd(sim.summary);
    expect(m.params.r / m.params.alpha).toBeCloseTo(0.3, 2);
    expect(m.params.r).toBeGreaterThan(100);
    expect(Math.abs(m.params.a / 0.8 - 1)).toBeLessThan(0.1);
    expect(Math.abs(m.params.b / 3 - 1)).toBeLessThan(0.1);
    const edge = m.warnings.find((w) => w.startsWith("at the edge"));
    if (edge) expect(edge).toMatch(/r and alpha → ∞: every customer buys at the same rate r\/alpha/);
  });

  it("stays finite for a customer with 5,000 repeat purchases", () => {
    const m = fitBgNbd({ frequency: [...data.frequency, 5000], recency: [...data.recency, 30], T: [...data.T, 31] });
    expect(Number.isFinite(m.logLikelihood)).toBe(true);
    const c = { frequency: [5000], recency: [30.99], T: [31] };
    const e = m.conditionalExpectedPurchases(52, c)[0]!;
    expect(Number.isFinite(e) && e > 1000).toBe(true);
    expect(m.probabilityAlive(c)[0]).toBeGreaterThan(0);
  });

  it("rejects bad input with a message naming the row, the value and the fix", () => {
    expect(() => fitBgNbd({ frequency: [1], recency: [40], T: [30] })).toThrow(/row 1: recency 40 exceeds T 30/);
    expect(() => fitBgNbd({ frequency: [-1], recency: [0], T: [30] })).toThrow(/row 1: frequency is -1: repeat purchases cannot be negative/);
    expect(() => fitBgNbd({ frequency: [1], T: [30] })).toThrow(/missing column "recency"/);
    expect(() => fitBgNbd({ frequency: [1, NaN], recency: [1, 1], T: [30, 30] })).toThrow(/row 2 is NaN/);
  });

  it("shrinks log-parameters toward 0 with an L2 penalty (lifetimes' penalizer_coef analogue)", () => {
    const pen = fitBgNbd(data, { penalty: 0.1 });
    const norm = (p: object) => (Object.values(p) as number[]).reduce((s, v) => s + Math.log(v) ** 2, 0);
    expect(norm(pen.params)).toBeLessThan(norm(model.params));
    expect(pen.logLikelihood).toBeLessThan(model.logLikelihood);
  });
});

// Independent BG/NBD log-likelihood (direct transcription of FHL 2005 eq. 6, no compression) for the Hessian check.
import { gammaln } from "../../src/numeric/special/gamma.js";
function fitBgNbdLL([r, alpha, a, b]: number[]): number {
  let s = 0;
  for (let i = 0; i < data.frequency.length; i++) {
    const x = data.frequency[i]!, tx = data.recency[i]!, T = data.T[i]!;
    const A1 = gammaln(r! + x) - gammaln(r!) + r! * Math.log(alpha!);
    const A2 = gammaln(a! + b!) + gammaln(b! + x) - gammaln(b!) - gammaln(a! + b! + x);
    const A3 = -(r! + x) * Math.log(alpha! + T);
    const A4 = x > 0 ? Math.log(a!) - Math.log(b! + x - 1) - (r! + x) * Math.log(alpha! + tx) : -Infinity;
    s += A1 + A2 + Math.log(Math.exp(A3) + Math.exp(A4));
  }
  return s;
}
function invert4(M: number[][]): number[][] {
  const n = M.length;
  const A = M.map((row, i) => [...row, ...M.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    const piv = A[c]![c]!;
    for (let j = 0; j < 2 * n; j++) A[c]![j] = A[c]![j]! / piv;
    for (let r = 0; r < n; r++)
      if (r !== c) {
        const f = A[r]![c]!;
        for (let j = 0; j < 2 * n; j++) A[r]![j] = A[r]![j]! - f * A[c]![j]!;
      }
  }
  return A.map((row) => row.slice(n));
}
