import { describe, expect, it } from "vitest";
import { btydPredict, btydSummary } from "../../../src/segmentation/predictor/btydBase.js";
import { encodeSequences } from "../../../src/segmentation/features/encodeSequences.js";
import { trainClvPipeline } from "../../../src/segmentation/predictor/trainClvPipeline.js";
import { windowTotals } from "../../../src/segmentation/predictor/windowTotals.js";
import { simulateSegmentedLog } from "../../../src/synthetic/simulateSegmentedLog.js";
import { dayNumber } from "../../../src/time/dayNumber.js";

// The base forecasts of the horizon-specific window a year back: by default the calibration end's BTYD fit applied to
// the customers as of the window's start ("scoring-fit"), so the learners learn the misfit of the fit they multiply at
// scoring (docs/segmentation.md). The out-of-fold MAE of the primary BTYD column is the MAE of exactly those base
// forecasts against the window's purchases, which this test recomputes by hand from the pipeline's own fit.
const CAL = "2023-06-30";
const ORIGIN = "2022-06-30"; // the same calendar window a year back: (2022-06-30, 2022-09-28]
const sim = simulateSegmentedLog({ seed: 2, customers: 600, end: CAL });
const small = { replicates: 0, kMax: 2, folds: 2, trees: { trees: 10, depth: 2 }, calibrationEnd: CAL, targetHorizonDays: 90, seed: 1 };

/** MAE of `fit`'s 90-day forecasts from ORIGIN against the purchases of the window, over the customers of ORIGIN. */
function baseMae(fit: Parameters<typeof btydPredict>[0]): number {
  const origin = dayNumber(ORIGIN);
  const enc = encodeSequences(sim.log, { asOf: ORIGIN, halfLifeDays: 90 });
  const expected = btydPredict(fit, btydSummary(enc, origin), [90 / 7]).expected[0]!;
  const y = windowTotals(sim.log, enc.customerIds, origin, origin + 90).purchases;
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(y[i]! - Math.max(1e-9, expected[i]!));
  return s / y.length;
}

describe("innerBase of the horizon-specific stack", () => {
  it("takes the year-back window's base forecasts from the calibration end's BTYD fit by default", () => {
    const p = trainClvPipeline(sim.log, small);
    expect(p.innerOrigin).toBe(ORIGIN);
    expect(p.purchases.oofMae.btyd).toBeCloseTo(baseMae(p.btyd), 10);
  }, 20_000);

  it("with \"inner-fit\" refits BTYD at the window's start, so its base differs from the calibration end's fit", () => {
    const p = trainClvPipeline(sim.log, { ...small, innerBase: "inner-fit" });
    expect(Math.abs(p.purchases.oofMae.btyd! - baseMae(p.btyd))).toBeGreaterThan(1e-4);
  }, 20_000);

  it("rejects an unknown innerBase with the choices", () => {
    expect(() => trainClvPipeline(sim.log, { ...small, innerBase: "latest" as never })).toThrow(/invalid innerBase "latest": use "inner-fit" or "scoring-fit"/);
  });
});
