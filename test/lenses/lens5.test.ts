import { describe, expect, it } from "vitest";
import { lens1 } from "../../src/lenses/lens1.js";
import { lens5, HEALTH_WEIGHTS } from "../../src/lenses/lens5.js";
import { assignCohorts } from "../../src/summaries/cohorts.js";
import { periodPanel } from "../../src/summaries/periodPanel.js";
import { fixtureLog } from "./fixture.js";

const panel = periodPanel(fixtureLog(), { period: "month", observationEnd: "2024-06-30" });

describe("lens5", () => {
  it("stacks revenue by acquisition cohort over calendar time (the C3 chart of Fader, Hardie & Ross 2022, Lens 5) and the layers sum to total revenue", () => {
    const l = lens5(panel);
    expect(l.cohorts).toEqual(["2024-Q1", "2024-Q2"]);
    expect(l.revenue).toEqual([
      [80, 23, 55, 0, 40, 0],
      [0, 0, 0, 0, 0, 100],
    ]);
    expect(l.totalRevenue).toEqual([80, 23, 55, 0, 40, 100]);
    expect(l.activeCustomers[0]).toEqual([3, 2, 2, 0, 1, 0]);
    expect(l.reconciliation).toEqual({ totalRevenueCents: 29800, layerSumCents: 29800, exact: true });
  });

  it("splits revenue into new (acquired that period) and existing customers and measures period-to-period retention", () => {
    const l = lens5(panel);
    expect(l.newVsExisting.map((r) => [r.newRevenue, r.existingRevenue])).toEqual([
      [80, 0],
      [15, 8],
      [0, 55],
      [0, 0],
      [0, 40],
      [100, 0],
    ]);
    expect(l.retentionTrend.map((r) => [r.previousActive, r.retained])).toEqual([
      [3, 1],
      [2, 1],
      [2, 0],
      [0, 0],
      [1, 0],
    ]);
    expect(l.retentionTrend[3]!.retention).toBeNull();
    expect(l.recentCohortDependence.share[5]).toBe(1);
  });

  it("shows every health factor with its value, rule and weight, and the score is their weighted mean", () => {
    const h = lens5(panel).health;
    expect([h.lastWindow.from, h.lastWindow.to, h.previousWindow?.from]).toEqual(["2024-04", "2024-06", "2024-01"]);
    const f = Object.fromEntries(h.factors.map((x) => [x.name, x]));
    expect(f.retention!.value).toBe(0);
    expect(f.retentionTrend!.value).toBeCloseTo(-5 / 12, 12);
    expect(f.retentionTrend!.score).toBe(0);
    expect(f.newCohortDependence!.value).toBeCloseTo(100 / 140, 12);
    expect(f.concentration!.value).toBeCloseTo(100 / 140, 12);
    expect(f.activeCustomerGrowth!.value).toBe(-0.5);
    expect(f.revenuePerCustomerGrowth!.value).toBeCloseTo(70 / 39.5 - 1, 12);
    expect(f.revenuePerCustomerGrowth!.score).toBe(1);
    const expected = 0.2 * (40 / 140) + 0.15 * ((0.9 - 100 / 140) / 0.8) + 0.1 * 1;
    expect(h.score).toBeCloseTo(expected, 12);
    expect(h.factors.reduce((s, x) => s + x.weight, 0)).toBeCloseTo(1, 12);
    expect(Object.keys(HEALTH_WEIGHTS)).toEqual(h.factors.map((x) => x.name));
  });

  it("keeps customers outside custom windows as their own layer so layers still sum to the total", () => {
    const c = assignCohorts(panel, { windows: [{ name: "launch", start: "2024-01-01", end: "2024-01-31" }] });
    const l = lens5(panel, { cohorts: c });
    expect(l.cohorts).toEqual(["launch", "(no cohort)"]);
    expect(l.revenue[1]).toEqual([0, 15, 25, 0, 0, 100]); // C and D; E joined on 01-31
    expect(l.reconciliation.exact).toBe(true);
  });
});

describe("lens5 concentration factor", () => {
  it("equals lens 1's top-10% share over the same window", () => {
    const h = lens5(panel).health;
    const l1 = lens1(panel, { from: h.lastWindow.from, to: h.lastWindow.to });
    expect(h.factors.find((f) => f.name === "concentration")!.value).toBe(l1.concentration.find((c) => c.topPercent === 10)!.share);
  });
});
