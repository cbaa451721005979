import { describe, expect, it } from "vitest";
import { assignCohorts } from "../../src/summaries/cohorts.js";
import { periodPanel } from "../../src/summaries/periodPanel.js";
import { fixtureLog } from "../lenses/fixture.js";

const log = fixtureLog();
const panel = periodPanel(log, { period: "month" });
const byId = (c: ReturnType<typeof assignCohorts>) =>
  Object.fromEntries(panel.customerIds.map((id, i) => [id, c.cohort[i]! < 0 ? null : c.labels[c.cohort[i]!]]));

describe("assignCohorts", () => {
  it("assigns acquisition cohorts by first purchase month, quarter and year (Fader, Hardie & Ross 2022, Lenses 3-5: acquisition cohorts)", () => {
    const m = assignCohorts(panel, { by: "month" });
    expect(m.labels).toEqual(["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]);
    expect(m.size).toEqual([3, 1, 0, 0, 0, 1]);
    expect(byId(m)).toEqual({ A: "2024-01", B: "2024-01", E: "2024-01", C: "2024-02", D: "2024-06" });
    expect(m.start![5]).toBe("2024-06-01");
    expect(m.end![1]).toBe("2024-02-29");
    const q = assignCohorts(panel, { by: "quarter" });
    expect(q.labels).toEqual(["2024-Q1", "2024-Q2"]);
    expect(q.size).toEqual([4, 1]);
    expect(assignCohorts(panel, { by: "year" }).size).toEqual([5]);
  });

  it("assigns custom cohorts from named date windows, keeps metadata and counts customers outside every window", () => {
    const c = assignCohorts(panel, {
      windows: [
        { name: "launch", start: "2024-01-01", end: "2024-01-20", metadata: { campaign: "tv" } },
        { name: "spring", start: "2024-02-01", end: "2024-05-31" },
      ],
    });
    expect(byId(c)).toEqual({ A: "launch", B: "launch", E: null, C: "spring", D: null });
    expect(c.size).toEqual([2, 1]);
    expect(c.unassigned).toBe(2);
    expect(c.metadata).toEqual([{ campaign: "tv" }, {}]);
  });

  it("assigns attribute cohorts from the attribute value on the first purchase", () => {
    const c = assignCohorts(panel, { attribute: "city" }, log);
    expect(c.labels).toEqual(["Austin", "Dallas", "Houston", "San Antonio"]);
    // A's later orders are in Dallas, E's second in Austin: the first purchase decides.
    expect(byId(c)).toEqual({ A: "Austin", B: "Dallas", E: "Houston", C: "Houston", D: "San Antonio" });
    expect(c.size).toEqual([1, 1, 2, 1]);
  });

  it("rejects overlapping windows, unknown attributes and a missing log with clear messages", () => {
    expect(() =>
      assignCohorts(panel, { windows: [{ name: "a", start: "2024-01-01", end: "2024-02-01" }, { name: "b", start: "2024-02-01", end: "2024-03-01" }] }),
    ).toThrow(/"a" and "b" overlap/);
    expect(() => assignCohorts(panel, { windows: [{ name: "a", start: "2024-03-01", end: "2024-02-01" }] })).toThrow(/starts 2024-03-01 after it ends/);
    expect(() => assignCohorts(panel, { attribute: "channel" }, log)).toThrow(/unknown attribute "channel": the log has city/);
    expect(() => assignCohorts(panel, { attribute: "city" })).toThrow(/need the transaction log/);
    expect(() => assignCohorts(panel, { by: "decade" as never })).toThrow(/invalid cohort period "decade"/);
  });
});
