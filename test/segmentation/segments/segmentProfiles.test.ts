import { describe, expect, it } from "vitest";
import { segmentProfiles } from "../../../src/segmentation/segments/segmentProfiles.js";

describe("segmentProfiles", () => {
  it("weights feature means and value by the soft probabilities and labels segments by their largest z-scores (hand-computed)", () => {
    const features = { data: Float64Array.of(2, 0, 1.5, 0.1, -1, 0, -2.5, -0.1), rows: 4, cols: 2 };
    const probabilities = Float64Array.of(1, 0, 0.5, 0.5, 0, 1, 0, 1);
    const p = segmentProfiles({ features, featureNames: ["log_repeat_purchases", "spend_cv"], probabilities, k: 2, value: Float64Array.of(10, 20, 30, 40) });
    expect(p[0]!.size).toBe(2); // row 1 ties 0.5/0.5 and goes to the first segment
    expect(p[0]!.share).toBeCloseTo(1.5 / 4, 12);
    expect(p[0]!.featureScores.log_repeat_purchases).toBeCloseTo((2 + 0.75) / 1.5, 12);
    expect(p[0]!.value).toBeCloseTo((10 + 10) / 1.5, 12);
    expect(p[1]!.value).toBeCloseTo((10 + 30 + 40) / 2.5, 12);
    expect(p[0]!.label).toBe("high repeat purchases");
    expect(p[1]!.label).toMatch(/^low repeat purchases/);
    expect(p[0]!.distinguishing[0]!.feature).toBe("log_repeat_purchases");
  });
});
