import { beforeAll, describe, expect, it } from "vitest";
import { loadTransactions } from "../../../src/data/loadTransactions.js";
import { transactionLogFromRecords } from "../../../src/data/transactionLogFromRecords.js";
import type { TransactionLog } from "../../../src/data/types.js";
import { fitBgNbd } from "../../../src/models/bgNbd.js";
import { fitParetoNbd } from "../../../src/models/paretoNbd.js";
import type { ClvPipeline } from "../../../src/segmentation/predictor/pipelineTypes.js";
import { predictClv } from "../../../src/segmentation/predictor/predictClv.js";
import { trainClvPipeline } from "../../../src/segmentation/predictor/trainClvPipeline.js";
import { windowTotals } from "../../../src/segmentation/predictor/windowTotals.js";
import { summarizeCustomers } from "../../../src/summaries/summarizeCustomers.js";
import { dayNumber, isoDate } from "../../../src/time/dayNumber.js";

const CAL = "1997-09-30";
const END = "1998-06-30";

/** The transactions of every `step`-th customer of a log, up to `lastDay` (CDNOW customers are numbered by first purchase, so this spreads over the acquisition quarter). */
function everyNthCustomer(log: TransactionLog, step: number, lastDay = Infinity): TransactionLog {
  const keep: number[] = [];
  for (let i = 0; i < log.length; i++) if (log.customer[i]! % step === 0 && log.day[i]! <= lastDay) keep.push(i);
  return transactionLogFromRecords(keep.map((i) => ({ customerId: log.customerIds[log.customer[i]!]!, date: isoDate(log.day[i]!), amount: log.amount[i]! })));
}

describe("trainClvPipeline on CDNOW (calibration to 1997-09-30, holdout to 1998-06-30; Fader, Hardie & Lee 2005)", () => {
  let log: TransactionLog;
  // One training on the full CDNOW calibration period (seed 1) serves every test of this block.
  let pipeline: ClvPipeline;
  beforeAll(async () => {
    log = await loadTransactions("data/cdnow_transactions.csv");
    pipeline = trainClvPipeline(log, { calibrationEnd: CAL, replicates: 0, seed: 1 });
  }, 180_000);

  // The criterion (docs/validation.md): a smaller aggregate error than both BTYD models (actual 1,882; BG/NBD 1,653,
  // Pareto/NBD 1,666) and an RMSE no worse than the best of them (Pareto/NBD 1.603, BG/NBD 1.608; lifetimes / BTYD).
  // With Pareto/NBD as the primary base and Poisson meta-learner weights, seeds 1-3 give RMSE 1.602, 1.600, 1.596 and
  // totals 1,783, 1,790, 1,776. The per-customer MAE is worse than Pareto/NBD's (0.801 against 0.755): every CDNOW
  // customer is at most 39 weeks old, and raising the total raises the MAE on these zero-heavy counts. Features whose
  // scoring-time values lie outside the inner origins' range (customer age, for one) are left out by the covariate-shift guard.
  it("scores the 39-week holdout against BG/NBD and Pareto/NBD fitted in the same test: smaller aggregate error than both and an RMSE no worse than Pareto/NBD's, without extrapolating customer age (Fader, Hardie & Lee 2005 split)", () => {
    const pred = predictClv(pipeline, log, { asOf: CAL, horizonsDays: [273], intervals: false });
    const truth = windowTotals(log, pred.customerIds, dayNumber(CAL), dayNumber(END));
    const s = summarizeCustomers(log, { timeUnit: "weeks", calibrationEnd: CAL, observationEnd: END });
    expect(s.customerId).toEqual(pred.customerIds);
    const bg = fitBgNbd(s).conditionalExpectedPurchases(39, s);
    const pn = fitParetoNbd(s).conditionalExpectedPurchases(39, s);
    const n = pred.customerIds.length;
    const score = (f: Float64Array) => {
      let mae = 0, se = 0, sum = 0;
      for (let i = 0; i < n; i++) {
        mae += Math.abs(f[i]! - truth.purchases[i]!);
        se += (f[i]! - truth.purchases[i]!) ** 2;
        sum += f[i]!;
      }
      return { mae: mae / n, rmse: Math.sqrt(se / n), sum };
    };
    const ours = score(pred.purchases[0]!), b = score(bg), p = score(pn);
    const actual = truth.purchases.reduce((a, v) => a + v, 0);
    expect(actual).toBe(1882);
    expect(b.mae).toBeCloseTo(0.785, 2);
    expect(p.mae).toBeCloseTo(0.755, 2);
    // Every customer is older at the calibration end than at any inner origin: age is left out, with a warning.
    expect(pipeline.learnerFeatures).not.toContain("log_age_days");
    expect(pipeline.learnerFeatures).toContain("log_repeat_purchases");
    expect(pipeline.warnings.join("\n")).toMatch(/leave out features shifted between training and scoring time: .*log_age_days \(100% outside\)/);
    expect(Math.abs(ours.sum - actual)).toBeLessThan(Math.abs(b.sum - actual));
    expect(Math.abs(ours.sum - actual)).toBeLessThan(Math.abs(p.sum - actual));
    expect(p.rmse).toBeCloseTo(1.603, 3);
    expect(ours.rmse).toBeLessThanOrEqual(p.rmse);
    expect(ours.rmse).toBeLessThan(b.rmse);
    // Seed 1: total 1,783, MAE 0.801, RMSE 1.6020 (regression values).
    expect(ours.sum).toBeCloseTo(1783.07, 1);
    expect(ours.mae).toBeCloseTo(0.8006, 4);
  });

  it("fits convex meta-learner weights on CDNOW: they sum to 1 and match the seed-1 fit", () => {
    // Convex weights (non-negative, summing to 1): the stack's total lies between its base learners' totals.
    expect(pipeline.purchases.meta.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 9);
    expect(pipeline.value.meta.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 9);
    // Regression values of the seed-1 training (order: primary Pareto/NBD, other BTYD BG/NBD, ridge, segment ridge, trees). A change here
    // means the out-of-fold predictions or the meta-learner changed.
    expect(Array.from(pipeline.purchases.meta, (w) => Number(w.toFixed(6)))).toEqual(META_PURCHASES);
    // The value weights move in the 4th digit with the Gamma-Gamma optimizer's stopping point (inside its tolerance):
    // pinned to 5e-4.
    pipeline.value.meta.forEach((w, j) => expect(w, `value meta weight ${j}`).toBeCloseTo(META_VALUE[j]!, 3));
    expect(pipeline.metrics.inner_oof_mae_purchases_stacked).toBeCloseTo(0.6058, 4);
    expect(pipeline.metrics.inner_oof_mae_purchases_btyd).toBeCloseTo(0.5621, 4);
    expect(pipeline.metrics.inner_target_purchases).toBe(3465);
    expect(pipeline.metrics.training_rows).toBe(7071);
  });

  it("keeps horizons consistent (30 ≤ 90 ≤ 180 ≤ 365 days) and gives soft segments that sum to 1", () => {
    const pred = predictClv(pipeline, log, { asOf: CAL, intervals: false });
    expect(pred.horizonsDays).toEqual([30, 90, 180, 365]);
    for (let i = 0; i < pred.customerIds.length; i++) {
      for (let h = 1; h < 4; h++) {
        expect(pred.value[h]![i]!).toBeGreaterThanOrEqual(pred.value[h - 1]![i]!);
        expect(pred.purchases[h]![i]!).toBeGreaterThanOrEqual(pred.purchases[h - 1]![i]!);
      }
      let s = 0;
      for (let c = 0; c < pred.k; c++) s += pred.probabilities[i * pred.k + c]!;
      expect(Math.abs(s - 1)).toBeLessThan(1e-9);
    }
    expect(pipeline.gmm.k).toBe(5);
    expect(pipeline.bicCurve.length).toBeGreaterThan(1);
    expect(pipeline.profiles.length).toBe(pipeline.gmm.k);
  });

  it("rejects a calibration end before the data", () => {
    expect(() => trainClvPipeline(log, { calibrationEnd: "1990-01-01" })).toThrow(/calibration end 1990-01-01 is before the first transaction/);
  });
});

describe("trainClvPipeline on CDNOW with small settings (fewer segments and trees)", () => {
  let full: TransactionLog;
  let log: TransactionLog;
  const small = { replicates: 0, kMax: 2, trees: { trees: 20 } };
  beforeAll(async () => {
    full = await loadTransactions("data/cdnow_transactions.csv");
    log = everyNthCustomer(full, STEP);
  }, 60_000);

  it("never reads the holdout: training on the full log and on the log cut at the calibration end give identical predictions", () => {
    const short = everyNthCustomer(log, 1, dayNumber(CAL));
    expect(short.length).toBeLessThan(log.length);
    const a = predictClv(trainClvPipeline(log, { calibrationEnd: CAL, seed: 2, ...small }), log, { asOf: CAL, intervals: false });
    const b = predictClv(trainClvPipeline(short, { calibrationEnd: CAL, seed: 2, ...small }), short, { asOf: CAL, intervals: false });
    expect(b.customerIds).toEqual(a.customerIds);
    for (let i = 0; i < a.customerIds.length; i++) expect(b.value[3]![i]).toBe(a.value[3]![i]);
  });

  it("covariate-shift guard: with no feature inside its training range, keeps the least shifted one and says so", () => {
    // One inner origin 200 days back: every customer is then far younger at training than at scoring. (All customers:
    // on a subsample the BG/NBD fit at that origin reaches the homogeneous-Poisson edge.)
    const pipeline = trainClvPipeline(full, { calibrationEnd: CAL, seed: 1, maxFeatureShift: 0, innerHorizonsDays: [200], ...small });
    expect(pipeline.learnerFeatures).toHaveLength(1);
    expect(pipeline.warnings.join("\n")).toMatch(new RegExp(`every learner feature is shifted .*: the learners keep only the least shifted, ${pipeline.learnerFeatures![0]} \\(\\d+% outside\\)`));
    const pred = predictClv(pipeline, full, { asOf: CAL, intervals: false });
    expect(pred.value[3]!.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    expect(() => trainClvPipeline(log, { calibrationEnd: CAL, replicates: 0, maxFeatureShift: 1.5 })).toThrow(/invalid maxFeatureShift 1.5: use a share in \[0, 1\]/);
  });
});

const STEP = 3;
const META_PURCHASES = [0, 0.501179, 0.329147, 0, 0.169674];
const META_VALUE = [0, 0.17813, 0.544413, 0.032277, 0.24518];
