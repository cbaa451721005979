import { beforeAll, describe, expect, it } from "vitest";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { fitBgNbd } from "../../src/models/bgNbd.js";
import { fitMbgNbd } from "../../src/models/mbgNbd.js";
import { fitParetoNbd } from "../../src/models/paretoNbd.js";
import type { CustomerSummary } from "../../src/summaries/types.js";
import { summarizeCustomers } from "../../src/summaries/summarizeCustomers.js";
import {
  aggregatePercentError, areaUnderRoc, intervalCoverage, brierScore, logPredictiveScore, meanAbsoluteError, meanAbsolutePercentageError, meanBias,
  metricsTable, rankedProbabilityScore, rootMeanSquaredError, rSquared, scoreForecast, trackingPercentError,
} from "../../src/validation/index.js";

const f = (...v: number[]) => new Float64Array(v);

describe("point-forecast metrics against hand-computed values", () => {
  // predicted 1, 2, 3, 0; actual 0, 4, 3, 1: errors 1, -2, 0, -1.
  const p = f(1, 2, 3, 0), a = f(0, 4, 3, 1);
  it("MAE, RMSE and bias are the mean absolute, root mean squared and mean signed error", () => {
    expect(meanAbsoluteError(p, a)).toEqual({ value: 1, n: 4 });
    expect(rootMeanSquaredError(p, a).value).toBeCloseTo(Math.sqrt(6 / 4), 14);
    expect(meanBias(p, a).value).toBeCloseTo(-0.5, 14);
  });
  it("MAPE is taken over non-zero actuals only and reports how many it used and left out", () => {
    // |2-4|/4 = 0.5, |3-3|/3 = 0, |0-1|/1 = 1 -> mean 0.5 -> 50%.
    expect(meanAbsolutePercentageError(p, a)).toEqual({ value: 50, n: 3, zeroActual: 1 });
    expect(meanAbsolutePercentageError(f(1, 2), f(0, 0)).value).toBeNaN();
  });
  it("tracking error is the MAPE of period totals, skipping periods without purchases", () => {
    const t = trackingPercentError(f(90, 120, 5), f(100, 100, 0));
    expect(t.value).toBeCloseTo(15, 12);
    expect(t).toMatchObject({ periods: 2, zeroPeriods: 1 });
  });
  it("aggregate percent error is signed (negative = under-forecast) with its absolute value (ARPE)", () => {
    expect(aggregatePercentError(p, a)).toEqual({ value: -25, absolute: 25, predictedTotal: 6, actualTotal: 8 });
    expect(() => aggregatePercentError(f(1), f(0))).toThrow(/actual total is 0/);
  });
  it("R² is 1 − SSres/SStot about the actual mean, negative for a forecast worse than that mean", () => {
    // mean 2; SStot = 4+4+1+1 = 10; SSres = 1+4+0+1 = 6.
    expect(rSquared(p, a).value).toBeCloseTo(1 - 6 / 10, 14);
    expect(rSquared(f(10, 10), f(0, 2)).value).toBeLessThan(0);
  });
  it("interval coverage is the share of actual values inside their interval, bounds included", () => {
    expect(intervalCoverage(f(0, 0, 1, 2), f(1, 1, 3, 2), f(1, 2, 0.5, 2))).toEqual({ value: 0.5, inside: 2, n: 4 });
    expect(() => intervalCoverage(f(2), f(1), f(1))).toThrow(/interval 0 is \[2, 1\]: give lower ≤ upper/);
  });
  it("rejects mismatched lengths and non-finite values with the fix", () => {
    expect(() => meanAbsoluteError(f(1, 2), f(1))).toThrow(/2 predictions for 1 actual values: give one prediction per actual value/);
    expect(() => rootMeanSquaredError(f(NaN), f(1))).toThrow(/prediction 0 is NaN/);
  });
});

describe("probabilistic scores against hand-computed values", () => {
  it("Brier score, its base-rate reference and skill", () => {
    // (0.8-1)² = 0.04, (0.1-0)² = 0.01, (0.5-1)² = 0.25, (0.3-0)² = 0.09 -> 0.0975; base rate 1/2 -> reference 0.25.
    const b = brierScore(f(0.8, 0.1, 0.5, 0.3), f(2, 0, 1, 0));
    expect(b.value).toBeCloseTo(0.0975, 14);
    expect(b.reference).toBeCloseTo(0.25, 14);
    expect(b.skill).toBeCloseTo(1 - 0.0975 / 0.25, 14);
  });
  it("AUC counts correctly ordered buyer/non-buyer pairs, ties one half (Hanley & McNeil 1982)", () => {
    // buyers 0.9 and 0.4, non-buyers 0.4 and 0.1: pairs (0.9>0.4) 1, (0.9>0.1) 1, (0.4=0.4) 0.5, (0.4>0.1) 1 -> 3.5/4.
    expect(areaUnderRoc(f(0.9, 0.4, 0.4, 0.1), f(2, 0, 1, 0))).toEqual({ value: 0.875, positives: 2, negatives: 2 });
    expect(areaUnderRoc(f(0.1, 0.9), f(1, 0)).value).toBe(0);
    expect(areaUnderRoc(f(0.1, 0.9), f(1, 1)).value).toBeNaN();
  });
  it("log predictive score is the mean negative log probability of the observed count, the tail column for large counts", () => {
    const d = { maxCount: 2, probabilities: f(0.5, 0.3, 0.2, 0.1, 0.6, 0.3) };
    expect(logPredictiveScore(d, f(1, 5)).value).toBeCloseTo((-Math.log(0.3) - Math.log(0.3)) / 2, 14);
  });
  it("ranked probability score sums squared CDF differences and reduces to absolute error for a point mass", () => {
    // CDF (0.5, 0.8) vs outcome 1: steps (0, 1) -> 0.25 + 0.04 = 0.29.
    const d = { maxCount: 2, probabilities: f(0.5, 0.3, 0.2) };
    expect(rankedProbabilityScore(d, f(1)).value).toBeCloseTo(0.29, 14);
    // A point mass at 0 scored against 3 (beyond maxCount): |0 - 3| = 3.
    expect(rankedProbabilityScore({ maxCount: 2, probabilities: f(1, 0, 0) }, f(3)).value).toBeCloseTo(3, 14);
  });
  it("rejects distributions whose rows do not sum to 1", () => {
    expect(() => logPredictiveScore({ maxCount: 1, probabilities: f(0.5, 0.4) }, f(0))).toThrow(/sum to 0.9/);
  });
});

describe("metricsTable", () => {
  it("marks the best value per column (lowest, highest, closest to zero) within groups, and renders text, CSV and HTML", () => {
    const rows = [
      { target: "purchases", model: "a", mae: 0.8, auc: 0.7, agg: -12 },
      { target: "purchases", model: "b", mae: 0.75, auc: 0.8, agg: 5 },
      { target: "value", model: "a", mae: 30, auc: NaN, agg: 3 },
      { target: "value", model: "b", mae: 31, auc: NaN, agg: -3 },
    ];
    const t = metricsTable(rows, { columns: [{ key: "target" }, { key: "model" }, { key: "mae", better: "lower" }, { key: "auc", better: "higher" }, { key: "agg", better: "zero" }], groupBy: ["target"] });
    expect(t.best).toEqual({ mae: [1, 2], auc: [1], agg: [1, 2, 3] });
    expect(t.text.split("\n")[2]).toMatch(/^purchases\s+b\s+0\.75\*\s+0\.8\*\s+5\*$/);
    expect(t.csv.split("\n")[3]).toBe("value,a,30,,3");
    expect(t.html).toContain("<td><b>0.75</b></td>");
    expect(() => metricsTable(rows, { columns: [{ key: "mae", better: "smaller" as never }] })).toThrow(/invalid better "smaller" for column mae: use lower, higher or zero/);
  });
});

// Published CDNOW holdout figures (standard split: calibration to 1997-09-30, 39-week holdout to 1998-06-30; Fader,
// Hardie & Lee 2005 data, figures as reproduced with lifetimes / BTYD): BG/NBD total 1,653.4, MAE 0.7855, RMSE 1.608;
// Pareto/NBD 1,665.5, 0.7545, 1.603; MBG/NBD 1,576.7, 0.7648, 1.607; actual 1,882 repeat purchases.
describe("CDNOW holdout figures (lifetimes / BTYD)", () => {
  let s: CustomerSummary;
  beforeAll(async () => {
    const log = await loadTransactions("data/cdnow_transactions.csv");
    s = summarizeCustomers(log, { timeUnit: "weeks", calibrationEnd: "1997-09-30", observationEnd: "1998-06-30" });
  });
  const cases = [
    { name: "BG/NBD", fit: fitBgNbd, total: 1653.4, mae: 0.7855, rmse: 1.608 },
    { name: "Pareto/NBD", fit: fitParetoNbd, total: 1665.5, mae: 0.7545, rmse: 1.603 },
    { name: "MBG/NBD", fit: fitMbgNbd, total: 1576.7, mae: 0.7648, rmse: 1.607 },
  ];
  for (const c of cases) {
    it(`${c.name}: holdout total ${c.total}, MAE ${c.mae}, RMSE ${c.rmse}`, () => {
      const pred = c.fit(s).conditionalExpectedPurchases(39, s);
      const sc = scoreForecast(pred, s.frequencyHoldout!);
      expect(sc.actualTotal).toBe(1882);
      expect(sc.predictedTotal).toBeCloseTo(c.total, 0);
      expect(sc.mae).toBeCloseTo(c.mae, 3);
      expect(sc.rmse).toBeCloseTo(c.rmse, 2);
      expect(sc.aggregateError).toBeCloseTo((100 * (c.total - 1882)) / 1882, 1);
      expect(sc.nonZeroCustomers).toBe(Array.from(s.frequencyHoldout!).filter((v) => v > 0).length);
    });
  }
});
