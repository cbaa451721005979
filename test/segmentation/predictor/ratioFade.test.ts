import { describe, expect, it } from "vitest";
import { fadeExponents, fadeRatios, ratioFadeOf } from "../../../src/segmentation/predictor/ratioFade.js";
import { scoreInputs } from "../../../src/segmentation/predictor/scoreInputs.js";
import { trainClvPipeline } from "../../../src/segmentation/predictor/trainClvPipeline.js";
import { encodeSequences } from "../../../src/segmentation/features/encodeSequences.js";
import { simulateSegmentedLog } from "../../../src/synthetic/simulateSegmentedLog.js";
import { dayNumber } from "../../../src/time/dayNumber.js";

// A year-long stack's learned ratios fade beyond its oldest training age A₀ as the population prior's weight
// α / (α + T) in a BTYD posterior rate does (Fader, Hardie & Lee 2005: E(λ | x, T) = (r + x) / (α + T)): the power
// (α + A₀) / (α + A) at age A. Hand values first, then the pipeline's own fade on the segmented simulated log.
describe("fadeExponents and fadeRatios", () => {
  it("give power 1 up to the oldest training age and (α + A₀) / (α + A) beyond it", () => {
    // asOf day 1000; ages 50, 100, 200, 400; A₀ = 100 days, α = 50 days.
    const p = fadeExponents({ fromAgeDays: 100, alphaDays: 50 }, 1000, Int32Array.of(950, 900, 800, 600))!;
    expect(Array.from(p)).toEqual([1, 1, 150 / 250, 150 / 450]);
    expect(fadeExponents(undefined, 1000, Int32Array.of(950))).toBeUndefined();
  });

  it("raise each row's three ratios to its power, in place; 0 stays 0, no powers no change", () => {
    const r = Float64Array.of(2, 0.5, 1.2, 4, 0, 0.25);
    expect(Array.from(fadeRatios(r, Float64Array.of(1, 0.5)))).toEqual([2, 0.5, 1.2, 2, 0, 0.5]);
    const same = Float64Array.of(3, 3, 3);
    expect(fadeRatios(same, undefined)).toBe(same);
    expect(Array.from(same)).toEqual([3, 3, 3]);
  });
});

describe("ratio fade of the stacked pipeline", () => {
  const CAL = "2023-06-30";
  const sim = simulateSegmentedLog({ seed: 2, customers: 600, end: CAL });
  const small = { replicates: 0, kMax: 2, folds: 2, trees: { trees: 10, depth: 2 }, calibrationEnd: CAL, seed: 1 };

  it("a stack trained on the year-long window a year back fades from its oldest training customer's age, at the primary fit's α", () => {
    const p = trainClvPipeline(sim.log, { ...small, targetHorizonDays: 365 });
    const enc = encodeSequences(sim.log, { asOf: CAL, halfLifeDays: 90 });
    const first = Math.min(...enc.firstPurchase);
    expect(ratioFadeOf(p)).toEqual({ fromAgeDays: dayNumber("2022-06-30") - first, alphaDays: p.btyd.params.alpha! * 7 });
    // Scoring: customers up to A₀ keep their learned ratios, older ones get them raised to (α + A₀) / (α + A) < 1.
    const faded = scoreInputs(p, sim.log, CAL);
    const plain = scoreInputs({ ...p, ratioFade: undefined }, sim.log, CAL);
    expect(plain.fade).toBeUndefined();
    const cal = dayNumber(CAL);
    const { fromAgeDays: a0, alphaDays: alpha } = ratioFadeOf(p)!;
    let older = 0;
    for (let i = 0; i < faded.enc.rows; i++) {
      const age = cal - faded.enc.firstPurchase[i]!;
      const f = age <= a0 ? 1 : (alpha + a0) / (alpha + age);
      if (f < 1) older++;
      expect(faded.fade![i]).toBe(f);
      for (let j = 0; j < 3; j++) expect(faded.ratiosPurchases[i * 3 + j]).toBe(plain.ratiosPurchases[i * 3 + j]! ** f);
    }
    // Acquisition ran over 2021-2022, so at the calibration end a good share of customers are older than any was a year back.
    expect(older).toBeGreaterThan(0.2 * faded.enc.rows);
  }, 30_000);

  it("shorter windows and ratioFade \"none\" do not fade; an unknown ratioFade names the choices", () => {
    expect(trainClvPipeline(sim.log, { ...small, targetHorizonDays: 90 }).ratioFade).toBeUndefined();
    expect(trainClvPipeline(sim.log, { ...small, targetHorizonDays: 365, ratioFade: "none" }).ratioFade).toBeUndefined();
    expect(() => trainClvPipeline(sim.log, { ...small, targetHorizonDays: 365, ratioFade: "fast" as never })).toThrow(/invalid ratioFade "fast": use "prior-share" or "none"/);
  }, 30_000);
});
