import { describe, expect, it } from "vitest";
import { transactionLogFromRecords } from "../../src/data/transactionLogFromRecords.js";
import { lens1 } from "../../src/lenses/lens1.js";
import { lens2 } from "../../src/lenses/lens2.js";
import { lens3 } from "../../src/lenses/lens3.js";
import { lens5 } from "../../src/lenses/lens5.js";
import { assignCohorts } from "../../src/summaries/cohorts.js";
import { periodPanel } from "../../src/summaries/periodPanel.js";
import { fixtureLog } from "./fixture.js";

// The hand-computed fixture: monthly periods January-June 2024 (see fixture.ts).
const panel = periodPanel(fixtureLog(), { period: "month" });

describe("lens options: every bad window or parameter is named, with the fix", () => {
  it("lens 1: a window that starts after it ends, and a top percent outside (0, 100]", () => {
    expect(() => lens1(panel, { from: "2024-05", to: "2024-02" })).toThrow("window starts at 2024-05 after it ends at 2024-02: swap from and to");
    expect(() => lens1(panel, { topPercents: [0] })).toThrow("invalid top percent 0: use a number in (0, 100]");
    expect(() => lens1(panel, { topPercents: [150] })).toThrow("invalid top percent 150: use a number in (0, 100]");
  });

  it("lens 1: the top 100 % of customers hold all revenue, and the top share is exact on the fixture", () => {
    // Window January-June: revenue per customer A 60, B 90, C 40 (15 + 5 − 5 + 25), D 100, E 8; total 298.
    const r = lens1(panel, { from: "2024-01", to: "2024-06", topPercents: [20, 100] });
    const shares = r.concentration.map((c) => c.share);
    expect(shares[1]).toBeCloseTo(1, 12);
    expect(shares[0]).toBeCloseTo(100 / 298, 12); // top 20 % of 5 customers = D
  });

  it("lens 2: windows that overlap, start after they end, or a panel of a single period", () => {
    expect(() => lens2(panel, { firstFrom: "2024-01", firstTo: "2024-03", secondFrom: "2024-03", secondTo: "2024-06" })).toThrow(
      "lens 2 windows overlap (2024-03 >= 2024-03): the first window must end before the second starts",
    );
    expect(() => lens2(panel, { firstFrom: "2024-03", firstTo: "2024-02", secondFrom: "2024-04", secondTo: "2024-06" })).toThrow(
      "lens 2 window starts after it ends: check firstFrom/firstTo/secondFrom/secondTo",
    );
    const one = periodPanel(transactionLogFromRecords([{ customerId: "a", date: "2024-01-05", amount: 1 }]), { period: "month" });
    expect(() => lens2(one)).toThrow("lens 2 needs two periods: the panel has only 1 (month); use a shorter --period");
  });

  it("lens 3: an unknown cohort lists the cohorts; a panel without customers has no cohort to describe", () => {
    expect(() => lens3(panel, { cohort: "2023-12" })).toThrow('unknown cohort "2023-12": cohorts are 2024-01, 2024-02, 2024-03, 2024-04, 2024-05, 2024-06');
    const cohorts = assignCohorts(panel, { by: "month" });
    const empty = { ...cohorts, size: cohorts.size.map(() => 0) };
    expect(() => lens3(panel, { cohorts: empty })).toThrow("no cohort has members: the panel has no customers");
  });

  it("lens 5: a negative or non-numeric health weight", () => {
    expect(() => lens5(panel, { weights: { retention: -0.1 } })).toThrow("invalid health weight retention=-0.1: use a number >= 0");
    expect(() => lens5(panel, { weights: { concentration: NaN } })).toThrow("invalid health weight concentration=NaN: use a number >= 0");
  });
});
