import { describe, expect, it } from "vitest";
import { simulateSegmentedLog } from "../../src/synthetic/simulateSegmentedLog.js";
import { evaluateHoldout } from "../../src/validation/evaluateHoldout.js";
import { SMALL_STACKED } from "./fixtures.js";

// The stacked predictor against BG/NBD and Pareto/NBD (both × Gamma-Gamma) on the multi-cohort, multi-segment simulated
// log (heterogeneous, Erlang-8 regular and seasonal buyers; 1,500 customers, small stacked settings, calibration to
// 2023-06-30). What holds at this size, seeds 1 and 2 (figures in docs/validation.md): at 90 days it has the lowest MAE
// and RMSE for purchases and value. What does not hold: the aggregate error at 90 days (Pareto/NBD closer on both seeds
// for purchases), anything at 365 days (its RMSE and aggregate error are worse than BG/NBD's; seasonal and regular
// buyers' long-run totals are overshot), and every CV fold (the first fold, calibrated on 24 months and scored on
// January-March, is lost on every metric).
describe("stacked predictor on the segmented simulated log (90-day holdout)", () => {
  for (const seed of [1, 2]) {
    it(`seed ${seed}: lower MAE and RMSE than BG/NBD and Pareto/NBD for purchases and for value`, () => {
      const sim = simulateSegmentedLog({ seed, customers: 1500, end: "2023-09-28" });
      const ev = evaluateHoldout(sim.log, { calibrationEnd: "2023-06-30", observationEnd: "2023-09-28", models: ["bg-nbd", "pareto-nbd", "stacked"], countScores: false, stacked: { ...SMALL_STACKED, seed } });
      for (const target of ["purchases", "value"] as const) {
        const [bg, pn, st] = ev.models.map((m) => m.scores[target]);
        expect(st!.mae).toBeLessThan(Math.min(bg!.mae, pn!.mae));
        expect(st!.rmse).toBeLessThan(Math.min(bg!.rmse, pn!.rmse));
      }
    }, 20_000);
  }
});
