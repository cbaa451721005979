import { beforeAll, describe, expect, it } from "vitest";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import type { TransactionLog } from "../../src/data/types.js";
import { dayNumber } from "../../src/time/dayNumber.js";
import { crossValidateTemporal } from "../../src/validation/crossValidateTemporal.js";
import { evaluateHoldout } from "../../src/validation/evaluateHoldout.js";
import { addDuration } from "../../src/validation/parseDuration.js";
import { SMALL_STACKED } from "./fixtures.js";

describe("addDuration", () => {
  it("adds days and weeks exactly and months on the calendar, clamped to the month's last day", () => {
    expect(addDuration(dayNumber("1997-01-01"), "3m")).toBe(dayNumber("1997-04-01"));
    expect(addDuration(dayNumber("1997-01-31"), "1m")).toBe(dayNumber("1997-02-28"));
    expect(addDuration(dayNumber("1997-11-15"), "3m")).toBe(dayNumber("1998-02-15"));
    expect(addDuration(dayNumber("1997-01-01"), "2w")).toBe(dayNumber("1997-01-15"));
    expect(addDuration(dayNumber("1997-01-01"), 10)).toBe(dayNumber("1997-01-11"));
    expect(addDuration(dayNumber("1996-02-29"), "1y")).toBe(dayNumber("1997-02-28"));
    expect(() => addDuration(0, "3 months", "step")).toThrow(/invalid step "3 months": use a count and a unit, e.g. "90d"/);
  });
});

describe("crossValidateTemporal on CDNOW (expanding window, 3-month folds)", () => {
  let log: TransactionLog;
  beforeAll(async () => {
    log = await loadTransactions("data/cdnow_transactions.csv");
  });

  it("lays out expanding folds (9, 12, 15 months of calibration, each scored on the next 3) and fold 1 equals a plain holdout evaluation", () => {
    const cv = crossValidateTemporal(log, { initial: "9m", step: "3m", horizon: "3m", models: ["naive-rate", "bg-nbd"], countScores: false });
    expect(cv.folds.map((f) => [f.calibrationEnd, f.observationEnd])).toEqual([
      ["1997-09-30", "1997-12-31"],
      ["1997-12-31", "1998-03-31"],
      ["1998-03-31", "1998-06-30"],
    ]);
    const direct = evaluateHoldout(log, { calibrationEnd: "1997-09-30", observationEnd: "1997-12-31", models: ["naive-rate", "bg-nbd"], countScores: false });
    expect(cv.folds[0]!.rows).toEqual(direct.rows);
    // Stability: the sample coefficient of variation of the fold values, recomputed here by hand.
    const v = cv.foldRows.filter((r) => r.model === "bg-nbd" && r.target === "purchases").map((r) => r.mae as number);
    const mean = (v[0]! + v[1]! + v[2]!) / 3;
    const sd = Math.sqrt(((v[0]! - mean) ** 2 + (v[1]! - mean) ** 2 + (v[2]! - mean) ** 2) / 2);
    const s = cv.summaryRows.find((r) => r.model === "bg-nbd" && r.target === "purchases")!;
    expect(s.mae).toBeCloseTo(mean, 12);
    expect(s.cv_mae).toBeCloseTo(sd / mean, 12);
    expect(cv.summaryTable.text).toContain("CV MAE");
  });

  it("runs the stacked predictor in every fold (small settings) and refuses more folds than the log holds", () => {
    const cv = crossValidateTemporal(log, { initial: "12m", step: "3m", horizon: "3m", folds: 2, models: ["bg-nbd", "stacked"], countScores: false, stacked: SMALL_STACKED });
    expect(cv.folds).toHaveLength(2);
    for (const f of cv.folds) {
      const st = f.rows.find((r) => r.model === "stacked" && r.target === "purchases")!;
      expect(st.mae as number).toBeGreaterThan(0);
      expect(st.predictedTotal as number).toBeGreaterThan(0);
    }
    expect(() => crossValidateTemporal(log, { initial: "12m", horizon: "3m", folds: 5, models: ["bg-nbd"] })).toThrow(/only 2 of 5 folds fit before the last day in the log, 1998-06-30/);
  }, 30_000);

  it("refuses a thread count that is not a whole number of at least 1", () => {
    expect(() => crossValidateTemporal(log, { initial: "12m", horizon: "3m", folds: 2, models: ["bg-nbd"], threads: 0 })).toThrow(/invalid threads 0: use a whole number ≥ 1/);
    expect(() => crossValidateTemporal(log, { initial: "12m", horizon: "3m", folds: 2, models: ["bg-nbd"], threads: 1.5 })).toThrow(/invalid threads 1.5/);
  });
});
