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
