import { beforeAll, describe, expect, it } from "vitest";
import { simulateSegmentedLog } from "../../src/synthetic/simulateSegmentedLog.js";
import { crossValidateTemporal, type TemporalCrossValidation } from "../../src/validation/crossValidateTemporal.js";
import { acrossSeeds, SEGMENTED_STACKED, type Trio } from "./fixtures.js";

// Expanding-window CV on the segmented simulated log (1,500 customers): three 3-month folds after 24, 27 and 30 months
// from the first purchase (to 2022-12-31, 2023-03-31, 2023-06-30; on seed 1 a day later). The criterion is stated across
// seeds 1-6, and each check also holds across seeds 1-20 (`node scripts/segmented-log-study.mjs 1-20`, docs/validation.md):
// - MAE is the lowest in every fold on every seed (20 of 20), RMSE on most (18-20 of 20 per fold and target).
// - Folds 1 and 2 (January-March after a holiday season, April-June): BTYD over-forecasts by 13-42% on average (holiday
//   buyers' yearly rate carried into the quarters after the season); the stack, trained on the same calendar window a
//   year earlier, over-forecasts by 3-12% and has the smallest |aggregate error| on every seed (20 of 20).
// - Fold 3 (July-September, nearly the 90-day holdout's window): the smallest mean |aggregate error| (3.5% against
//   Pareto/NBD's 5.6% for purchases, 7.4% against 11.8% for value), and the smallest on 17 and 18 of 20 seeds; on
//   seeds 1-6 on three for purchases (Poisson sd of the fold's purchase total: 2.5%), so the check is "at least half".
const SEEDS = [1, 2, 3, 4, 5, 6];
const targets = ["purchases", "value"] as const;
const results: TemporalCrossValidation[] = [];

/** One metric (absolute value for the signed aggregate error) of BG/NBD, Pareto/NBD and the stack in fold `fold` on every seed. */
function trios(fold: number, target: (typeof targets)[number], metric: "mae" | "rmse" | "aggregateError"): Trio[] {
  return results.map((cv) => {
    const rows = cv.folds[fold - 1]!.rows.filter((r) => r.target === target);
    const get = (model: string) => Math.abs(rows.find((r) => r.model === model)![metric] as number);
    return { bg: get("bg-nbd"), pn: get("pareto-nbd"), st: get("stacked") };
  });
}

describe("stacked predictor in expanding-window cross-validation on the segmented log, seeds 1-6", () => {
  beforeAll(() => {
    for (const seed of SEEDS) {
      const sim = simulateSegmentedLog({ seed, customers: 1500, end: "2024-06-30" });
      results.push(crossValidateTemporal(sim.log, { initial: "24m", step: "3m", horizon: "3m", folds: 3, models: ["bg-nbd", "pareto-nbd", "stacked"], countScores: false, stacked: { ...SEGMENTED_STACKED, seed } }));
    }
  }, 120_000);

  it("has three folds ending at 2022-12-31, 2023-03-31 and 2023-06-30 (seed 3)", () => {
    expect(results[2]!.folds.map((f) => f.calibrationEnd)).toEqual(["2022-12-31", "2023-03-31", "2023-06-30"]);
  });

  for (const fold of [1, 2, 3]) {
    it(`fold ${fold}: the lowest MAE on every seed and the lowest mean RMSE, the lowest RMSE on at least 4 of 6 seeds, for purchases and value`, () => {
      for (const target of targets) {
        expect(acrossSeeds(trios(fold, target, "mae")).wins, `${target} MAE`).toBe(SEEDS.length);
        const r = acrossSeeds(trios(fold, target, "rmse"));
        expect(r.mean.st, `${target} RMSE mean`).toBeLessThan(Math.min(r.mean.bg, r.mean.pn));
        expect(r.wins, `${target} RMSE seeds`).toBeGreaterThanOrEqual(4);
      }
    });
  }

  for (const fold of [1, 2]) {
    it(`fold ${fold}: the smallest |aggregate error| on every seed, for purchases and value`, () => {
      for (const target of targets) expect(acrossSeeds(trios(fold, target, "aggregateError")).wins, target).toBe(SEEDS.length);
    });
  }

  it("fold 3: the smallest mean |aggregate error| for purchases and value, and the smallest on at least half the seeds", () => {
    for (const target of targets) {
      const a = acrossSeeds(trios(3, target, "aggregateError"));
      expect(a.mean.st, target).toBeLessThan(Math.min(a.mean.bg, a.mean.pn));
      expect(a.wins, target).toBeGreaterThanOrEqual(SEEDS.length / 2);
    }
  });
});
