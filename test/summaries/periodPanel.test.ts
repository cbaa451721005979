import { describe, expect, it } from "vitest";
import { transactionLogFromRecords } from "../../src/data/transactionLogFromRecords.js";
import { periodPanel } from "../../src/summaries/periodPanel.js";
import { dayNumber } from "../../src/time/dayNumber.js";
import { fixtureLog } from "../lenses/fixture.js";

/** Rows of the panel as readable tuples [customer id, period label, orders, spend]. */
function rows(p: ReturnType<typeof periodPanel>) {
  return Array.from(p.customer, (c, r) => [p.customerIds[c], p.periodLabels[p.periodIndex[r]!], p.orders[r], p.spend[r]]);
}

describe("periodPanel", () => {
  it("counts distinct orders (order ids, else purchase days), nets returns and keeps zero-value orders (hand-computed fixture; panel input of Fader, Hardie & Ross 2022)", () => {
    const p = periodPanel(fixtureLog(), { period: "month", observationEnd: "2024-06-30" });
    expect(p.periodLabels).toEqual(["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]);
    expect(Array.from(p.periodComplete)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(rows(p)).toEqual([
      ["A", "2024-01", 2, 30],
      ["A", "2024-03", 1, 30],
      ["B", "2024-01", 1, 50],
      ["B", "2024-05", 1, 40],
      ["E", "2024-01", 1, 0],
      ["E", "2024-02", 1, 8],
      ["C", "2024-02", 1, 15],
      ["C", "2024-03", 1, 25],
      ["D", "2024-06", 1, 100],
    ]);
    expect(p.totalSpendCents).toBe(29800);
    expect(Array.from(p.customerOffset)).toEqual([0, 2, 4, 6, 8, 9]);
    expect(Array.from(p.firstPurchaseDay)).toEqual(["2024-01-05", "2024-01-15", "2024-01-31", "2024-02-03", "2024-06-10"].map(dayNumber));
    expect(Array.from(p.secondPurchaseDay)).toEqual([...["2024-01-20", "2024-05-02", "2024-02-01", "2024-03-01"].map(dayNumber), -2147483648]);
    expect(Array.from(p.acquisitionPeriod)).toEqual([0, 0, 0, 1, 5]);
    expect(p.rows).toEqual({ used: 13, beforeObservationStart: 0, afterObservationEnd: 0 });
    expect(p.lastPurchaseDay[1]).toBe(dayNumber("2024-03-10"));
    expect(p.margin).toBeUndefined();
  });

  it("excludes rows after the observation end and counts them; a partial last period is flagged incomplete", () => {
    const p = periodPanel(fixtureLog(), { period: "month", observationEnd: "2024-05-20" });
    expect(p.rows).toEqual({ used: 12, beforeObservationStart: 0, afterObservationEnd: 1 });
    expect(p.periodLabels.at(-1)).toBe("2024-05");
    expect(Array.from(p.periodComplete)).toEqual([1, 1, 1, 1, 0]);
    expect(p.totalSpendCents).toBe(19800);
    expect(p.acquisitionPeriod[4]).toBe(-1); // D bought after the end: no row, no acquisition
    expect(p.customersObserved).toBe(4);
  });

  it("buckets into ISO weeks, quarters and years with stable labels", () => {
    const log = fixtureLog();
    const q = periodPanel(log, { period: "quarter" });
    expect(q.periodLabels).toEqual(["2024-Q1", "2024-Q2"]);
    expect(rows(q).filter((r) => r[0] === "A")).toEqual([["A", "2024-Q1", 3, 60]]);
    const y = periodPanel(log, { period: "year" });
    expect(rows(y).map((r) => r[2])).toEqual([3, 2, 2, 2, 1]);
    const w = periodPanel(log, { period: "week" });
    expect(w.periodLabels[0]).toBe("2024-01-01"); // Monday of the week holding 2024-01-05
    expect(w.periodStart[0]).toBe(dayNumber("2024-01-01"));
    expect(w.periodEnd[0]).toBe(dayNumber("2024-01-07"));
  });

  it("computes margin = amount - cost in cents when costs are known, and reconciles sums exactly to the cent", () => {
    const log = transactionLogFromRecords([
      { customerId: 1, date: "2024-01-01", amount: 0.1, cost: 0.07 },
      { customerId: 1, date: "2024-01-02", amount: 0.2, cost: 0.05 },
      { customerId: 1, date: "2024-01-03", amount: -0.1, cost: -0.07 },
      { customerId: 2, date: "2024-02-01", amount: 19.99, cost: 12.5 },
    ]);
    const p = periodPanel(log);
    expect(Array.from(p.spendCents)).toEqual([20, 1999]);
    expect(Array.from(p.marginCents!)).toEqual([15, 749]);
    expect(p.totalMarginCents).toBe(764);
    expect(Array.from(p.orders)).toEqual([2, 1]);
  });

  it("counts a customer whose only row is a return, acquired at that row, and flags them", () => {
    const log = transactionLogFromRecords([
      { customerId: "x", date: "2024-01-01", amount: 10 },
      { customerId: "y", date: "2024-01-09", amount: -4 },
    ]);
    const p = periodPanel(log);
    expect(p.customersWithoutPurchase).toBe(1);
    expect(Array.from(p.orders)).toEqual([1, 0]);
    expect(p.firstPurchaseRow[1]).toBe(-1);
    expect(p.totalSpendCents).toBe(600);
  });

  it("rejects bad options with messages naming the value", () => {
    const log = fixtureLog();
    expect(() => periodPanel(log, { period: "fortnight" as never })).toThrow(/invalid period "fortnight"/);
    expect(() => periodPanel(log, { observationEnd: "2024-13-01" })).toThrow(/invalid observationEnd "2024-13-01"/);
    expect(() => periodPanel(log, { observationEnd: "2023-01-01" })).toThrow(/no transactions in the observation window/);
    expect(() => periodPanel(log, { observationStart: "2024-05-01", observationEnd: "2024-01-01" })).toThrow(/after observationEnd/);
  });
});
