import { describe, expect, it } from "vitest";
import { lens1 } from "../../src/lenses/lens1.js";
import { periodPanel } from "../../src/summaries/periodPanel.js";
import { transactionLogFromRecords } from "../../src/data/transactionLogFromRecords.js";
import { fixtureLog } from "./fixture.js";

const panel = periodPanel(fixtureLog(), { period: "month", observationEnd: "2024-06-30" });

describe("lens1", () => {
  it("matches hand-computed Lens 1 figures of Fader, Hardie & Ross (2022, Lens 1): customers, one-time buyers, AOV, customer value", () => {
    const l = lens1(panel);
    expect(l.window).toMatchObject({ from: "2024-01", to: "2024-06", periods: 6, startDate: "2024-01-01", endDate: "2024-06-30" });
    // Customer values: A 60 (3 orders), B 90 (2), C 40 (2), D 100 (1), E 8 (2).
    expect(l.customers).toBe(5);
    expect(l.oneTimeBuyers).toBe(1);
    expect(l.oneTimeBuyerShare).toBeCloseTo(0.2, 12);
    expect(l.orders).toBe(10);
    expect(l.revenue).toBe(298);
    expect(l.ordersPerCustomer).toBe(2);
    expect(l.averageOrderValue).toBeCloseTo(29.8, 12);
    expect(l.meanCustomerValue).toBeCloseTo(59.6, 12);
    expect(l.medianCustomerValue).toBe(60);
    expect(l.revenueWithoutOrders).toBe(0);
  });

  it("measures concentration: top 1/10/20/50% shares take ceil(x% × n) customers, Gini from the Lorenz curve (mean-difference check)", () => {
    const l = lens1(panel);
    expect(l.concentration.map((c) => [c.topPercent, c.customers, c.revenue])).toEqual([
      [1, 1, 100],
      [10, 1, 100],
      [20, 1, 100],
      [50, 3, 250],
    ]);
    expect(l.concentration[3]!.share).toBeCloseTo(250 / 298, 12);
    // Gini = sum_i<j |xi - xj| / (n^2 mean) = 468 / (25 * 59.6).
    expect(l.gini).toBeCloseTo(468 / (25 * 59.6), 12);
    expect(l.lorenz.customerShare).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(l.lorenz.revenueShare.map((x) => x * 298)).toEqual([0, 8, 48, 108, 198, 298].map((x) => expect.closeTo(x, 9)));
  });

  it("builds deciles by rank (decile d holds ranks floor((d-1)n/10)..floor(dn/10)-1) and the purchase-count distribution", () => {
    const l = lens1(panel);
    expect(l.deciles.map((d) => d.customers)).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    expect(l.deciles.map((d) => d.revenue)).toEqual([0, 100, 0, 90, 0, 60, 0, 40, 0, 8]);
    expect(l.deciles[1]!.orders).toBe(1);
    expect(l.deciles[5]!.averageOrderValue).toBe(20);
    expect(l.deciles[9]!.cumulativeRevenueShare).toBeCloseTo(1, 12);
    expect(l.deciles[0]!.averageOrderValue).toBeNull();
    expect(l.purchaseCounts.slice(0, 3)).toEqual([
      { orders: "1", customers: 1, share: 0.2, revenue: 100 },
      { orders: "2", customers: 3, share: 0.6, revenue: 138 },
      { orders: "3", customers: 1, share: 0.2, revenue: 60 },
    ]);
    expect(l.purchaseCounts[9]!.orders).toBe("10+");
  });

  it("computes RFM recency in days before the window end and value-based quintile scores", () => {
    const l = lens1(panel);
    // Last purchases: A 03-10 (112 days before 06-30), B 05-02 (59), C 03-01 (121), D 06-10 (20), E 02-01 (150).
    expect(l.rfm.recencyDays).toMatchObject({ min: 20, median: 112, max: 150 });
    expect(l.rfm.frequency.median).toBe(2);
    expect(l.rfm.grid.flat().reduce((s, x) => s + x, 0)).toBe(5);
    expect(l.rfm.revenueGrid.flat().reduce((s, x) => s + x, 0)).toBe(298);
    // D: most recent (R 5) and fewest orders (F 1).
    expect(l.rfm.grid[4]![0]).toBe(1);
    expect(l.rfm.monetaryScoreCounts).toEqual([1, 1, 1, 1, 1]);
  });

  it("restricts to a window and keeps revenue of customers with returns only", () => {
    const log = transactionLogFromRecords([
      { customerId: "a", date: "2024-01-10", amount: 30 },
      { customerId: "b", date: "2024-01-11", amount: 20 },
      { customerId: "b", date: "2024-02-03", amount: -20 },
      { customerId: "a", date: "2024-02-10", amount: 12.34 },
    ]);
    const l = lens1(periodPanel(log), { from: "2024-02", to: "2024-02" });
    expect(l.customers).toBe(1);
    expect(l.revenue).toBe(-7.66);
    expect(l.revenueWithoutOrders).toBe(-20);
    expect(l.averageOrderValue).toBe(12.34);
    expect(() => lens1(periodPanel(log), { from: "2023-12" })).toThrow(/unknown window start period "2023-12"/);
  });
});
