import { describe, expect, it } from "vitest";
import { plotCalibrationHoldoutBands, plotTrackingBands } from "../../../src/charts/bayes/plotPosteriorPredictive.js";

// Three weeks ending 1997-09-16, -23 and -30 (day numbers 10120, 10127, 10134): 10 repeat purchases a week, band 8-12 a week.
const rows = [0, 1, 2].map((w) => ({
  weekEnd: 10120 + 7 * w,
  actual: 10,
  actualCumulative: 10 * (w + 1),
  mean: 10,
  lower: 8,
  upper: 12,
  cumulativeMean: 10 * (w + 1),
  cumulativeLower: 8 * (w + 1),
  cumulativeUpper: 12 * (w + 1),
}));
const mark = (svg: string, label: string) => [...svg.matchAll(new RegExp(`<g aria-label="${label}"[^>]*>([\\s\\S]*?)</g>`, "g"))].map((m) => m[1]!);

describe("plotTrackingBands", () => {
  it("draws the cumulative band, the posterior mean and the actual line on one scale, and marks the calibration end", () => {
    const svg = plotTrackingBands(rows, { calibrationEnd: "1997-09-23" });
    expect(svg).toContain("Cumulative repeat transactions: actual vs posterior (94% band)");
    // y runs from 8 (px 370) to 36 (px 20): 12.5 px per purchase, so v sits at 370 − (v − 8) × 12.5.
    expect(mark(svg, "area")[0]).toContain('d="M40,320L330,170L620,20L620,170L330,270L40,370Z"'); // upper 12, 24, 36 then lower 24, 16, 8
    const lines = mark(svg, "line");
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toContain('d="M40,345L330,220L620,95"'); // 10, 20, 30
    expect(mark(svg, "rule")[0]).toContain('x1="330"'); // the middle week ends on the calibration end
  });

  it("draws the weekly figures with kind incremental: a flat actual line inside a flat band", () => {
    const svg = plotTrackingBands(rows, { calibrationEnd: "1997-09-30", kind: "incremental", level: 0.9 });
    expect(svg).toContain("Weekly repeat transactions: actual vs posterior (90% band)");
    const actual = /d="M([^"]+)"/.exec(mark(svg, "line")[1]!)![1]!.split("L").map((p) => Number(p.split(",")[1]));
    expect(new Set(actual).size).toBe(1);
  });
});

describe("plotCalibrationHoldoutBands", () => {
  it("puts the posterior band, the posterior mean and the actual mean of each calibration-frequency group at that group's position", () => {
    const groups = [
      { count: 0, label: "0", customers: 10, actual: 0.2, mean: 0.25, lower: 0.2, upper: 0.3 },
      { count: 1, label: "1+", customers: 5, actual: 1, mean: 0.9, lower: 0.8, upper: 1 },
    ];
    const svg = plotCalibrationHoldoutBands(groups);
    // y runs from 0.2 (px 370) to 1 (px 20): 437.5 px per purchase.
    const [band] = mark(svg, "rule");
    expect(band).toContain('<line x1="185" x2="185" y1="370" y2="326.25">'); // 0.2 to 0.3
    const [meanDots, actualDots] = mark(svg, "dot");
    expect(meanDots).toContain('cx="185" cy="348.125"'); // 0.25
    expect(actualDots).toContain('cx="185" cy="370"'); // 0.2
    expect(actualDots).toContain('cx="475" cy="20"'); // 1
  });
});
