import { describe, expect, test } from "vitest";
import "../../src/bayes/index.js";
import { fitBgNbd } from "../../src/models/bgNbd.js";
import { fitGammaGamma } from "../../src/models/gammaGamma.js";
import { cdnowSummary, readCsv } from "../models/referenceData.js";

const cd = { ...cdnowSummary(), timeUnit: "weeks" as const };

describe("fit*(data, { method })", () => {
  test("the default (mle) path is unchanged and has no posterior", () => {
    const a = fitBgNbd(cd);
    const b = fitBgNbd(cd, { method: "mle" });
    expect(JSON.stringify(b.toJSON())).toBe(JSON.stringify(a.toJSON()));
    expect(a.posterior).toBeUndefined();
    expect(() => fitBgNbd(cd, { method: "nuts" as never })).toThrow(/invalid method "nuts": use mle, map, laplace or mcmc/);
    expect(() => fitBgNbd(cd, { method: "map", penalty: 0.1 })).toThrow(/a penalty is for maximum likelihood/);
  });

  test("CDNOW BG/NBD: MAP and Laplace sit next to the MLE (Fader, Hardie & Lee 2005: r 0.243, alpha 4.414, a 0.793, b 2.426)", () => {
    const map = fitBgNbd(cd, { method: "map" });
    const lap = fitBgNbd(cd, { method: "laplace", seed: 3, draws: 2000 });
    expect(map.method).toBe("map");
    expect(map.posterior!.drawCount).toBe(1);
    // 2,357 customers: the priors move r and alpha by < 1%, and a, b (weakly identified) by < 15%.
    expect(map.params.r).toBeCloseTo(0.243, 2);
    expect(Math.abs(map.params.alpha / 4.414 - 1)).toBeLessThan(0.02);
    expect(Math.abs(map.params.a / 0.793 - 1)).toBeLessThan(0.15);
    expect(Math.abs(lap.params.r / map.params.r - 1)).toBeLessThan(0.03);
    // Laplace sds agree with the MLE's Hessian standard errors (r 0.0125, alpha 0.378: BTYD, lifetimes) within 10%.
    expect(Math.abs(lap.standardErrors.r / 0.0125 - 1)).toBeLessThan(0.1);
    expect(Math.abs(lap.standardErrors.alpha / 0.378 - 1)).toBeLessThan(0.1);
    expect(lap.confidenceIntervals.lower.r).toBeLessThan(lap.params.r);
    expect(lap.posterior!.summary.map((r) => r.parameter)).toEqual(["r", "alpha", "a", "b"]);
  });

  test("CDNOW BG/NBD short MCMC: means within 0.25 posterior sd of Laplace, R-hat < 1.05, no divergences, identical for a seed", () => {
    const opts = { method: "mcmc" as const, chains: 2, warmup: 150, draws: 150, seed: 9 };
    const m = fitBgNbd(cd, opts);
    const lap = fitBgNbd(cd, { method: "laplace", seed: 3, draws: 4000 });
    const s = m.posterior!.sampler!;
    expect(s.divergences).toBe(0);
    for (const row of m.posterior!.summary) {
      const l = lap.posterior!.summary.find((r) => r.parameter === row.parameter)!;
      expect(Math.abs(row.mean - l.mean)).toBeLessThan(0.25 * l.sd);
      expect(row.rhat).toBeLessThan(1.05);
    }
    const again = fitBgNbd(cd, opts);
    expect(Array.from(again.posterior!.draws.r![1]!)).toEqual(Array.from(m.posterior!.draws.r![1]!));
  });

  test("posterior predictions: streamed mean, sd and interval equal the direct computation over the draws", () => {
    const m = fitBgNbd(cd, { method: "laplace", seed: 4, draws: 50 });
    const post = m.posterior!;
    const sub = { frequency: cd.frequency.subarray(0, 30), recency: cd.recency.subarray(0, 30), T: cd.T.subarray(0, 30) };
    const s = post.conditionalExpectedPurchases(39, sub, { level: 0.8 });
    const per = Array.from({ length: 50 }, (_, j) => (post.model(j) as { conditionalExpectedPurchases(t: number, c: unknown): Float64Array }).conditionalExpectedPurchases(39, sub));
    for (const i of [0, 7, 29]) {
      const v = per.map((p) => p[i]!).sort((a, b) => a - b);
      const mean = v.reduce((a, b) => a + b, 0) / 50;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / 49);
      const q = (p: number) => v[Math.floor(49 * p)]! + (49 * p - Math.floor(49 * p)) * (v[Math.floor(49 * p) + 1]! - v[Math.floor(49 * p)]!);
      expect(s.mean[i]).toBeCloseTo(mean, 10);
      expect(s.sd[i]).toBeCloseTo(sd, 10);
      // The draws are held as doubles for the interval: the quantile is exact.
      expect(s.lower[i]! / q(0.1)).toBeCloseTo(1, 12);
      expect(s.upper[i]! / q(0.9)).toBeCloseTo(1, 12);
    }
    expect(s.level).toBe(0.8);
  });

  test("Gamma-Gamma by MAP on CDNOW spend stays near the MLE (lifetimes: p 6.25, q 3.74, v 15.45)", () => {
    const c = readCsv("cdnow/cdnow_customers_summary_with_transactions.csv");
    const m = fitGammaGamma({ frequency: c.x!, monetaryValue: c.zbar! }, { method: "map" });
    expect(Math.abs(m.params.p / 6.25 - 1)).toBeLessThan(0.05);
    expect(Math.abs(m.params.q / 3.74 - 1)).toBeLessThan(0.05);
    expect(m.excludedNoRepeat).toBeGreaterThan(0);
  });
});

test("a uniform prior on phi with bounds inside (0, 1) keeps every draw's a/(a + b) inside the bounds", () => {
  const m = fitBgNbd(cd, { method: "laplace", seed: 1, draws: 500, prior: { phi: { dist: "uniform", lower: 0.05, upper: 0.15 } } });
  const post = m.posterior!;
  for (let j = 0; j < post.drawCount; j++) {
    const p = post.params(j);
    const phi = p.a! / (p.a! + p.b!);
    expect(phi).toBeGreaterThan(0.05);
    expect(phi).toBeLessThan(0.15);
  }
});
