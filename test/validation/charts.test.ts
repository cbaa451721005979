import { beforeAll, describe, expect, it } from "vitest";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { evaluateHoldout, type HoldoutEvaluation } from "../../src/validation/evaluateHoldout.js";
import { plotErrorByGroup } from "../../src/charts/validation/plotErrorByGroup.js";
import { plotFrequencyHoldout } from "../../src/charts/validation/plotFrequencyHoldout.js";
import { plotHoldoutTracking } from "../../src/charts/validation/plotHoldoutTracking.js";
import { validationReport } from "../../src/reports/validationReport.js";

describe("validation charts and report on CDNOW", () => {
  let ev: HoldoutEvaluation;
  beforeAll(async () => {
    const log = await loadTransactions("data/cdnow_transactions.csv");
    ev = evaluateHoldout(log, { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", models: ["naive-rate", "bg-nbd"], countScores: false });
  });

  it("tracks calibration and holdout weeks: actual repeat purchases sum to the calibration and holdout totals (2,457 and 1,882)", () => {
    expect(ev.calibrationTracking.purchases.reduce((a, v) => a + v, 0)).toBe(2457);
    expect(ev.calibrationTracking.periodEnds.at(-1)).toBe("1997-09-30");
    const svg = plotHoldoutTracking(ev, { kind: "incremental" });
    expect(svg).toContain("calibration | holdout");
    // One line per source: actual and the two models.
    expect(svg.match(/<path[^>]*stroke="#(222222|bab0ac|4c78a8)"/g)?.length).toBe(3);
    expect(() => plotHoldoutTracking(ev, { kind: "weekly" as never })).toThrow(/invalid kind "weekly": use cumulative or incremental/);
  });

  it("draws holdout vs calibration frequency and error by cohort, segment (frequency bands without the stacked predictor), and validates its options", () => {
    expect(plotFrequencyHoldout(ev)).toContain("7+");
    expect(plotErrorByGroup(ev, { by: "cohort" })).toContain("1997-Q1");
    expect(plotErrorByGroup(ev, { by: "segment", target: "value" })).toContain("4-7");
    expect(() => plotErrorByGroup(ev, { by: "city" as never })).toThrow(/invalid by "city": use cohort or segment/);
  });

  it("writes a self-contained report: tables, charts inline, no scripts or external assets", () => {
    const html = validationReport(ev);
    expect(html).toContain("<table class=\"metrics\">");
    expect(html.match(/<svg/g)!.length).toBeGreaterThanOrEqual(6);
    expect(html).not.toMatch(/<script|<link|src="http/);
  });
});
