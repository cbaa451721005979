import { describe, expect, it } from "vitest";
import { plotFeatureDrift } from "../../../src/charts/monitoring/plotFeatureDrift.js";
import { plotPsiByFeature } from "../../../src/charts/monitoring/plotPsiByFeature.js";
import { plotTrackingBand } from "../../../src/charts/monitoring/plotTrackingBand.js";
import { compareFeatures } from "../../../src/monitoring/compareFeatures.js";
import type { FeatureSet } from "../../../src/monitoring/customerFeatures.js";
import type { TrackingResult } from "../../../src/monitoring/trackRealizedVsPredicted.js";

const set = (values: number[], cats: string[]): FeatureSet => ({ asOf: "2024-06-30", timeUnit: "weeks", customers: values.length, numeric: { x: Float64Array.from(values) }, categorical: { c: cats }, binning: {}, mix: [] });
const ref = set(Array.from({ length: 200 }, (_, i) => i), Array.from({ length: 200 }, (_, i) => (i % 2 ? "a" : "b")));
const cur = set(Array.from({ length: 200 }, (_, i) => i + 60), Array.from({ length: 200 }, (_, i) => (i % 4 ? "a" : "b")));
const drift = compareFeatures(ref, cur);

describe("monitoring charts", () => {
  it("draws reference and current shares side by side for every bin", () => {
    const svg = plotFeatureDrift(drift[0]!);
    expect(svg).toContain("<svg");
    expect(svg).toContain(`x: PSI ${drift[0]!.statistics.psi.toFixed(3)}`);
    // 10 decile bins × 2 samples.
    expect((svg.match(/<rect /g) ?? []).length).toBeGreaterThanOrEqual(20);
  });

  it("marks the PSI thresholds and colours features by status", () => {
    const svg = plotPsiByFeature(drift, { moderate: 0.1, major: 0.25 });
    expect(svg).toContain("Population stability index by feature");
    expect(drift[0]!.status).toBe("major");
    expect(svg).toContain("#e45756"); // major
    expect((svg.match(/stroke-dasharray="4,3"/g) ?? []).length).toBe(2);
  });

  it("shows the band, the expectation and actual points outside the band in red", () => {
    const periods = [0, 1, 2].map((k) => ({ index: k + 1, start: ["2024-07-01", "2024-07-08", "2024-07-15"][k]!, end: ["2024-07-07", "2024-07-14", "2024-07-21"][k]!, expectedPurchases: 100, actualPurchases: k === 2 ? 150 : 100, lowerPurchases: 81, upperPurchases: 120, expectedRevenue: 3000, actualRevenue: 3000, lowerRevenue: 2430, upperRevenue: 3600, trackingError: k === 2 ? 0.5 : 0, outside: k === 2 }));
    const t = { period: "week", periodDays: 7, band: "poisson", level: 0.95, referenceEnd: "2024-06-30", currentEnd: "2024-07-21", customers: 10, periods, trackingError: 0.17, cumulativeBias: 0.17, cumulativeActual: 350, cumulativeExpected: 300, cumulativeLower: 256, cumulativeUpper: 346, cumulativeOutside: true, consecutiveOutside: 1, maxConsecutiveOutside: 1, status: "moderate", reasons: [] } as Omit<TrackingResult, "summary">;
    const svg = plotTrackingBand(t);
    expect(svg).toContain("95% poisson band");
    expect(svg).toContain('fill="#e45756"');
    expect(() => plotTrackingBand(t, { measure: "profit" as never })).toThrow(/invalid measure "profit"/);
  });
});
