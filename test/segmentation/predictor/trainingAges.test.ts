import { describe, expect, it } from "vitest";
import { btydPredict, btydSummary } from "../../../src/segmentation/predictor/btydBase.js";
import { encodeSequences } from "../../../src/segmentation/features/encodeSequences.js";
import { trainClvPipeline } from "../../../src/segmentation/predictor/trainClvPipeline.js";
import { windowTotals } from "../../../src/segmentation/predictor/windowTotals.js";
import { simulateSegmentedLog } from "../../../src/synthetic/simulateSegmentedLog.js";
import { dayNumber } from "../../../src/time/dayNumber.js";

// trainingAges of the horizon-specific stack: "scoring" keeps only the year-back window's customers at least as old at
// its start as the 1st-percentile scoring customer is at the calibration end (common-support trimming, Crump et al.
// 2009); "all" (default) keeps every customer. The expected row counts and base MAE are recomputed here by hand from
// the encoder's first-purchase days and the pipeline's own BTYD fit.
const CAL = "2023-06-30";
const ORIGIN = "2022-06-30";
const sim = simulateSegmentedLog({ seed: 3, customers: 600, end: CAL });
const small = { replicates: 0, kMax: 2, folds: 2, trees: { trees: 10, depth: 2 }, calibrationEnd: CAL, targetHorizonDays: 90, seed: 1 };

const cal = dayNumber(CAL);
const origin = dayNumber(ORIGIN);
const scoringAges = Float64Array.from(encodeSequences(sim.log, { asOf: CAL, halfLifeDays: 90 }).firstPurchase, (f) => cal - f).sort();
const floor = scoringAges[Math.floor(0.01 * (scoringAges.length - 1))]!;
const enc = encodeSequences(sim.log, { asOf: ORIGIN, halfLifeDays: 90 });
const kept = Array.from(enc.firstPurchase, (f) => origin - f >= floor);

describe("trainingAges of the horizon-specific stack", () => {
  it("keeps every customer of the year-back window by default", () => {
    const p = trainClvPipeline(sim.log, small);
    expect(p.metrics.training_rows).toBe(enc.rows);
  }, 20_000);

  it("with \"scoring\" trains only on customers as old as the scoring ones, and its base MAE is over exactly those", () => {
    // Acquisition runs to 2022-12-31, so every scoring customer is about half a year old or more; a year back a quarter
    // or more of the window's customers are younger than that.
    expect(floor).toBeGreaterThan(150);
    const n = kept.filter(Boolean).length;
    expect(n).toBeLessThan(0.8 * enc.rows);
    const p = trainClvPipeline(sim.log, { ...small, trainingAges: "scoring" });
    expect(p.metrics.training_rows).toBe(n);
    const expected = btydPredict(p.btyd, btydSummary(enc, origin), [90 / 7]).expected[0]!;
    const y = windowTotals(sim.log, enc.customerIds, origin, origin + 90).purchases;
    let s = 0;
    for (let i = 0; i < y.length; i++) if (kept[i]) s += Math.abs(y[i]! - Math.max(1e-9, expected[i]!));
    expect(p.purchases.oofMae.btyd).toBeCloseTo(s / n, 10);
  }, 20_000);

  it("rejects an unknown trainingAges with the choices", () => {
    expect(() => trainClvPipeline(sim.log, { ...small, trainingAges: "young" as never })).toThrow(/invalid trainingAges "young": use "scoring" or "all"/);
  });
});
