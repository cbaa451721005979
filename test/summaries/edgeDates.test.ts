import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { transactionLogFromRecords } from "../../src/data/transactionLogFromRecords.js";
import { periodPanel } from "../../src/summaries/periodPanel.js";
import { rfm } from "../../src/summaries/rfm.js";
import { summarizeCustomers } from "../../src/summaries/summarizeCustomers.js";
import { dayNumber } from "../../src/time/dayNumber.js";

const repro = fileURLToPath(new URL("../../../shared/data/repro/", import.meta.url));

describe("purchases before 1970 (negative day numbers) are ordinary dates", () => {
  it("keeps all 4 customers of pre1970.csv, with recency and T counted from the pre-1970 first purchase", async () => {
    const log = await loadTransactions(repro + "pre1970.csv");
    expect([...log.day.slice(0, 3)]).toEqual([dayNumber("1969-12-31"), 4, dayNumber("1969-06-01")]);
    const s = summarizeCustomers(log, { timeUnit: "days" });
    expect(s.customerId).toEqual(["A", "B", "C", "D"]);
    expect(s.report.customersExcluded).toBe(0);
    // A bought on 1969-12-31 (day -1) and 1970-01-05 (day 4): frequency 1, recency 5 days, T to 2024-01-01.
    const end = dayNumber("2024-01-01");
    expect(s.frequency[0]).toBe(1);
    expect(s.recency[0]).toBe(5);
    expect(s.T[0]).toBe(end + 1);
    expect(s.monetaryValue[0]).toBe(6);
    expect(s.firstPurchase[1]).toBe(dayNumber("1969-06-01"));
    expect(s.T[1]).toBe(end - dayNumber("1969-06-01"));
  });

  it("summarizes a customer whose only purchases are before 1970, in the calibration and holdout windows", () => {
    const log = transactionLogFromRecords([
      { customerId: "x", date: "1965-03-01", amount: 2 },
      { customerId: "x", date: "1965-03-01", amount: 3 },
      { customerId: "x", date: "1966-01-01", amount: 4 },
      { customerId: "x", date: "1968-01-01", amount: 8 },
    ]);
    const s = summarizeCustomers(log, { timeUnit: "days", calibrationEnd: "1966-12-31", observationEnd: "1969-12-31" });
    expect(s.customerId).toEqual(["x"]);
    expect(s.frequency[0]).toBe(1); // 1965-03-01 (two rows, one day) and 1966-01-01
    expect(s.monetaryValue[0]).toBe(4);
    expect(s.frequencyHoldout![0]).toBe(1);
    expect(s.monetaryValueHoldout![0]).toBe(8);
    const r = rfm(log, { asOf: "1969-12-31" });
    expect(r.frequency[0]).toBe(3);
    const panel = periodPanel(log, { period: "year" });
    expect(panel.firstPurchaseDay[0]).toBe(dayNumber("1965-03-01"));
  });
});

describe("spend overflow is an error naming the customer", () => {
  const log = transactionLogFromRecords([
    { customerId: "ok", date: "2024-01-01", amount: 1 },
    { customerId: "big", date: "2024-01-01", amount: 1e308 },
    { customerId: "big", date: "2024-01-02", amount: 1e308 },
    { customerId: "big", date: "2024-01-03", amount: 1e308 },
  ]);
  it("summarizeCustomers throws instead of monetary_value Infinity", () => {
    expect(() => summarizeCustomers(log, { timeUnit: "days" })).toThrow(/spend of customer "big" overflows.*rescale the amounts/);
  });
  it("periodPanel throws instead of summing cents to Infinity", () => {
    expect(() => periodPanel(log, { period: "month" })).toThrow(/spend of customer "big" overflows/);
  });
  it("periodPanel throws when only the total over all customers overflows", () => {
    const many = transactionLogFromRecords([
      { customerId: "a", date: "2024-01-01", amount: 1e306 },
      { customerId: "b", date: "2024-01-01", amount: 1e306 },
    ]);
    expect(() => periodPanel(many, { period: "month" })).toThrow(/total spend of all customers overflows/);
  });

  it("a large but finite spend is summarized", () => {
    const ok = transactionLogFromRecords([
      { customerId: "a", date: "2024-01-01", amount: 1e300 },
      { customerId: "a", date: "2024-01-02", amount: 1e300 },
    ]);
    expect(summarizeCustomers(ok, { timeUnit: "days" }).monetaryValue[0]).toBe(1e300);
  });
});
