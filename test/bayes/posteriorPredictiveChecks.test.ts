import { expect, test } from "vitest";
import "../../src/bayes/index.js";
import { purchaseCountPpc } from "../../src/bayes/posteriorPredictiveChecks.js";
import { plotPurchaseCountPpc } from "../../src/charts/bayes/plotPosteriorPredictive.js";
import { fitBgNbd } from "../../src/models/bgNbd.js";
import { cdnowSummary } from "../models/referenceData.js";

const cd = { ...cdnowSummary(), timeUnit: "weeks" as const };

test("repeat-purchase PPC on CDNOW: shares sum to 1 and the BG/NBD posterior predictive covers the observed 0-, 1- and 3-purchase shares (Fader, Hardie & Lee 2005, fig. 2: close fit)", () => {
  const m = fitBgNbd(cd, { method: "laplace", seed: 2, draws: 200 });
  const rows = purchaseCountPpc(m, cd, { draws: 40, seed: 3, maxCount: 7 });
  expect(rows.map((r) => r.label)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7+"]);
  expect(rows.reduce((s, r) => s + r.observed, 0)).toBeCloseTo(1, 12);
  expect(rows.reduce((s, r) => s + r.mean, 0)).toBeCloseTo(1, 12);
  // 1,411 of 2,357 CDNOW customers made no repeat purchase in the 39-week calibration.
  expect(rows[0]!.observed).toBeCloseTo(1411 / 2357, 10);
  for (const k of [0, 1, 3]) {
    expect(rows[k]!.lower).toBeLessThanOrEqual(rows[k]!.observed + 0.01);
    expect(rows[k]!.upper).toBeGreaterThanOrEqual(rows[k]!.observed - 0.01);
  }
  expect(plotPurchaseCountPpc(rows)).toMatch(/^<figure|^<svg/);
  expect(() => purchaseCountPpc(fitBgNbd(cd), cd)).toThrow(/no posterior draws/);
});

test("holdout vs calibration frequency on CDNOW: groups hold all 2,357 customers and the 1,882 holdout purchases; the posterior band covers the zero-purchase group", async () => {
  const { loadTransactions } = await import("../../src/data/loadTransactions.js");
  const { summarizeCustomers } = await import("../../src/summaries/summarizeCustomers.js");
  const { calibrationHoldoutBands } = await import("../../src/bayes/posteriorPredictiveChecks.js");
  const log = await loadTransactions(new URL("../../data/cdnow_transactions.csv", import.meta.url).pathname);
  const s = summarizeCustomers(log, { timeUnit: "weeks", calibrationEnd: "1997-09-30", observationEnd: "1998-06-30" });
  const m = fitBgNbd(s, { method: "laplace", seed: 4, draws: 200 });
  const rows = calibrationHoldoutBands(m, s, { draws: 40 });
  expect(rows.reduce((a, r) => a + r.customers, 0)).toBe(2357);
  expect(Math.round(rows.reduce((a, r) => a + r.customers * r.actual, 0))).toBe(1882);
  expect(rows[0]!.lower).toBeLessThanOrEqual(rows[0]!.actual);
  expect(rows[0]!.upper).toBeGreaterThanOrEqual(rows[0]!.actual);
  for (const r of rows) expect(r.lower).toBeLessThanOrEqual(r.upper);
});

test("tracking bands on CDNOW: 78 weekly rows whose actual cumulative repeat purchases are 2,457 at the calibration end (week 39) and 4,339 = 2,457 + 1,882 at 1998-06-30, with the plug-in BG/NBD expectation inside the posterior band", async () => {
  // Counts: the CDNOW calibration/holdout split (Fader, Hardie & Lee 2005; ../shared/data/README.md).
  const { loadTransactions } = await import("../../src/data/loadTransactions.js");
  const { summarizeCustomers } = await import("../../src/summaries/summarizeCustomers.js");
  const { trackingBands } = await import("../../src/bayes/posteriorPredictiveChecks.js");
  const { trackingData } = await import("../../src/charts/diagnostics/plotTracking.js");
  const log = await loadTransactions(new URL("../../data/cdnow_transactions.csv", import.meta.url).pathname);
  const s = summarizeCustomers(log, { timeUnit: "weeks", observationEnd: "1997-09-30" });
  const options = { timeUnit: "weeks" as const, calibrationEnd: "1997-09-30" };
  const rows = trackingBands(fitBgNbd(s, { method: "laplace", seed: 4, draws: 200 }), log, { ...options, draws: 40 });
  const plugIn = trackingData(fitBgNbd(s), log, options);
  expect(rows).toHaveLength(78);
  expect(rows[38]!.actualCumulative).toBe(2457);
  expect(rows[77]!.actualCumulative).toBe(4339);
  for (const w of [38, 77]) {
    expect(rows[w]!.weekEnd).toBe(plugIn[w]!.weekEnd);
    expect(rows[w]!.cumulativeLower).toBeLessThanOrEqual(plugIn[w]!.modelCumulative);
    expect(rows[w]!.cumulativeUpper).toBeGreaterThanOrEqual(plugIn[w]!.modelCumulative);
    expect(rows[w]!.cumulativeLower).toBeLessThanOrEqual(rows[w]!.actualCumulative);
    expect(rows[w]!.cumulativeUpper).toBeGreaterThanOrEqual(rows[w]!.actualCumulative);
  }
  expect(() => trackingBands(fitBgNbd(s), log, options)).toThrow(/no posterior draws/);
});
