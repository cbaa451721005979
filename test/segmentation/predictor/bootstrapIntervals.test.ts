import { beforeAll, describe, expect, it } from "vitest";
import { bootstrapIntervals } from "../../../src/segmentation/predictor/bootstrapIntervals.js";
import { centralIntervals } from "../../../src/segmentation/predictor/centralIntervals.js";
import { replicateStack } from "../../../src/segmentation/predictor/replicateStack.js";
import { fadeRatios } from "../../../src/segmentation/predictor/ratioFade.js";
import { replicateForecast } from "../../../src/segmentation/predictor/replicateForecast.js";
import { basePredictions, ratioColumns, segmentPredict } from "../../../src/segmentation/predictor/stackedHead.js";
import { combine } from "../../../src/segmentation/predictor/metaLearner.js";
import { predictLinear } from "../../../src/segmentation/learners/predictLinear.js";
import type { FeatureMatrix } from "../../../src/segmentation/types.js";
import { btydPredict, type BtydFit, type BtydSummary } from "../../../src/segmentation/predictor/btydBase.js";
import { centralInterval } from "../../../src/segmentation/predictor/calibrateLevels.js";
import type { ClvPipeline } from "../../../src/segmentation/predictor/pipelineTypes.js";
import { trainClvPipeline } from "../../../src/segmentation/predictor/trainClvPipeline.js";
import { windowTotals } from "../../../src/segmentation/predictor/windowTotals.js";
import { dayNumber } from "../../../src/time/dayNumber.js";
import { createRng } from "../../../src/random/createRng.js";
import { simulateBgNbd } from "../../../src/synthetic/simulateBgNbd.js";

describe("bootstrapIntervals", () => {
  // Data simulated from a known BG/NBD × Gamma-Gamma model; the intervals must be prediction intervals (outcome noise
  // included), so 95% of the true holdout values fall inside (Efron & Tibshirani 1993 bootstrap; Fader, Hardie & Lee 2005).
  // 2,000 customers acquired over 90 days from 2020-01-01 and followed to 2021-12-31 (730 days; customer 0 from the first day).
  const acquisition = createRng(41);
  const T = Float64Array.from({ length: 2000 }, (_, i) => (i === 0 ? 730 : 730 - 90 * acquisition.uniform()) / 7);
  const log = simulateBgNbd({ r: 0.9, alpha: 6, a: 0.7, b: 5 }, { seed: 42, customers: 2000, T, timeUnit: "weeks", startDate: "2020-01-01", spend: { p: 6, q: 4, v: 30 } }).transactions!;
  // 30 replicates × 34 draws = 1,020 predictive samples per customer behind each bound.
  let pipeline: ClvPipeline;
  beforeAll(() => {
    pipeline = trainClvPipeline(log, { calibrationEnd: "2020-12-31", replicates: 30, seed: 3, kMax: 4, trees: { trees: 60 } });
  }, 120_000);

  it("95% intervals contain 93-97% of the true holdout values on data simulated from BG/NBD × Gamma-Gamma", () => {
    const iv = bootstrapIntervals(pipeline, log, { asOf: "2020-12-31", horizonDays: 365, seed: 9 });
    const truth = windowTotals(log, iv.customerIds, dayNumber("2020-12-31"), dayNumber("2021-12-31"));
    const cover = (level: string) => {
      let c = 0;
      for (let i = 0; i < truth.value.length; i++) if (truth.value[i]! >= iv.lower[level]![i]! && truth.value[i]! <= iv.upper[level]![i]!) c++;
      return c / truth.value.length;
    };
    const c95 = cover("0.95");
    expect(c95).toBeGreaterThanOrEqual(0.93);
    expect(c95).toBeLessThanOrEqual(0.97);
    // Nested levels: 90% ⊂ 95% ⊂ 99%.
    expect(cover("0.9")).toBeLessThan(c95);
    expect(cover("0.99")).toBeGreaterThan(c95);
    for (let i = 0; i < iv.customerIds.length; i++) {
      expect(iv.lower["0.99"]![i]!).toBeLessThanOrEqual(iv.lower["0.95"]![i]!);
      expect(iv.upper["0.99"]![i]!).toBeGreaterThanOrEqual(iv.upper["0.95"]![i]!);
    }
  });

  it("is deterministic for a seed and refuses a pipeline without replicates", () => {
    const a = bootstrapIntervals(pipeline, log, { asOf: "2020-12-31", horizonDays: 90, seed: 1, levels: [0.95], draws: 2 });
    const b = bootstrapIntervals(pipeline, log, { asOf: "2020-12-31", horizonDays: 90, seed: 1, levels: [0.95], draws: 2 });
    expect(a.samples).toBe(60);
    expect(Array.from(a.upper["0.95"]!)).toEqual(Array.from(b.upper["0.95"]!));
    expect(Array.from(a.lower["0.95"]!)).toEqual(Array.from(b.lower["0.95"]!));
    expect(() => bootstrapIntervals({ ...pipeline, replicates: [] }, log)).toThrow(/no bootstrap replicates/);
  });
});

describe("bootstrapIntervals' building blocks", () => {
  it("centralIntervals gives centralInterval's bounds from unsorted non-zero draws and a count of zeros", () => {
    const rng = createRng(12);
    for (const zeroShare of [0, 0.3, 0.9, 0.97, 1]) {
      const n = 1000;
      const all = Float64Array.from({ length: n }, () => (rng.uniform() < zeroShare ? 0 : Math.round(rng.gammaFast(2, 0.05))));
      const positive = all.filter((v) => v > 0);
      const levels = [0.5, 0.9, 0.95, 0.99];
      const expected = levels.flatMap((l) => centralInterval(all.slice().sort(), l));
      expect(centralIntervals(positive.slice(), positive.length, n, levels)).toEqual(expected);
    }
  });

  it("replicateForecast gives btydPredict's E[X(t)] and P(alive), bit for bit, for Pareto/NBD and BG/NBD, rows sharing (x, t) points included", () => {
    // Rows 5-7 share (x, t) points with row 3 (the same age with another recency; a recency equal to its age) and row 8 buys at T.
    const sum: BtydSummary = {
      timeUnit: "weeks",
      frequency: Float64Array.of(0, 1, 4, 12, 4, 4, 0, 1),
      recency: Float64Array.of(0, 3, 30, 40, 12, 45, 0, 20),
      T: Float64Array.of(38, 20, 45, 41, 45, 50, 45, 20),
      monetaryValue: Float64Array.of(0, 10, 35, 20, 30, 30, 0, 10),
    };
    const fits: BtydFit[] = [
      { model: "pareto-nbd", params: { r: 0.54, alpha: 11.1, s: 0.92, beta: 28 }, spend: { p: 5.6, q: 4.05, v: 32.7 }, warnings: [] },
      { model: "pareto-nbd", params: { r: 0.54, alpha: 11.1, s: 1, beta: 28 }, spend: { p: 5.6, q: 4.05, v: 32.7 }, warnings: [] },
      { model: "bg-nbd", params: { r: 0.25, alpha: 4.4, a: 0.8, b: 2.4 }, spend: { p: 5.6, q: 4.05, v: 32.7 }, warnings: [] },
    ];
    for (const fit of fits) {
      const ref = btydPredict(fit, sum, [52]);
      const got = replicateForecast(fit, sum, 52);
      expect(Array.from(got.expected)).toEqual(Array.from(ref.expected[0]!));
      expect(Array.from(got.alive)).toEqual(Array.from(ref.alive));
    }
  });

  it("replicateStack gives combine(meta, basePredictions(ratioColumns(ridge, segment ridge, trees))) bit for bit, segments of probability 0 and faded ratios included", () => {
    const rng = createRng(7);
    const rows = 300, cols = 5, k = 4, q = cols + 1;
    const x: FeatureMatrix = { data: Float64Array.from({ length: rows * cols }, () => rng.normal(0, 1)), rows, cols };
    // Soft segments where most rows are surely in one or two segments (exact zeros elsewhere), as the GMM gives them.
    const probabilities = new Float64Array(rows * k);
    for (let i = 0; i < rows; i++) {
      const c = rng.int(k);
      const share = rng.uniform() < 0.5 ? 1 : rng.uniform();
      probabilities[i * k + c] = share;
      probabilities[i * k + ((c + 1) % k)] = 1 - share;
    }
    const treeRatios = Float64Array.from({ length: rows }, () => rng.gammaFast(2, 2));
    const base = Float64Array.from({ length: rows }, () => rng.gammaFast(1, 1));
    const alt = Float64Array.from({ length: rows }, () => rng.gammaFast(1, 1));
    const th = {
      ridge: Float64Array.from({ length: q }, () => rng.normal(0.5, 0.5)),
      segments: Float64Array.from({ length: k * q }, () => rng.normal(0.5, 0.5)),
      meta: Float64Array.of(0.2, 0.1, 0, 0.4, 0.3),
    };
    const linear = (theta: Float64Array, c: number) => ({ intercept: theta[c * q]!, coefficients: theta.subarray(c * q + 1, (c + 1) * q) });
    const segments = Array.from({ length: k }, (_, c) => linear(th.segments, c));
    const ratios = ratioColumns(predictLinear(linear(th.ridge, 0), x), segmentPredict(segments, x, probabilities, k), treeRatios);
    const expected = combine(th.meta, basePredictions(ratios, base, alt));
    for (const xFinite of [true, false]) {
      const got = new Float64Array(rows);
      replicateStack(th, x, xFinite, probabilities, k, treeRatios, base, alt, got);
      expect(Array.from(got)).toEqual(Array.from(expected));
    }
    // Faded ratios (a year-long stack's customers older than its training ages): the tree ratios come faded, the
    // linear ones are faded inside, as fadeRatios does to all three at scoring.
    const fade = Float64Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 1 : 0.4 + 0.5 * rng.uniform()));
    const faded = fadeRatios(ratios.slice(), fade);
    const fadedTrees = Float64Array.from({ length: rows }, (_, i) => faded[i * 3 + 2]!);
    const expectedFaded = combine(th.meta, basePredictions(faded, base, alt));
    const got = new Float64Array(rows);
    replicateStack(th, x, true, probabilities, k, fadedTrees, base, alt, got, fade);
    expect(Array.from(got)).toEqual(Array.from(expectedFaded));
    expect(got.some((v, i) => v !== expected[i])).toBe(true);
  });
});
