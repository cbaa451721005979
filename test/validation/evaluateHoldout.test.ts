import { beforeAll, describe, expect, it } from "vitest";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { transactionLogFromRecords, type TransactionRecord } from "../../src/data/transactionLogFromRecords.js";
import type { TransactionLog } from "../../src/data/types.js";
import { dayNumber, isoDate } from "../../src/time/dayNumber.js";
import { fitParetoNbd } from "../../src/models/paretoNbd.js";
import { summarizeCustomers } from "../../src/summaries/summarizeCustomers.js";
import { evaluateHoldout } from "../../src/validation/evaluateHoldout.js";
import { logUpTo } from "../../src/validation/logUpTo.js";
import { SMALL_STACKED } from "./fixtures.js";

const CAL = "1997-09-30";
const END = "1998-06-30";

function records(log: TransactionLog): TransactionRecord[] {
  return Array.from({ length: log.length }, (_, i) => ({ customerId: log.customerIds[log.customer[i]!]!, date: isoDate(log.day[i]!), amount: log.amount[i]! }));
}

describe("evaluateHoldout on CDNOW (calibration to 1997-09-30, 39-week holdout)", () => {
  let log: TransactionLog;
  beforeAll(async () => {
    log = await loadTransactions("data/cdnow_transactions.csv");
  });

  it("reproduces the published holdout figures for BG/NBD, Pareto/NBD and MBG/NBD fitted on the calibration period only (lifetimes / BTYD)", () => {
    const ev = evaluateHoldout(log, { calibrationEnd: CAL, observationEnd: END, models: ["bg-nbd", "pareto-nbd", "mbg-nbd"], countScores: false });
    expect(ev.report).toMatchObject({ customers: 2357, rowsOfNewCustomers: 0 });
    expect(ev.holdoutDays).toBe(273);
    expect(ev.periodEnds).toHaveLength(39);
    const by = Object.fromEntries(ev.models.map((m) => [m.model, m.scores.purchases]));
    expect(by["bg-nbd"]!.predictedTotal).toBeCloseTo(1653.4, 0);
    expect(by["bg-nbd"]!.mae).toBeCloseTo(0.7855, 3);
    expect(by["pareto-nbd"]!.predictedTotal).toBeCloseTo(1665.5, 0);
    expect(by["pareto-nbd"]!.rmse).toBeCloseTo(1.603, 2);
    expect(by["mbg-nbd"]!.predictedTotal).toBeCloseTo(1576.7, 0);
    expect(by["bg-nbd"]!.actualTotal).toBe(1882);
    // Weekly totals sum to the holdout totals.
    expect(ev.actual.periodPurchases.reduce((a, v) => a + v, 0)).toBe(1882);
    expect(ev.models[0]!.periodPurchases.reduce((a, v) => a + v, 0)).toBeCloseTo(by["bg-nbd"]!.predictedTotal, 6);
    // The tracking error is that of the weekly totals: BTYD under-forecasts CDNOW's holdout weeks by 10-25%.
    expect(by["bg-nbd"]!.trackingMape).toBeGreaterThan(10);
    expect(by["bg-nbd"]!.trackingMape).toBeLessThan(30);
    // Weekly Pareto/NBD expectations (scaled from the 39-week one) equal the model asked directly at 13 weeks.
    const cal = summarizeCustomers(logUpTo(log, dayNumber(CAL)), { timeUnit: "weeks", observationEnd: CAL });
    const direct13 = fitParetoNbd(cal).conditionalExpectedPurchases(13, cal).reduce((a, v) => a + v, 0);
    expect(ev.models[1]!.periodPurchases.slice(0, 13).reduce((a, v) => a + v, 0)).toBeCloseTo(direct13, 6);
    expect(ev.table.best.mae).toContain(1); // Pareto/NBD has the lowest purchases MAE
    expect(ev.table.best.mae).not.toContain(0);
  });

  it("states margin and discounting and applies them to predicted and actual value alike", () => {
    const plain = evaluateHoldout(log, { calibrationEnd: CAL, observationEnd: END, models: ["bg-nbd"], countScores: false });
    const disc = evaluateHoldout(log, { calibrationEnd: CAL, observationEnd: END, models: ["bg-nbd"], countScores: false, margin: 0.3, discountRate: 0.1 });
    expect(disc.margin).toBe(0.3);
    expect(disc.discountRate).toBe(0.1);
    const a = plain.models[0]!.scores.value, b = disc.models[0]!.scores.value;
    // Margin scales both sides; discounting over at most 39 weeks lowers both by at most 1 − 1.1^(−0.75) ≈ 6.9%.
    expect(b.actualTotal / a.actualTotal).toBeLessThan(0.3);
    expect(b.actualTotal / a.actualTotal).toBeGreaterThan(0.3 * 1.1 ** (-273 / 365.25));
    expect(b.aggregateError).toBeCloseTo(a.aggregateError, 0);
    expect(() => evaluateHoldout(log, { calibrationEnd: CAL, observationEnd: END, margin: 30 })).toThrow(/invalid margin 30: use a share in \(0, 1\]/);
    expect(() => evaluateHoldout(log, { calibrationEnd: CAL, observationEnd: END, models: ["bgnbd" as never] })).toThrow(/invalid model "bgnbd": use naive-rate/);
  });

  it("no holdout row reaches a fit: rewriting every holdout row (amounts, days, extra purchases) leaves calibration fits and forecasts unchanged, only the actuals move", () => {
    const cal = dayNumber(CAL);
    // Every second CDNOW customer keeps the two stacked fits cheap.
    const recs = records(log).filter((r) => Number(r.customerId) % 2 === 0);
    const perturbed = recs.map((r) => (dayNumber(r.date) > cal ? { ...r, amount: r.amount * 3 + 1, date: isoDate(Math.min(dayNumber(END), dayNumber(r.date) + 5)) } : r));
    for (let i = 0; i < 500; i++) perturbed.push({ customerId: recs[(i * 7) % recs.length]!.customerId, date: isoDate(cal + 1 + (i % 200)), amount: 99 });
    const other = transactionLogFromRecords(perturbed);
    const base = transactionLogFromRecords(recs);
    const models = ["naive-rate", "naive-cohort", "bg-nbd", "pareto-nbd", "stacked"] as const;
    const a = evaluateHoldout(base, { calibrationEnd: CAL, observationEnd: END, models, countScores: false, stacked: SMALL_STACKED });
    const b = evaluateHoldout(other, { calibrationEnd: CAL, observationEnd: END, models, countScores: false, stacked: SMALL_STACKED });
    expect(b.customerIds).toEqual(a.customerIds);
    expect(b.actual.purchases).not.toEqual(a.actual.purchases);
    for (let m = 0; m < models.length; m++) {
      expect(b.models[m]!.fit?.params).toEqual(a.models[m]!.fit?.params);
      expect(Array.from(b.models[m]!.purchases)).toEqual(Array.from(a.models[m]!.purchases));
      expect(Array.from(b.models[m]!.value)).toEqual(Array.from(a.models[m]!.value));
    }
  }, 30_000);
});
