import { beforeAll, describe, expect, it } from "vitest";
import { simulateSegmentedLog } from "../../src/synthetic/simulateSegmentedLog.js";
import { evaluateHoldout } from "../../src/validation/evaluateHoldout.js";
import type { ForecastScores } from "../../src/validation/scoreForecast.js";
import { acrossSeeds, SEGMENTED_STACKED, type Trio } from "./fixtures.js";

// The stacked predictor against BG/NBD and Pareto/NBD (both × Gamma-Gamma) on the multi-cohort, multi-segment simulated
// log (heterogeneous, Erlang-8 regular and holiday-season buyers; 1,500 customers acquired 2021-2022, calibration to
// 2023-06-30), trained for the holdout's length on the same calendar window a year earlier. The criterion is stated
// across seeds 1-6, not on chosen seeds, and each check also holds across seeds 1-20 (`node
// scripts/segmented-log-study.mjs 1-20`, docs/validation.md):
// - MAE and RMSE: the stack's mean over seeds is the lowest everywhere, and it wins on most seeds (MAE on 19-20 of 20,
//   RMSE on 16-20 of 20 per horizon and target).
// - Aggregate error at 90 days: BTYD over-forecasts a summer quarter (holiday buyers' yearly rate spread over a season
//   without holidays): BG/NBD +10%, Pareto/NBD +6% on purchases. The stack over-forecasts less (+2.8% ± 0.8% over 20
//   seeds): the smallest mean |aggregate error| (3.5% against 5.8%), the smallest on 17 of 20 seeds for purchases (3 of
//   seeds 1-6: Pareto/NBD is closer on seeds 1, 2 and 6, by 2.0, 2.3 and 0.5 points, under one Poisson sd of 2.5%) and
//   on 19 of 20 for value.
// - Aggregate error at 365 days: Pareto/NBD under-forecasts (−5.7%); BG/NBD lands near the total (+0.8% ± 0.7%) because
//   its segment errors cancel. The stack (+1.0% ± 0.8%, its learned ratios faded beyond the training ages) is closer
//   than Pareto/NBD on 16-17 of 20 seeds and level with BG/NBD on average (mean |aggregate error| 2.4% against 2.3% for
//   purchases, 2.6% against 2.8% for value; closer on 8 and 9 of 20 seeds), so only the comparison with Pareto/NBD is
//   checked. BG/NBD's one-year total is within 0.4 points of the floor here: over seeds 1-40 it misses by 2.26% on
//   average, where a forecast with an exact expected total would miss by 1.83% (the realized total's own sd is 2.3%;
//   docs/validation.md).
// - Over both horizons and targets, the stack is the closest of the three in 53 of 80 seed cells (15 of 24 on seeds 1-6).
// Aggregate percent errors are compared in absolute value; a purchase total of ~1,600 (90 days) has a Poisson sd of
// 2.5%, one of ~6,400 (365 days) 1.25%, so single cells are decided by noise and only counts over seeds say anything.
const SEEDS = [1, 2, 3, 4, 5, 6];
const calibrationEnd = "2023-06-30";
const models = ["bg-nbd", "pareto-nbd", "stacked"] as const;
const horizons = [[90, "2023-09-28"], [365, "2024-06-29"]] as const;
const targets = ["purchases", "value"] as const;

type Scores = Record<(typeof targets)[number], [ForecastScores, ForecastScores, ForecastScores]>;
/** Scores of BG/NBD, Pareto/NBD and the stack per horizon (days) and seed. */
const results = new Map<number, Scores[]>();

/** One metric (absolute value for the signed aggregate error) of the three models on every seed. */
function trios(days: number, target: (typeof targets)[number], metric: "mae" | "rmse" | "aggregateError"): Trio[] {
  return results.get(days)!.map((s) => {
    const [bg, pn, st] = s[target].map((m) => Math.abs(m[metric]));
    return { bg: bg!, pn: pn!, st: st! };
  });
}

describe("stacked predictor on the segmented simulated log, seeds 1-6", () => {
  beforeAll(() => {
    for (const [days, observationEnd] of horizons) {
      results.set(days, SEEDS.map((seed) => {
        const sim = simulateSegmentedLog({ seed, customers: 1500, end: "2024-06-30" });
        const ev = evaluateHoldout(sim.log, { calibrationEnd, observationEnd, models, countScores: false, stacked: { ...SEGMENTED_STACKED, seed } });
        const pick = (t: (typeof targets)[number]) => ev.models.map((m) => m.scores[t]) as [ForecastScores, ForecastScores, ForecastScores];
        return { purchases: pick("purchases"), value: pick("value") };
      }));
    }
  }, 120_000);

  for (const [days] of horizons) {
    for (const target of targets) {
      it(`${days}-day ${target}: lowest mean MAE and RMSE over the seeds, and the lowest on at least 4 of 6 seeds`, () => {
        for (const metric of ["mae", "rmse"] as const) {
          const a = acrossSeeds(trios(days, target, metric));
          expect(a.mean.st, `${metric} mean`).toBeLessThan(Math.min(a.mean.bg, a.mean.pn));
          expect(a.wins, `${metric} seeds won`).toBeGreaterThanOrEqual(4);
        }
      });
    }
  }

  it("90-day MAE is the lowest on every seed, for purchases and value", () => {
    for (const target of targets) expect(acrossSeeds(trios(90, target, "mae")).wins, target).toBe(SEEDS.length);
  });

  it("90 days: the smallest mean |aggregate error| for purchases and value, the smallest on at least half the seeds for purchases and on most for value", () => {
    const p = acrossSeeds(trios(90, "purchases", "aggregateError"));
    expect(p.mean.st).toBeLessThan(Math.min(p.mean.bg, p.mean.pn));
    expect(p.wins).toBeGreaterThanOrEqual(SEEDS.length / 2);
    const v = acrossSeeds(trios(90, "value", "aggregateError"));
    expect(v.mean.st).toBeLessThan(Math.min(v.mean.bg, v.mean.pn));
    expect(v.wins).toBeGreaterThan(SEEDS.length / 2);
  });

  it("365 days: a smaller mean |aggregate error| than Pareto/NBD and closer than it on most seeds, for purchases and value", () => {
    for (const target of targets) {
      const a = acrossSeeds(trios(365, target, "aggregateError"));
      expect(a.mean.st, target).toBeLessThan(a.mean.pn);
      expect(a.winsVsPn, target).toBeGreaterThan(SEEDS.length / 2);
    }
  });

  it("over every seed, horizon and target the stack's mean |aggregate error| is the smallest, and it is the closest of the three in most cells", () => {
    const all = horizons.flatMap(([days]) => targets.flatMap((t) => trios(days, t, "aggregateError")));
    const a = acrossSeeds(all);
    expect(a.mean.st).toBeLessThan(Math.min(a.mean.bg, a.mean.pn));
    expect(a.wins).toBeGreaterThan(all.length / 2);
    expect(a.winsVsBg).toBeGreaterThan(all.length / 2);
    expect(a.winsVsPn).toBeGreaterThan(all.length / 2);
  });
});
