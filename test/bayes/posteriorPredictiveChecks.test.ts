import { expect, test } from "vitest";
import "../../src/bayes/index.js";
import { purchaseCountPpc } from "../../src/bayes/posteriorPredictiveChecks.js";
import { plotPurchaseCountPpc } from "../../src/bayes/plotPosteriorPredictive.js";
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
