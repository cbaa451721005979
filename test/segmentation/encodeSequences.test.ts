import { describe, expect, it } from "vitest";
import { transactionLogFromRecords } from "../../src/data/transactionLogFromRecords.js";
import { encodeSequences, SEQUENCE_FEATURES } from "../../src/segmentation/encodeSequences.js";
import { isoDate, dayNumber } from "../../src/util/dayNumber.js";

const f = (name: string) => SEQUENCE_FEATURES.indexOf(name as (typeof SEQUENCE_FEATURES)[number]);

describe("encodeSequences", () => {
  const log = transactionLogFromRecords([
    { customerId: "a", date: "2024-01-01", amount: 10 },
    { customerId: "a", date: "2024-01-01", amount: 5 }, // same day: merged into one purchase of 15
    { customerId: "a", date: "2024-01-11", amount: 20 },
    { customerId: "a", date: "2024-01-31", amount: 40 },
    { customerId: "b", date: "2024-01-21", amount: 7 },
    { customerId: "a", date: "2024-03-01", amount: 99 }, // after asOf: ignored
  ]);
  const enc = encodeSequences(log, { asOf: "2024-02-10" });

  it("computes RFM, inter-purchase and spend statistics by hand (BTYD day merging, Fader, Hardie & Lee 2005)", () => {
    const a = (name: string) => enc.raw[0 * enc.cols + f(name)]!;
    expect(enc.customerIds).toEqual(["a", "b"]);
    expect(enc.purchaseDays[0]).toBe(3);
    expect(a("log_repeat_purchases")).toBeCloseTo(Math.log1p(2), 12);
    expect(a("log_recency_days")).toBeCloseTo(Math.log1p(30), 12);
    expect(a("log_age_days")).toBeCloseTo(Math.log1p(40), 12);
    expect(a("log_days_since_last")).toBeCloseTo(Math.log1p(10), 12);
    // Gaps 10 and 20: mean 15, sd √50, trend (20 - 10) / 15.
    expect(a("log_ipt_mean_days")).toBeCloseTo(Math.log1p(15), 12);
    expect(a("ipt_cv")).toBeCloseTo(Math.sqrt(50) / 15, 12);
    expect(a("ipt_trend")).toBeCloseTo(10 / 15, 12);
    // Day spends 15, 20, 40: mean 25, sd √175; trend (last half 40 - first half 15) / 25.
    expect(a("log_spend_mean")).toBeCloseTo(Math.log1p(25), 12);
    expect(a("spend_cv")).toBeCloseTo(Math.sqrt(175) / 25, 12);
    expect(a("spend_trend")).toBeCloseTo(1, 12);
    expect(a("log_total_spend")).toBeCloseTo(Math.log1p(75), 12);
    expect(enc.repeatSpend[0]).toBeCloseTo(60, 12);
    const activity = [40, 30, 10].reduce((s, d) => s + Math.pow(2, -d / 90), 0);
    expect(a("recency_weighted_activity")).toBeCloseTo(Math.log1p(activity), 12);
    expect(a("log_overdue_ratio")).toBeCloseTo(Math.log(11 / 16), 12);
  });

  it("gives the same finite shape to a one-purchase customer and a 10,000-purchase customer", () => {
    const recs = [{ customerId: "one", date: "2000-01-01", amount: 3 }];
    for (let d = 0; d < 10_000; d++) recs.push({ customerId: "many", date: isoDate(dayNumber("2000-01-01") + d), amount: 1 + (d % 7) });
    const e = encodeSequences(transactionLogFromRecords(recs));
    expect(e.rows).toBe(2);
    expect(e.data.length).toBe(2 * SEQUENCE_FEATURES.length);
    for (const v of e.data) expect(Number.isFinite(v)).toBe(true);
    for (const v of e.raw) expect(Number.isFinite(v)).toBe(true);
    expect(e.purchaseDays[1]).toBe(10_000);
  });

  it("applies a normalization fitted on training customers to new data unchanged", () => {
    const other = transactionLogFromRecords([
      { customerId: "b", date: "2024-01-21", amount: 7 },
      { customerId: "z", date: "2024-02-01", amount: 70 },
    ]);
    const e2 = encodeSequences(other, { asOf: "2024-02-10", normalization: enc.normalization });
    expect(e2.normalization).toBe(enc.normalization);
    // Customer b has the same history in both logs, so the same z-scores.
    for (let j = 0; j < enc.cols; j++) expect(e2.data[j]).toBeCloseTo(enc.data[enc.cols + j]!, 12);
    expect(() => encodeSequences(other, { customers: ["nobody"] })).toThrow(/customer "nobody" has no transactions/);
  });
});
