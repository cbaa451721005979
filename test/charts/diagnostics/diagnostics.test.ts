import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadTransactions } from "../../../src/data/loadTransactions.js";
import { summarizeCustomers } from "../../../src/summaries/summarizeCustomers.js";
import { fitBgNbd } from "../../../src/models/bgNbd.js";
import { loadModel } from "../../../src/models/loadModel.js";
import { plotPeriodTransactions, periodTransactionsData } from "../../../src/charts/diagnostics/plotPeriodTransactions.js";
import { plotCalibrationHoldout, calibrationHoldoutData } from "../../../src/charts/diagnostics/plotCalibrationHoldout.js";
import { plotTracking, trackingData } from "../../../src/charts/diagnostics/plotTracking.js";
import { plotAliveHeatmap, heatmapData } from "../../../src/charts/diagnostics/plotAliveHeatmap.js";

const ROOT = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
const log = await loadTransactions(resolve(ROOT, "data/cdnow_transactions.csv"));
const s = summarizeCustomers(log, { timeUnit: "weeks", calibrationEnd: "1997-09-30", observationEnd: "1998-06-30" });
const model = fitBgNbd(s);

describe("diagnostic charts on CDNOW (Fader, Hardie & Lee 2005, figs. 2-4)", () => {
  it("period transactions: actual counts are the calibration histogram (1,411 customers with no repeat) and the model's counts sum to 2,357", () => {
    const rows = periodTransactionsData(model, s, 7);
    const actual = rows.filter((r) => r.source === "actual");
    const fitted = rows.filter((r) => r.source === "model");
    expect(actual[0]!.customers).toBe(1411);
    expect(actual.reduce((a, r) => a + r.customers, 0)).toBe(2357);
    expect(fitted.reduce((a, r) => a + r.customers, 0)).toBeCloseTo(2357, 6);
    expect(Math.abs(fitted[0]!.customers - 1411)).toBeLessThan(30);
    const svg = plotPeriodTransactions(model, s);
    expect(svg).toContain("<svg");
    expect(svg).toContain("Repeat purchases in calibration");
  });

  it("tracking: 2,457 repeat transactions by the calibration end and 4,339 (2,457 + 1,882 holdout) by 1998-06-30; the model's cumulative total within 5%", () => {
    const rows = trackingData(model, log, { timeUnit: "weeks", calibrationEnd: "1997-09-30" });
    const atCal = rows.find((r) => r.weekEnd >= 10134)!;
    expect(atCal.actualCumulative).toBe(2457);
    const last = rows[rows.length - 1]!;
    expect(last.actualCumulative).toBe(4339);
    expect(Math.abs(last.modelCumulative / last.actualCumulative - 1)).toBeLessThan(0.05);
    expect(plotTracking(model, log, { timeUnit: "weeks", calibrationEnd: "1997-09-30", kind: "incremental" })).toContain("Weekly repeat transactions");
  });

  it("calibration vs holdout: group means match a direct computation and the holdout total is 1,882", () => {
    const rows = calibrationHoldoutData(model, s, 7);
    expect(rows.reduce((a, r) => a + r.actual * r.customers, 0)).toBeCloseTo(1882, 8);
    const pred = model.conditionalExpectedPurchases(39, s);
    let zero = 0, n0 = 0;
    for (let i = 0; i < pred.length; i++) if (s.frequency[i] === 0) { zero += pred[i]!; n0++; }
    expect(rows[0]!.model).toBeCloseTo(zero / n0, 12);
    expect(plotCalibrationHoldout(model, s)).toContain("<svg");
    expect(() => calibrationHoldoutData(model, { frequency: [1], recency: [1], T: [2] }, 7)).toThrow(/needs frequencyHoldout/);
  });

  it("P(alive) heat map: alive is 1 at frequency 0 and rises with recency for a fixed frequency", () => {
    const cells = heatmapData(model, { T: 39, maxFrequency: 10, recencySteps: 10 });
    expect(cells.find((c) => c.frequency === 0)!.value).toBe(1);
    const f5 = cells.filter((c) => c.frequency === 5).map((c) => c.value);
    for (let i = 1; i < f5.length; i++) expect(f5[i]).toBeGreaterThan(f5[i - 1]!);
    expect(plotAliveHeatmap(model, { T: 39, measure: "expected", horizon: 52 })).toContain("Expected purchases in the next 52");
  });

  it("each chart matches its stored SVG snapshot (the published CDNOW BG/NBD parameters, so a change in the optimizer does not move the pictures)", async () => {
    // Fader, Hardie & Lee (2005), Table 1: r 0.243, alpha 4.414, a 0.793, b 2.426 (weeks).
    const published = loadModel({ model: "bg-nbd", params: { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 }, timeUnit: "weeks" });
    await expect(plotPeriodTransactions(published, s)).toMatchFileSnapshot("./__snapshots__/period-transactions.svg");
    await expect(plotCalibrationHoldout(published, s)).toMatchFileSnapshot("./__snapshots__/calibration-holdout.svg");
    await expect(plotTracking(published, log, { timeUnit: "weeks", calibrationEnd: "1997-09-30" })).toMatchFileSnapshot("./__snapshots__/tracking-cumulative.svg");
    await expect(plotTracking(published, log, { timeUnit: "weeks", calibrationEnd: "1997-09-30", kind: "incremental" })).toMatchFileSnapshot("./__snapshots__/tracking-incremental.svg");
    await expect(plotAliveHeatmap(published, { T: 39 })).toMatchFileSnapshot("./__snapshots__/alive-heatmap.svg");
    await expect(plotAliveHeatmap(published, { T: 39, measure: "expected", horizon: 52 })).toMatchFileSnapshot("./__snapshots__/expected-heatmap.svg");
  });
});
