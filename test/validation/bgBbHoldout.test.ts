import { describe, expect, it } from "vitest";
import { transactionLogFromRecords } from "../../src/data/transactionLogFromRecords.js";
import { fitBgBb } from "../../src/models/bgBb.js";
import { createRng } from "../../src/random/createRng.js";
import { summarizeDiscrete } from "../../src/summaries/summarizeDiscrete.js";
import { dayNumber, isoDate } from "../../src/time/dayNumber.js";
import { evaluateHoldout } from "../../src/validation/evaluateHoldout.js";
import { logUpTo } from "../../src/validation/logUpTo.js";

// Discrete weekly data simulated from BG/BB itself (Fader, Hardie & Shang 2010): 800 customers, first purchase in one
// of the first 20 weeks of 2022 (weeks start on Monday 2022-01-03); each later week an alive customer buys once with
// probability p ~ Beta(1.2, 2.5) and, after it, dies with probability θ ~ Beta(0.8, 6). Calibration ends on Sunday
// 2023-01-01 (52 weeks), the holdout runs 26 weeks to Sunday 2023-07-02.
const START = dayNumber("2022-01-03");
function simulateWeekly(seed: number) {
  const rng = createRng(seed);
  const rows: { customerId: string; date: string; amount: number }[] = [];
  for (let c = 0; c < 800; c++) {
    const p = rng.beta(1.2, 2.5), theta = rng.beta(0.8, 6);
    const first = rng.int(20);
    const buy = (week: number) => rows.push({ customerId: `C${c}`, date: isoDate(START + 7 * week + rng.int(7)), amount: Math.round(rng.gamma(4, 0.1) * 100) / 100 + 1 });
    buy(first);
    for (let w = first + 1; w < 78; w++) {
      if (rng.uniform() < theta) break;
      if (rng.uniform() < p) buy(w);
    }
  }
  return transactionLogFromRecords(rows);
}

describe("BG/BB in evaluateHoldout where periods are discrete", () => {
  const log = simulateWeekly(11);
  const ev = evaluateHoldout(log, { calibrationEnd: "2023-01-01", observationEnd: "2023-07-02", countScores: false, models: ["naive-rate", "bg-nbd", "bg-bb"] });
  const bgbb = ev.models.find((m) => m.model === "bg-bb")!;

  it("forecasts what BG/BB fitted on the discrete calibration summary forecasts for the 26 holdout weeks", () => {
    const d = summarizeDiscrete(logUpTo(log, dayNumber("2023-01-01")), { periods: "week", observationEnd: "2023-01-01" });
    const rows = { frequency: d.frequency, recency: d.recency, periods: d.periods };
    const direct = fitBgBb(rows).conditionalExpectedPurchases(26, rows);
    const byId = new Map(d.customerId.map((id, i) => [id, direct[i]!]));
    ev.customerIds.forEach((id, i) => expect(bgbb.purchases[i]!).toBeCloseTo(byId.get(id) ?? 0, 9));
    expect(bgbb.fit!.converged).toBe(true);
  });

  it("on data from its own model, gets the holdout total within 10% and beats the naive rate per customer", () => {
    expect(Math.abs(bgbb.scores.purchases.aggregateError)).toBeLessThan(10);
    const naive = ev.models.find((m) => m.model === "naive-rate")!;
    expect(bgbb.scores.purchases.mae).toBeLessThan(naive.scores.purchases.mae);
  });

  it("joins the default models on discrete weekly data and stays out, or is refused, where it does not apply", () => {
    const ends = { calibrationEnd: "2023-01-01", observationEnd: "2023-07-02", countScores: false };
    expect(evaluateHoldout(log, { ...ends, models: undefined, stacked: { replicates: 0, kMax: 1, folds: 2, trees: { trees: 5 } } }).models.map((m) => m.model)).toContain("bg-bb");
    // A second purchase day in one week makes the data continuous: BG/BB's count would not be the purchase count.
    const twice = transactionLogFromRecords([...Array.from({ length: log.length }, (_, i) => ({ customerId: log.customerIds[log.customer[i]!]!, date: isoDate(log.day[i]!), amount: log.amount[i]! })), { customerId: "C0", date: "2022-06-01", amount: 5 }, { customerId: "C0", date: "2022-06-02", amount: 5 }]);
    expect(() => evaluateHoldout(twice, { ...ends, models: ["bg-bb"] })).toThrow(/bg-bb needs discrete data \(at most one purchase day per customer and week\)/);
    expect(() => evaluateHoldout(log, { ...ends, calibrationEnd: "2022-12-31", models: ["bg-bb"] })).toThrow(/bg-bb needs the calibration end to close a week/);
    expect(() => evaluateHoldout(log, { ...ends, timeUnit: "months", models: ["bg-bb"] })).toThrow(/bg-bb needs opportunities of a day or a week, not months/);
  }, 20_000);
});
