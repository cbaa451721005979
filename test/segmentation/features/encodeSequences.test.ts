import { describe, expect, it } from "vitest";
import { transactionLogFromRecords } from "../../../src/data/transactionLogFromRecords.js";
import { encodeSequences, SEQUENCE_FEATURES } from "../../../src/segmentation/features/encodeSequences.js";
import { isoDate, dayNumber } from "../../../src/time/dayNumber.js";

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

  it("encodes a one-purchase customer and a 10,000-purchase daily customer to hand-computed values", () => {
    // "one" buys once on 2000-01-01; "many" buys every day from 2000-01-01 for 10,000 days, spending 1, 2, ..., 7, 1, ...
    // The log ends (asOf) on day 9,999, so both customers are 9,999 days old.
    const recs = [{ customerId: "one", date: "2000-01-01", amount: 3 }];
    for (let d = 0; d < 10_000; d++) recs.push({ customerId: "many", date: isoDate(dayNumber("2000-01-01") + d), amount: 1 + (d % 7) });
    const e = encodeSequences(transactionLogFromRecords(recs));
    expect(e.customerIds).toEqual(["one", "many"]);
    expect(e.rows).toBe(2);
    expect(Array.from(e.purchaseDays)).toEqual([1, 10_000]);
    const one = (name: string) => e.raw[f(name)]!;
    const many = (name: string) => e.raw[e.cols + f(name)]!;
    // One purchase: no repeat, no spread or trend; the unseen gap is censored at age + 1 = 10,000 days.
    expect(one("log_repeat_purchases")).toBe(0);
    expect(one("log_recency_days")).toBe(0);
    expect(one("log_age_days")).toBeCloseTo(Math.log1p(9999), 12);
    expect(one("log_days_since_last")).toBeCloseTo(Math.log1p(9999), 12);
    expect(one("log_ipt_mean_days")).toBeCloseTo(Math.log1p(10_000), 12);
    for (const name of ["ipt_cv", "ipt_trend", "spend_cv", "spend_trend", "log_purchase_rate_per_year", "ipt_regularity", "weekday_concentration"]) expect(one(name)).toBe(0);
    expect(one("log_spend_mean")).toBeCloseTo(Math.log1p(3), 12);
    expect(one("log_total_spend")).toBeCloseTo(Math.log1p(3), 12);
    expect(one("recency_weighted_activity")).toBeCloseTo(Math.log1p(2 ** (-9999 / 90)), 15);
    expect(one("log_overdue_ratio")).toBeCloseTo(Math.log(10_000 / 10_001), 12);
    // Daily buyer: every gap is 1 day (cv 0, trend 0, all gaps at the median); spend 1..7 repeated, 10,000 = 1,428·7 + 4.
    expect(many("log_repeat_purchases")).toBeCloseTo(Math.log1p(9999), 12);
    expect(many("log_recency_days")).toBeCloseTo(Math.log1p(9999), 12);
    expect(many("log_days_since_last")).toBe(0);
    expect(many("log_ipt_mean_days")).toBeCloseTo(Math.log1p(1), 12);
    expect(many("ipt_cv")).toBe(0);
    expect(many("ipt_trend")).toBe(0);
    expect(many("ipt_regularity")).toBe(1);
    const total = 1428 * 28 + (1 + 2 + 3 + 4); // 39,994
    const mean = total / 10_000;
    const sumSquares = 1428 * 140 + (1 + 4 + 9 + 16);
    expect(many("log_spend_mean")).toBeCloseTo(Math.log1p(mean), 12);
    expect(many("spend_cv")).toBeCloseTo(Math.sqrt((sumSquares - 10_000 * mean * mean) / 9999) / mean, 10);
    // Halves of 5,000 days: the first sums 714·28 + 1 + 2 = 19,995, the second 39,994 − 19,995 = 19,999.
    expect(many("spend_trend")).toBeCloseTo((19_999 / 5000 - 19_995 / 5000) / mean, 10);
    expect(many("log_total_spend")).toBeCloseTo(Math.log1p(total), 12);
    // Activity Σ_{k=0}^{9999} 2^(−k/90), a geometric series.
    expect(many("recency_weighted_activity")).toBeCloseTo(Math.log1p((1 - 2 ** (-10_000 / 90)) / (1 - 2 ** (-1 / 90))), 10);
    expect(many("log_purchase_rate_per_year")).toBeCloseTo(Math.log1p((9999 / 10_000) * 365), 12);
    // 10,000 consecutive days: four weekdays 1,429 times, three 1,428 times; 1 − H / ln 7, shrunk by (m − 1) / (m + 2).
    const entropy = -(4 * (1429 / 10_000) * Math.log(1429 / 10_000) + 3 * (1428 / 10_000) * Math.log(1428 / 10_000));
    expect(many("weekday_concentration")).toBeCloseTo((1 - entropy / Math.log(7)) * (9999 / 10_002), 12);
    expect(many("log_overdue_ratio")).toBeCloseTo(Math.log(1 / 2), 12);
    // z-scores of two customers: each feature that differs sits at ±1/√2 standard deviations (sample sd of two values).
    expect(e.data[f("log_repeat_purchases")]).toBeCloseTo(-Math.SQRT1_2, 12);
    expect(e.data[e.cols + f("log_repeat_purchases")]).toBeCloseTo(Math.SQRT1_2, 12);
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
