import { describe, expect, it } from "vitest";
import { chiSquareHomogeneity } from "../../src/monitoring/chiSquareHomogeneity.js";
import { decideUpdate, type UpdateEvidence } from "../../src/monitoring/decideUpdate.js";
import { jensenShannonDistance } from "../../src/monitoring/jensenShannonDistance.js";
import { ksTwoSample } from "../../src/monitoring/ksTwoSample.js";
import { poissonQuantile } from "../../src/monitoring/poissonQuantile.js";
import { populationStabilityIndex } from "../../src/monitoring/populationStabilityIndex.js";
import { resolveThresholds } from "../../src/monitoring/severity.js";
import { wassersteinDistance } from "../../src/monitoring/wassersteinDistance.js";

describe("drift statistics: exact values on small samples", () => {
  it("Wasserstein W1 is the mean shift for a translated sample, and shift / sd when normalised (scipy's definition)", () => {
    expect(wassersteinDistance([0, 1, 3], [5, 6, 8])).toBeCloseTo(5, 12);
    // Reference sd (n − 1) of [0, 1, 3] is sqrt(7/3).
    expect(wassersteinDistance([0, 1, 3], [5, 6, 8], { normalize: true })).toBeCloseTo(5 / Math.sqrt(7 / 3), 12);
    // Non-finite values are left out: the same as without them.
    expect(wassersteinDistance([0, NaN, 1, 3], [5, 6, Infinity, 8])).toBeCloseTo(5, 12);
  });

  it("Jensen-Shannon distance is 0 for equal distributions and 1 (base 2) for disjoint ones", () => {
    expect(jensenShannonDistance([0.2, 0.8], [0.2, 0.8])).toBeCloseTo(0, 12);
    expect(jensenShannonDistance([1, 0], [0, 1])).toBeCloseTo(1, 12);
    expect(jensenShannonDistance([1, 0], [0, 1], { base: Math.E })).toBeCloseTo(Math.sqrt(Math.log(2)), 12);
  });

  it("Poisson quantiles: the smallest k with P(X ≤ k) ≥ p (mean 0 is always 0; mean 1: P(X ≤ 1) = 2/e = 0.7358)", () => {
    expect(poissonQuantile(0.99, 0)).toBe(0);
    expect(poissonQuantile(0.73, 1)).toBe(1);
    expect(poissonQuantile(0.74, 1)).toBe(2);
    expect(poissonQuantile(0.3, 1)).toBe(0); // P(X = 0) = 1/e = 0.3679
  });
});

describe("drift statistics refuse inputs they cannot measure, naming the fix", () => {
  it("Wasserstein and KS need values in both samples; a constant reference cannot be normalised", () => {
    expect(() => wassersteinDistance([], [1])).toThrow("wasserstein distance needs values in both samples (reference 0, current 1 finite values)");
    expect(() => wassersteinDistance([2, 2, 2], [1], { normalize: true })).toThrow("normalised wasserstein distance: the reference has no spread (sd 0); compare this feature with PSI or unnormalised");
    expect(() => ksTwoSample([NaN], [1, 2])).toThrow(/ks test needs values in both samples \(reference 0, current 2 finite/);
  });

  it("Jensen-Shannon: log base, bin counts, negative shares, empty distributions", () => {
    expect(() => jensenShannonDistance([1], [1], { base: 1 })).toThrow(/invalid log base 1: use a positive number other than 1/);
    expect(() => jensenShannonDistance([0.5, 0.5], [1])).toThrow(/jensen-shannon: distributions have 2 and 1 bins/);
    expect(() => jensenShannonDistance([0.5, -0.5], [0.5, 0.5])).toThrow(/jensen-shannon: bin 1 has a negative or missing share \(-0\.5, 0\.5\)/);
    expect(() => jensenShannonDistance([0, 0], [0.5, 0.5])).toThrow(/jensen-shannon: a distribution has no mass: give at least one positive/);
  });

  it("PSI: epsilon, empty samples and every kind of binning spec", () => {
    expect(() => populationStabilityIndex([1, 2], [1, 2], { epsilon: 0 })).toThrow("invalid epsilon 0: use a small positive share such as 1e-4");
    expect(() => populationStabilityIndex([1, 2], [NaN])).toThrow("psi: the current sample has no finite values");
    expect(() => populationStabilityIndex([1, 2], [1], { binning: { kind: "quantile", bins: 1 } })).toThrow("invalid quantile bins 1: use a whole number >= 2 (default 10, deciles)");
    expect(() => populationStabilityIndex([1, 2], [1], { binning: { kind: "values", max: 0 } })).toThrow("invalid value-bin max 0: use a whole number >= 1 (default 10: bins 0..9 and 10+)");
    expect(() => populationStabilityIndex([1, 2], [1], { binning: { kind: "edges", edges: [1, 1] } })).toThrow("invalid bin edges [1,1]: use finite, strictly increasing numbers");
    expect(() => populationStabilityIndex([1, 2], [1], { binning: { kind: "width" } as never })).toThrow('invalid binning kind "width": use quantile, values or edges');
  });

  it("PSI of identical samples is 0; all current mass in one of two equal bins gives Σ (c − r) ln(c / r) with the empty share floored at ε", () => {
    const bins = { kind: "quantile", bins: 2 } as const;
    expect(populationStabilityIndex([1, 2, 3, 4], [1, 2, 3, 4], { binning: bins }).psi).toBeCloseTo(0, 12);
    // Shares r = (0.5, 0.5), c = (0, 1) → (1e-4 − 0.5) ln(1e-4 / 0.5) + (1 − 0.5) ln(1 / 0.5) = 4.6043.
    const expected = (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + 0.5 * Math.log(2);
    expect(populationStabilityIndex([1, 2, 3, 4], [4, 4, 4], { binning: bins }).psi).toBeCloseTo(expected, 10);
    expect(expected).toBeCloseTo(4.6043, 4);
  });

  it("chi-square: negative counts and an empty sample", () => {
    expect(() => chiSquareHomogeneity({ a: -1 }, { a: 2 })).toThrow('chi-square: category "a" has an invalid count (-1, 2): use non-negative counts');
    expect(() => chiSquareHomogeneity({ a: 0 }, { a: 2 })).toThrow("chi-square: a sample is empty (reference 0, current 2 counts): give counts in both");
  });

  it("thresholds and update policy options", () => {
    expect(() => resolveThresholds({ pValue: 1 })).toThrow("invalid pValue threshold 1: use a number in [0, 1) (0 disables p-value alerts)");
    const e: UpdateEvidence = { hasModel: true, newFiles: 1, newTransactions: 900, trainingTransactions: 20_000, modelAgeDays: 90, driftStatus: "none", trackingStatus: "none" };
    expect(() => decideUpdate("auto", e, { minNewTransactions: -5 })).toThrow("invalid minNewTransactions -5: use a number >= 0");
    expect(() => decideUpdate("auto", e, { maxAgeDays: 0 })).toThrow("invalid maxAgeDays 0: use a positive number of days");
    expect(decideUpdate("auto", { ...e, newTransactions: 0 })).toEqual({ decision: "skip", reason: "no purchases after the training end in the new data" });
  });
});
