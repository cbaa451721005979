import { describe, expect, it } from "vitest";
import { chiSquareHomogeneity } from "../../src/monitoring/chiSquareHomogeneity.js";
import { jensenShannonDistance } from "../../src/monitoring/jensenShannonDistance.js";
import { ksTwoSample } from "../../src/monitoring/ksTwoSample.js";
import { populationStabilityIndex } from "../../src/monitoring/populationStabilityIndex.js";
import { wassersteinDistance } from "../../src/monitoring/wassersteinDistance.js";
import { DEFAULT_DRIFT_THRESHOLDS, resolveThresholds, severityOf } from "../../src/monitoring/severity.js";

describe("populationStabilityIndex", () => {
  it("matches a hand computation on two quantile bins", () => {
    // Reference 1..4, median 2.5: bins (-inf, 2.5], (2.5, inf) hold 1/2 and 1/2; current 3..6 holds 0 and 1.
    // PSI = (1e-4 - 0.5) ln(1e-4 / 0.5) + (1 - 0.5) ln(1 / 0.5) = 4.2586... + 0.3466 = 4.6050 (empty bin clipped at 1e-4).
    const r = populationStabilityIndex(Float64Array.of(1, 2, 3, 4), Float64Array.of(3, 4, 5, 6), { binning: { kind: "quantile", bins: 2 } });
    expect(r.edges).toEqual([2.5]);
    expect(r.currentProportions).toEqual([0, 1]);
    const expected = (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + 0.5 * Math.log(2);
    expect(r.psi).toBeCloseTo(expected, 12);
  });

  it("matches a hand computation with three bins and no empty bin", () => {
    // r = (0.5, 0.3, 0.2), c = (0.4, 0.3, 0.3): PSI = -0.1 ln 0.8 + 0 + 0.1 ln 1.5 = 0.0628609...
    const ref = [0, 0, 0, 0, 0, 1, 1, 1, 2, 2];
    const cur = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
    const r = populationStabilityIndex(ref, cur, { binning: { kind: "values", max: 2 } });
    expect(r.labels).toEqual(["0", "1", "2+"]);
    expect(r.psi).toBeCloseTo(-0.1 * Math.log(0.8) + 0.1 * Math.log(1.5), 12);
  });

  it("merges duplicate decile edges of a zero-inflated count instead of making empty bins", () => {
    // 60 % zeros: deciles 1..6 are all 0, so they merge into one bin holding the point mass.
    const ref = Float64Array.from({ length: 1000 }, (_, i) => (i < 600 ? 0 : 1 + (i % 7)));
    const r = populationStabilityIndex(ref, ref);
    expect(r.edges[0]).toBe(0);
    expect(new Set(r.edges).size).toBe(r.edges.length);
    expect(r.referenceProportions[0]).toBeCloseTo(0.6, 12);
    expect(r.psi).toBe(0);
  });

  it("puts current values beyond the reference range in the open outer bins", () => {
    const ref = Float64Array.from({ length: 100 }, (_, i) => i);
    const r = populationStabilityIndex(ref, Float64Array.of(-1000, 1000));
    expect(r.currentProportions[0]).toBe(0.5);
    expect(r.currentProportions[r.currentProportions.length - 1]).toBe(0.5);
  });

  it("counts non-finite values apart", () => {
    const r = populationStabilityIndex([1, 2, NaN, 3], [1, Infinity, 2]);
    expect(r.referenceNonFinite).toBe(1);
    expect(r.currentNonFinite).toBe(1);
  });
});

describe("ksTwoSample", () => {
  it("gives D = 1 and the exact p = 2 / C(6, 3) = 0.1 for disjoint samples of three", () => {
    const r = ksTwoSample([1, 2, 3], [4, 5, 6]);
    expect(r.statistic).toBe(1);
    expect(r.pValue).toBeCloseTo(0.1, 14);
    expect(r.method).toBe("exact");
  });

  // Expected values: scipy 1.17.1, scipy.stats.ks_2samp(x, y) (method auto → exact at these sizes).
  it("matches scipy's exact p-value for unequal sample sizes (25 vs 20)", () => {
    const x = [0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77, 1.09, -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47];
    const y = [2.2, 1.66, 1.38, 0.2, 0.36, 0, 0.96, 1.56, 0.44, 1.5, -0.3, 0.66, 2.31, 3.29, -0.27, -0.37, 0.38, 0.7, 0.52, -0.71];
    const r = ksTwoSample(x, y);
    expect(r.statistic).toBeCloseTo(0.23, 12);
    expect(r.pValue).toBeCloseTo(0.5286364448145011, 10);
  });

  it("handles ties across samples like scipy (D = 0.45, p = 0.15976)", () => {
    const r = ksTwoSample([1, 1, 2, 2, 2, 3, 3, 4, 5, 5], [2, 3, 3, 4, 4, 4, 5, 6, 6, 7, 7, 8]);
    expect(r.statistic).toBeCloseTo(0.45, 12);
    expect(r.pValue).toBeCloseTo(0.15975974489906378, 10);
  });

  it("is within 2 % of scipy's asymptotic p-value at large n", () => {
    const a = Float64Array.from({ length: 3000 }, (_, i) => i / 3000);
    const b = Float64Array.from({ length: 2500 }, (_, i) => (i / 2500) ** 1.1);
    const r = ksTwoSample(a, b, { method: "asymptotic" });
    expect(r.statistic).toBeCloseTo(0.0354, 10);
    expect(r.pValue / 0.06395930799334926).toBeGreaterThan(0.98);
    expect(r.pValue / 0.06395930799334926).toBeLessThan(1.02);
    const big = ksTwoSample(Float64Array.from({ length: 30000 }, (_, i) => i / 30000), Float64Array.from({ length: 25000 }, (_, i) => (i / 25000) ** 1.02));
    expect(big.method).toBe("asymptotic");
    expect(big.statistic).toBeCloseTo(0.00732, 10);
    expect(Math.abs(big.pValue - 0.45594319462467114)).toBeLessThan(0.01);
  });

  it("rejects an unknown method", () => {
    expect(() => ksTwoSample([1], [2], { method: "approx" as never })).toThrow(/invalid ks method "approx"/);
  });
});

describe("jensenShannonDistance", () => {
  // scipy.spatial.distance.jensenshannon documented examples.
  it("is 1 for disjoint distributions in base 2", () => expect(jensenShannonDistance([1, 0, 0], [0, 1, 0])).toBeCloseTo(1, 14));
  it("matches scipy's 0.4645 (base e) and 0.5579 (base 2) for [1, 0] vs [0.5, 0.5]", () => {
    expect(jensenShannonDistance([1, 0], [0.5, 0.5], { base: Math.E })).toBeCloseTo(0.464501404022459, 12);
    expect(jensenShannonDistance([1, 0], [0.5, 0.5])).toBeCloseTo(0.5579230452841438, 12);
  });
});

describe("wassersteinDistance", () => {
  it("matches scipy's documented example wasserstein_distance([0, 1, 3], [5, 6, 8]) = 5", () => expect(wassersteinDistance([0, 1, 3], [5, 6, 8])).toBeCloseTo(5, 12));
  it("normalised: a shift of 0.5 reference sd gives 0.5", () => {
    const ref = Float64Array.from({ length: 1001 }, (_, i) => i / 1000);
    let m = 0, ss = 0;
    for (const v of ref) m += v / ref.length;
    for (const v of ref) ss += (v - m) ** 2;
    const sd = Math.sqrt(ss / (ref.length - 1));
    expect(wassersteinDistance(ref, ref.map((v) => v + 0.5 * sd), { normalize: true })).toBeCloseTo(0.5, 10);
  });
});

describe("chiSquareHomogeneity", () => {
  it("matches scipy.stats.chi2_contingency([[10,20,30],[20,25,15]], correction=False)", () => {
    const r = chiSquareHomogeneity({ a: 10, b: 20, c: 30 }, { a: 20, b: 25, c: 15 });
    expect(r.statistic).toBeCloseTo(8.88888888888889, 10);
    expect(r.degreesOfFreedom).toBe(2);
    expect(r.pValue).toBeCloseTo(0.011743628457021359, 12);
    expect(r.cramersV).toBeCloseTo(Math.sqrt(8.88888888888889 / 120), 12);
  });
});

describe("severity", () => {
  it("applies the documented PSI rule of thumb", () => {
    expect(severityOf(0.09, DEFAULT_DRIFT_THRESHOLDS.psi)).toBe("none");
    expect(severityOf(0.1, DEFAULT_DRIFT_THRESHOLDS.psi)).toBe("moderate");
    expect(severityOf(0.25, DEFAULT_DRIFT_THRESHOLDS.psi)).toBe("major");
  });
  it("rejects thresholds with moderate above major", () => {
    expect(() => resolveThresholds({ psi: { moderate: 0.3, major: 0.2 } })).toThrow(/invalid psi thresholds/);
  });
});
