import { describe, expect, it } from "vitest";
import { simulateSegmentedLog } from "../../src/synthetic/simulateSegmentedLog.js";
import { crossValidateTemporal } from "../../src/validation/crossValidateTemporal.js";
import { poissonSdPercent, SEGMENTED_STACKED } from "./fixtures.js";

// Expanding-window CV on the segmented simulated log (1,500 customers): three 3-month folds after 24, 27 and 30 months
// from the first purchase (to 2022-12-31, 2023-03-31, 2023-06-30 on seeds 2 and 3; a day later on seed 1).
// Fold 1 (calibrated to 2022-12-31, scored January-March after a holiday season) used to be lost on every metric; the
// stack trained on the same calendar window a year earlier wins it. Seed 3 wins every metric in every fold. On seeds 1
// and 2 the third fold's purchase total is closer for Pareto/NBD (by 2.8 and 1.5 points) and on seed 1 its revenue
// total (by 0.3 points): 1.2, 0.6 and 0.1 Poisson sd of the fold's holdout total (2.4-2.5% of ~1,650 purchases). Seeds 1
// and 2 are checked to lose no aggregate by more than two such sd (the 95% band of the holdout total). Figures in docs/validation.md. About 4 s a seed.
function crossValidate(seed: number) {
  const sim = simulateSegmentedLog({ seed, customers: 1500, end: "2024-06-30" });
  return crossValidateTemporal(sim.log, { initial: "24m", step: "3m", horizon: "3m", folds: 3, models: ["bg-nbd", "pareto-nbd", "stacked"], countScores: false, stacked: { ...SEGMENTED_STACKED, seed } });
}

/** Checks every fold: MAE and RMSE strictly lower than each BTYD model; |aggregate error| above each BTYD model's by less than `slack(actual purchases)` points. */
function expectFoldsWon(cv: ReturnType<typeof crossValidate>, slack: (actualPurchases: number) => number) {
  expect(cv.folds).toHaveLength(3);
  for (const f of cv.folds) {
    const sd = slack(f.rows.find((r) => r.target === "purchases")!.actualTotal as number);
    for (const target of ["purchases", "value"]) {
      const rows = f.rows.filter((r) => r.target === target);
      const st = rows.find((r) => r.model === "stacked")!;
      for (const other of rows.filter((r) => r.model !== "stacked")) {
        expect(st.mae as number, `fold ${f.fold} ${target} MAE vs ${other.model}`).toBeLessThan(other.mae as number);
        expect(st.rmse as number, `fold ${f.fold} ${target} RMSE vs ${other.model}`).toBeLessThan(other.rmse as number);
        expect(Math.abs(st.aggregateError as number), `fold ${f.fold} ${target} aggregate vs ${other.model}`).toBeLessThan(Math.abs(other.aggregateError as number) + sd);
      }
    }
  }
}

describe("stacked predictor in expanding-window cross-validation on the segmented log", () => {
  it("seed 3: every fold has lower MAE, RMSE and |aggregate error| than BG/NBD and Pareto/NBD, purchases and value", () => {
    const cv = crossValidate(3);
    expect(cv.folds.map((f) => f.calibrationEnd)).toEqual(["2022-12-31", "2023-03-31", "2023-06-30"]);
    expectFoldsWon(cv, () => 0);
  }, 30_000);

  for (const seed of [1, 2]) {
    it(`seed ${seed}: every fold has lower MAE and RMSE, and |aggregate error| no more than 2 Poisson sd above each BTYD model's`, () => {
      expectFoldsWon(crossValidate(seed), (n) => 2 * poissonSdPercent(n));
    }, 30_000);
  }
});
