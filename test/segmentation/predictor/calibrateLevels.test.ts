import { describe, expect, it } from "vitest";
import { loadModel } from "../../../src/models/loadModel.js";
import { createRng } from "../../../src/random/createRng.js";
import { drawValue, type BtydFit, type BtydSummary } from "../../../src/segmentation/predictor/btydBase.js";
import { centralInterval, levelCurve, recalibratedLevel } from "../../../src/segmentation/predictor/calibrateLevels.js";

describe("interval level recalibration (Kuleshov, Fenner & Ermon 2018)", () => {
  it("inverts a coverage curve by linear interpolation, clamped to its grid (hand-computed)", () => {
    const curve = { horizonDays: 90, nominal: [0.9, 0.95], empirical: [0.95, 0.99], customers: 100 };
    expect(recalibratedLevel(curve, 0.95)).toBe(0.9);
    expect(recalibratedLevel(curve, 0.97)).toBeCloseTo(0.925, 12);
    expect(recalibratedLevel(curve, 0.5)).toBe(0.9);
    expect(recalibratedLevel(curve, 0.999)).toBe(0.95);
  });

  it("takes [0, Q(level)] when the lower end falls in the atom at zero, else the central interval", () => {
    const zeros = Float64Array.from({ length: 100 }, (_, i) => (i < 60 ? 0 : i));
    expect(centralInterval(zeros, 0.9)).toEqual([0, 89]);
    const positive = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(centralInterval(positive, 0.9)).toEqual([5, 95]);
  });

  it("measures a curve near the diagonal when the realized values come from the model itself", () => {
    // BG/NBD × Gamma-Gamma customers whose window values are drawn from the same posterior predictive: a 95% interval
    // covers at least 95% (more through the atom at zero) and coverage grows with the level.
    const fit: BtydFit = { model: "bg-nbd", params: { r: 0.8, alpha: 5, a: 0.6, b: 4 }, spend: { p: 6, q: 4, v: 30 }, warnings: [] };
    const n = 800;
    const frequency = Float64Array.from({ length: n }, (_, i) => i % 5);
    const sum: BtydSummary = { timeUnit: "weeks", frequency, recency: Float64Array.from(frequency, (x, i) => (x > 0 ? 10 + (i % 20) : 0)), T: Float64Array.from({ length: n }, (_, i) => 30 + (i % 10)), monetaryValue: Float64Array.from(frequency, (x, i) => (x > 0 ? 20 + (i % 30) : 0)) };
    const alive = loadModel({ model: "bg-nbd", format: 1, params: fit.params }).probabilityAlive(sum);
    const rng = createRng(5);
    const actual = Float64Array.from({ length: n }, (_, i) => drawValue(fit, sum, i, alive[i]!, 13, rng));
    const curve = levelCurve(fit, sum, alive, actual, 91, 200, createRng(6));
    const at = (l: number) => curve.empirical[curve.nominal.indexOf(l)]!;
    expect(at(0.95)).toBeGreaterThanOrEqual(0.93);
    expect(at(0.95)).toBeLessThanOrEqual(0.99);
    expect(at(0.5)).toBeGreaterThanOrEqual(0.45);
    for (let j = 1; j < curve.empirical.length; j++) expect(curve.empirical[j]!).toBeGreaterThanOrEqual(curve.empirical[j - 1]!);
    expect(recalibratedLevel(curve, 0.95)).toBeLessThanOrEqual(0.96);
  });
});
