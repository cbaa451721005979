import { describe, expect, it } from "vitest";
import type { TransactionLog } from "../../src/data/types.js";
import { trainClvPipeline } from "../../src/segmentation/predictor/trainClvPipeline.js";
import { simulateSegmentedLog } from "../../src/synthetic/simulateSegmentedLog.js";
import { dayNumber } from "../../src/time/dayNumber.js";
import { evaluateHoldout } from "../../src/validation/evaluateHoldout.js";
import { SEGMENTED_STACKED } from "./fixtures.js";

const CAL = "2023-06-30";
const END = "2023-09-28";

/** The log with every holdout row rewritten (amount × 3 + 1, five days later) and 300 extra holdout purchases. */
function perturbHoldout(log: TransactionLog): TransactionLog {
  const cal = dayNumber(CAL), end = dayNumber(END);
  const customer = Array.from(log.customer), day = Array.from(log.day), amount = Array.from(log.amount);
  for (let i = 0; i < log.length; i++) if (day[i]! > cal) {
    day[i] = Math.min(end, day[i]! + 5);
    amount[i] = amount[i]! * 3 + 1;
  }
  for (let i = 0; i < 300; i++) {
    customer.push((i * 7) % log.customerIds.length);
    day.push(cal + 1 + (i % 90));
    amount.push(99);
  }
  return { ...log, length: customer.length, customer: Int32Array.from(customer), day: Int32Array.from(day), timestamp: Float64Array.from(day, (d) => d * 86_400_000), amount: Float64Array.from(amount) };
}

describe("the horizon-specific stack never reads the holdout", () => {
  const sim = simulateSegmentedLog({ seed: 1, customers: 800, end: "2024-06-30" });

  it("trains on the same calendar window a year earlier, with the seasonal lag features, when the holdout is 90 days", () => {
    const p = trainClvPipeline(sim.log, { ...SEGMENTED_STACKED, calibrationEnd: CAL, targetHorizonDays: 90, seed: 1 });
    expect(p.innerOrigin).toBe("2022-06-30");
    expect(p.innerHorizonsDays).toEqual([90]);
    expect(p.seasonalLagDays).toBe(90);
  }, 20_000);

  it("rewriting every holdout row leaves the stacked forecasts unchanged; only the actuals move", () => {
    const options = { calibrationEnd: CAL, observationEnd: END, models: ["stacked"] as const, countScores: false, stacked: { ...SEGMENTED_STACKED, seed: 1 } };
    const a = evaluateHoldout(sim.log, options);
    const b = evaluateHoldout(perturbHoldout(sim.log), options);
    expect(b.customerIds).toEqual(a.customerIds);
    expect(Array.from(b.actual.value)).not.toEqual(Array.from(a.actual.value));
    expect(Array.from(b.models[0]!.purchases)).toEqual(Array.from(a.models[0]!.purchases));
    expect(Array.from(b.models[0]!.value)).toEqual(Array.from(a.models[0]!.value));
  }, 20_000);
});
