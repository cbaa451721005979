import { describe, expect, it } from "vitest";
import { lens4 } from "../../src/lenses/lens4.js";
import { periodPanel } from "../../src/summaries/periodPanel.js";
import { transactionLogFromRecords } from "../../src/data/transactionLogFromRecords.js";
import { fixtureLog } from "./fixture.js";

const panel = periodPanel(fixtureLog(), { period: "month", observationEnd: "2024-06-30" });

describe("lens4", () => {
  it("decomposes each cohort-period's revenue as size × share active × orders per active × AOV (Fader, Hardie & Ross 2022, Lens 4)", () => {
    const l = lens4(panel);
    const jan0 = l.cells.find((c) => c.cohort === "2024-01" && c.age === 0)!;
    expect(jan0).toMatchObject({ size: 3, activeCustomers: 3, orders: 4, revenue: 80, shareActive: 1, averageOrderValue: 20, decomposedRevenue: 80 });
    expect(jan0.ordersPerActive).toBeCloseTo(4 / 3, 12);
    const jan3 = l.cells.find((c) => c.cohort === "2024-01" && c.age === 3)!;
    expect(jan3).toMatchObject({ activeCustomers: 0, revenue: 0, decomposedRevenue: null, averageOrderValue: null });
    expect(l.reconciliation).toEqual({
      actualCents: 29800,
      decomposedCents: 29800,
      notDecomposedCents: { returnsWithoutOrders: 0, incompletePeriods: 0, beforeAcquisition: 0, unassigned: 0 },
      exact: true,
    });
  });

  it("compares cohorts only at ages they have all reached: June is ranked at age 0 only", () => {
    const l = lens4(panel);
    expect(l.cohorts.map((c) => [c.label, c.size, c.agesObserved])).toEqual([
      ["2024-01", 3, 6],
      ["2024-02", 1, 5],
      ["2024-03", 0, 0],
      ["2024-04", 0, 0],
      ["2024-05", 0, 0],
      ["2024-06", 1, 1],
    ]);
    const at = (k: number) => l.equalAge.find((e) => e.age === k)?.cohorts.map((c) => [c.cohort, c.rank]);
    expect(at(0)).toEqual([["2024-06", 1], ["2024-01", 2], ["2024-02", 3]]);
    expect(at(1)).toEqual([["2024-02", 1], ["2024-01", 2]]); // 40 vs 88/3 per member
    expect(at(4)).toEqual([["2024-01", 1], ["2024-02", 2]]); // 158/3 vs 40
    expect(at(5)).toBeUndefined(); // only January is that old
    expect(l.heatmap.retention[5]).toEqual([1, null, null, null, null, null]);
    expect(l.heatmap.cumulativeRevenuePerMember[1]).toEqual([15, 40, 40, 40, 40, null]);
  });

  it("gives the calendar view per cohort and period", () => {
    const l = lens4(panel);
    expect(l.calendar.periods).toHaveLength(6);
    expect(l.calendar.revenue[0]).toEqual([80, 8, 30, 0, 40, 0]);
    expect(l.calendar.activeCustomers[1]).toEqual([0, 1, 1, 0, 0, 0]);
    expect(l.calendar.cohorts).toHaveLength(6);
  });

  it("adds the margin rate when costs are known and accounts for revenue that cannot be decomposed", () => {
    const log = transactionLogFromRecords([
      { customerId: "a", date: "2024-01-10", amount: 30, cost: 20 },
      { customerId: "a", date: "2024-02-03", amount: -10, cost: -7 },
      { customerId: "b", date: "2024-01-11", amount: 10.5, cost: 5 },
      { customerId: "b", date: "2024-03-01", amount: 4, cost: 1 },
    ]);
    const l = lens4(periodPanel(log, { observationEnd: "2024-03-15" }));
    const c0 = l.cells.find((c) => c.age === 0)!;
    expect(c0).toMatchObject({ revenue: 40.5, margin: 15.5 });
    expect(c0.marginRate! * c0.decomposedRevenue!).toBeCloseTo(15.5, 12);
    expect(l.reconciliation.notDecomposedCents).toEqual({ returnsWithoutOrders: -1000, incompletePeriods: 400, beforeAcquisition: 0, unassigned: 0 });
    expect(l.reconciliation.decomposedCents).toBe(4050);
    expect(l.reconciliation.exact).toBe(true);
  });
  it("names the best and worst cohort by cumulative revenue per member at the oldest age half the cohorts reached (hand-computed: January 158/3, February 40 at age 4)", () => {
    const l = lens4(periodPanel(fixtureLog(), { period: "month", observationEnd: "2024-06-30" }));
    // January: A 10 + 20 + 30, B 50 + 40, E 0 + 8 = 158 over 3 members by age 4 (May); February: C 20 − 5 + 25 = 40.
    expect(l.comparison).toMatchObject({ age: 4, cohortsCompared: 2, best: { cohort: "2024-01" }, worst: { cohort: "2024-02", value: 40 } });
    expect(l.comparison!.best.value).toBeCloseTo(158 / 3, 10);
    expect(l.comparison!.measure).toMatch(/^cumulative revenue per member at age 4 \(months since acquisition\)/);
    // Two cohorts are too few for a trend test, and it says so.
    expect(l.comparison!.trend!.label).toBe("too few points");
  });
});
