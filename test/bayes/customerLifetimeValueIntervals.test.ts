import { expect, test } from "vitest";
import "../../src/bayes/index.js";
import { customerLifetimeValueIntervals } from "../../src/bayes/customerLifetimeValueIntervals.js";
import { fitBgNbd } from "../../src/models/bgNbd.js";
import { customerLifetimeValue } from "../../src/models/customerLifetimeValue.js";
import { fitGammaGamma } from "../../src/models/gammaGamma.js";
import { readCsv } from "../models/referenceData.js";

const c = readCsv("cdnow/cdnow_customers_summary_with_transactions.csv");
const cd = { frequency: c.x!, recency: c.t_x!, T: c.T!, monetaryValue: c.zbar!, timeUnit: "weeks" as const };

test("CLV intervals: the mean over Laplace draws equals the average of per-draw CLVs; the MLE CLV lies inside the 94% interval", () => {
  const bg = fitBgNbd(cd, { method: "laplace", draws: 40, seed: 5 });
  const gg = fitGammaGamma(cd, { method: "laplace", draws: 40, seed: 6 });
  const opts = { months: 12, discountRate: 0.1, margin: 0.3 };
  const s = customerLifetimeValueIntervals(bg, gg, cd, opts);
  expect(s.level).toBe(0.94);
  expect(s.draws).toBe(40);
  // Direct: average the CLV of each paired draw for customer 1 (frequency 2) and 4 (a one-time buyer).
  const sub = { frequency: cd.frequency.subarray(0, 5), recency: cd.recency.subarray(0, 5), T: cd.T.subarray(0, 5), monetaryValue: cd.monetaryValue.subarray(0, 5), timeUnit: "weeks" as const };
  const per = Array.from({ length: 40 }, (_, j) => customerLifetimeValue(bg.posterior!.model(j) as never, gg.posterior!.model(j) as never, sub, opts));
  for (const i of [0, 3]) expect(s.mean[i]).toBeCloseTo(per.reduce((a, p) => a + p[i]!, 0) / 40, 8);
  const mle = customerLifetimeValue(fitBgNbd(cd), fitGammaGamma(cd), cd, opts);
  let inside = 0;
  for (let i = 0; i < mle.length; i++) if (mle[i]! >= s.lower[i]! * (1 - 1e-9) && mle[i]! <= s.upper[i]! * (1 + 1e-9)) inside++;
  expect(inside / mle.length).toBeGreaterThan(0.95);
  for (let i = 0; i < mle.length; i++) expect(s.lower[i]!).toBeLessThanOrEqual(s.upper[i]!);
});

test("CLV intervals need posterior draws: a MAP or MLE purchase model is refused with the fix", () => {
  expect(() => customerLifetimeValueIntervals(fitBgNbd(cd, { method: "map" }), 10, cd)).toThrow(/fit it with \{ method: "laplace" \}/);
  expect(() => customerLifetimeValueIntervals(fitBgNbd(cd), 10, cd)).toThrow(/no posterior draws/);
});

test("linearized CLV intervals track the exact ones on CDNOW's Laplace posterior: median relative error < 0.2%, 99th percentile < 2% (mean and interval ends), total within 0.1%", () => {
  // 2,357 customers give a fairly wide posterior, the hard case for a first-order expansion; the error is of
  // second order in the posterior width, so it shrinks with more customers.
  const bg = fitBgNbd(cd, { method: "laplace", draws: 60, seed: 8 });
  const opts = { months: 12, discountRate: 0.1, margin: 0.3, draws: 60 };
  const exact = customerLifetimeValueIntervals(bg, 12, cd, opts);
  const lin = customerLifetimeValueIntervals(bg, 12, cd, { ...opts, approximation: "linearized" });
  const n = exact.mean.length;
  const rel = (a: Float64Array, b: Float64Array) => Float64Array.from({ length: n }, (_, i) => Math.abs(a[i]! / b[i]! - 1)).sort();
  for (const [a, b] of [[lin.mean, exact.mean], [lin.lower, exact.lower], [lin.upper, exact.upper]] as const) {
    const r = rel(a, b);
    expect(r[n >> 1]!).toBeLessThan(0.002);
    expect(r[Math.floor(0.99 * n)]!).toBeLessThan(0.02);
  }
  const total = (v: Float64Array) => v.reduce((x, y) => x + y, 0);
  expect(Math.abs(total(lin.mean) / total(exact.mean) - 1)).toBeLessThan(0.001);
  expect(() => customerLifetimeValueIntervals(bg, 12, cd, { ...opts, approximation: "taylor" as never })).toThrow(/invalid approximation "taylor"/);
});

test("BG/NBD and MBG/NBD intervals (per-frequency interpolants, every draw) equal the direct per-draw CLV: mean, sd and the exact 5%/95% quantiles to 1e-9", async () => {
  const { fitMbgNbd } = await import("../../src/models/mbgNbd.js");
  const draws = 30;
  for (const bg of [fitBgNbd(cd, { method: "laplace", draws, seed: 12 }), fitMbgNbd(cd, { method: "laplace", draws, seed: 13 })]) {
    const gg = fitGammaGamma(cd, { method: "laplace", draws, seed: 14 });
    const opts = { months: 12, discountRate: 0.1, margin: 0.3, level: 0.9 };
    const s = customerLifetimeValueIntervals(bg, gg, cd, opts);
    const pick = [0, 1, 17, 500, 2356];
    // One customer at a time: too few of each frequency to interpolate, so this is the direct 2F1 evaluation.
    const per = pick.map((i) => {
      const one = { frequency: cd.frequency.subarray(i, i + 1), recency: cd.recency.subarray(i, i + 1), T: cd.T.subarray(i, i + 1), monetaryValue: cd.monetaryValue.subarray(i, i + 1), timeUnit: "weeks" as const };
      return Array.from({ length: draws }, (_, j) => customerLifetimeValue(bg.posterior!.model(j) as never, gg.posterior!.model(j) as never, one, opts)[0]!).sort((a, b) => a - b);
    });
    pick.forEach((i, k) => {
      const v = per[k]!;
      const mean = v.reduce((a, b) => a + b, 0) / draws;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws - 1));
      const q = (p: number) => {
        const h = (draws - 1) * p, lo = Math.floor(h);
        return v[lo]! + (h - lo) * (v[lo + 1]! - v[lo]!);
      };
      expect(Math.abs(s.mean[i]! / mean - 1)).toBeLessThan(1e-9);
      expect(Math.abs(s.sd[i]! / sd - 1)).toBeLessThan(1e-9);
      expect(Math.abs(s.lower[i]! / q(0.05) - 1)).toBeLessThan(1e-9);
      expect(Math.abs(s.upper[i]! / q(0.95) - 1)).toBeLessThan(1e-9);
    });
  }
});
