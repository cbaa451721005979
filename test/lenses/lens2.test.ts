import { describe, expect, it } from "vitest";
import { lens2 } from "../../src/lenses/lens2.js";
import { periodPanel } from "../../src/summaries/periodPanel.js";
import { transactionLogFromRecords } from "../../src/data/transactionLogFromRecords.js";
import { fixtureLog } from "./fixture.js";

const panel = periodPanel(fixtureLog(), { period: "month", observationEnd: "2024-06-30" });

describe("lens2", () => {
  it("classifies retained, lost, new and reactivated customers as in Fader, Hardie & Ross (2022, Lens 2), with B reactivated after a gap", () => {
    const l = lens2(panel, { firstFrom: "2024-03", firstTo: "2024-04", secondFrom: "2024-05", secondTo: "2024-06" });
    // First window: A (March), C (March). Second: B (May; first bought in January), D (June; first purchase).
    expect(l.counts).toEqual({ firstPeriodCustomers: 2, secondPeriodCustomers: 2, retained: 0, lost: 2, new: 1, reactivated: 1 });
    expect(l.retentionRate).toBe(0);
    expect(l.churnRate).toBe(1);
    // Lapsed by the end of April: B and E (acquired in January, no order in March-April); B came back in May.
    expect(l.reactivationRate).toBe(0.5);
    expect(l.rates.reactivation).toMatchObject({ rate: 0.5, numerator: 1, denominator: 2 });
    expect(l.rates.retention).toMatchObject({ rate: 0, numerator: 0, denominator: 2 });
    expect(l.rates.newShare).toMatchObject({ rate: 0.5, numerator: 1, denominator: 2 });
    expect(l.firstSummary).toEqual({ customers: 2, orders: 2, revenue: 55, ordersPerCustomer: 1, averageOrderValue: 27.5, revenuePerCustomer: 27.5 });
    expect(l.secondSummary.revenue).toBe(140);
    expect(l.change).toMatchObject({ customers: 0, orders: 0, revenue: 85 });
    const g = Object.fromEntries(l.groups.map((r) => [r.group, r.revenueChange]));
    expect(g).toEqual({ retained: 0, lost: -55, new: 100, reactivated: 40, noOrders: 0 });
    expect(l.reconciliation).toMatchObject({ firstCustomers: true, secondCustomers: true, revenue: true, revenueChangeCents: 8500 });
  });

  it("defaults to comparing halves of the data when it holds less than two years, and reconciles counts", () => {
    const l = lens2(panel);
    expect([l.first.from, l.first.to, l.second.from, l.second.to]).toEqual(["2024-01", "2024-03", "2024-04", "2024-06"]);
    expect(l.counts).toEqual({ firstPeriodCustomers: 4, secondPeriodCustomers: 2, retained: 1, lost: 3, new: 1, reactivated: 0 });
    expect(l.retentionRate).toBe(0.25);
    expect(l.firstSummary.revenue).toBe(158);
    expect(l.groups.find((r) => r.group === "retained")).toMatchObject({ customers: 1, firstRevenue: 50, secondRevenue: 40, revenueChange: -10 });
  });

  it("puts customers with returns only into the noOrders group so revenue change reconciles to the cent", () => {
    const log = transactionLogFromRecords([
      { customerId: "a", date: "2024-01-10", amount: 10.01 },
      { customerId: "b", date: "2023-12-10", amount: 20 },
      { customerId: "b", date: "2024-02-03", amount: -20 },
      { customerId: "a", date: "2024-02-10", amount: 0.02 },
    ]);
    const l = lens2(periodPanel(log), { firstFrom: "2024-01", firstTo: "2024-01", secondFrom: "2024-02", secondTo: "2024-02" });
    expect(l.counts).toMatchObject({ retained: 1, lost: 0, new: 0, reactivated: 0 });
    expect(l.groups.find((r) => r.group === "noOrders")).toMatchObject({ customers: 1, secondRevenue: -20 });
    expect(l.change.revenue).toBe(-29.99);
    expect(l.reconciliation.revenue).toBe(true);
  });

  it("rejects overlapping or impossible windows", () => {
    expect(() => lens2(panel, { firstFrom: "2024-01", firstTo: "2024-03", secondFrom: "2024-03", secondTo: "2024-04" })).toThrow(/overlap/);
    const one = periodPanel(transactionLogFromRecords([{ customerId: 1, date: "2024-01-01", amount: 1 }]));
    expect(() => lens2(one)).toThrow(/lens 2 needs two periods/);
  });
});
