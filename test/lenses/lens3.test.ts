import { describe, expect, it } from "vitest";
import { lens3 } from "../../src/lenses/lens3.js";
import { assignCohorts } from "../../src/summaries/cohorts.js";
import { periodPanel } from "../../src/summaries/periodPanel.js";
import { fixtureLog } from "./fixture.js";

const panel = periodPanel(fixtureLog(), { period: "month", observationEnd: "2024-06-30" });
const close = (xs: Array<number | null>) => xs.map((x) => (x === null ? null : expect.closeTo(x, 12)));

describe("lens3", () => {
  it("follows the January cohort period by period since acquisition, keeping the empty April as zeros (Fader, Hardie & Ross 2022, Lens 3)", () => {
    const l = lens3(panel, { cohort: "2024-01" });
    expect(l.cohort).toMatchObject({ label: "2024-01", size: 3, start: "2024-01-01", end: "2024-01-31" });
    expect(l.age).toEqual([0, 1, 2, 3, 4, 5]);
    expect(l.membersObserved).toEqual([3, 3, 3, 3, 3, 3]);
    expect(l.activeCustomers).toEqual([3, 1, 1, 0, 1, 0]);
    expect(l.retention).toEqual(close([1, 1 / 3, 1 / 3, 0, 1 / 3, 0]));
    // Second purchases: A at age 0 (01-20), E at age 1 (02-01), B at age 4 (05-02, after the gap).
    expect(l.cumulativeRepeatShare).toEqual(close([1 / 3, 2 / 3, 2 / 3, 2 / 3, 1, 1]));
    expect(l.orders).toEqual([4, 1, 1, 0, 1, 0]);
    expect(l.revenue).toEqual([80, 8, 30, 0, 40, 0]);
    expect(l.ordersPerActive).toEqual(close([4 / 3, 1, 1, null, 1, null]));
    expect(l.revenuePerActive).toEqual(close([80 / 3, 8, 30, null, 40, null]));
    expect(l.revenuePerMember).toEqual(close([80 / 3, 8 / 3, 10, 0, 40 / 3, 0]));
    expect(l.cumulativeRevenuePerMember).toEqual(close([80 / 3, 88 / 3, 118 / 3, 118 / 3, 158 / 3, 158 / 3]));
  });

  it("measures time to second purchase in days (A 15, B 108, E 1)", () => {
    const t = lens3(panel, { cohort: "2024-01" }).timeToSecondPurchase;
    expect(t).toMatchObject({ unit: "days", repeaters: 3, notYetRepeated: 0, median: 15 });
    expect(t.mean).toBeCloseTo(124 / 3, 12);
    expect(t.histogram.map((h) => h.customers)).toEqual([0, 1, 1, 0, 1, 0, 0]);
  });

  it("gives a younger cohort only the ages it has lived (June cohort: age 0 only)", () => {
    const l = lens3(panel, { cohort: "2024-06" });
    expect(l.age).toEqual([0]);
    expect(l.retention).toEqual([1]);
    expect(l.timeToSecondPurchase).toMatchObject({ repeaters: 0, notYetRepeated: 1, median: null });
    const feb = lens3(panel, { cohort: "2024-02" });
    expect(feb.age).toEqual([0, 1, 2, 3, 4]);
    expect(feb.revenue).toEqual([15, 25, 0, 0, 0]);
  });

  it("ages members of coarser cohorts from their own acquisition month", () => {
    const q = assignCohorts(panel, { by: "quarter" });
    const l = lens3(panel, { cohorts: q, cohort: "2024-Q1" });
    // C joined in February: observed to age 4 only, so age 5 counts the three January members.
    expect(l.membersObserved).toEqual([4, 4, 4, 4, 4, 3]);
    expect(l.activeCustomers).toEqual([4, 2, 1, 0, 1, 0]);
    expect(l.revenue).toEqual([95, 33, 30, 0, 40, 0]);
    expect(() => lens3(panel, { cohort: "1999-01" })).toThrow(/unknown cohort "1999-01"/);
  });
});
