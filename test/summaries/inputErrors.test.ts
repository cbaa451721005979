import { describe, expect, it } from "vitest";
import { transactionLogFromRecords } from "../../src/data/transactionLogFromRecords.js";
import { assignCohorts } from "../../src/summaries/cohorts.js";
import { periodPanel } from "../../src/summaries/periodPanel.js";
import { summarizeCustomers } from "../../src/summaries/summarizeCustomers.js";

// Three customers acquired on 2024-01-10, 2024-02-20 and 2024-04-02; the last has no city on its first row.
const log = transactionLogFromRecords([
  { customerId: "a", date: "2024-01-10", amount: 10, city: "Austin" },
  { customerId: "b", date: "2024-02-20", amount: 20, city: "Dallas" },
  { customerId: "a", date: "2024-03-05", amount: 5, city: "Dallas" },
  { customerId: "c", date: "2024-04-02", amount: 7 },
]);
const panel = periodPanel(log, { period: "month" });

describe("assignCohorts: cohort windows and attributes", () => {
  it("windows are inclusive at both ends and a first purchase between windows is counted unassigned", () => {
    const c = assignCohorts(panel, {
      windows: [
        { name: "winter", start: "2024-01-01", end: "2024-01-10" },
        { name: "spring", start: "2024-04-02", end: "2024-06-30", metadata: { campaign: "tv" } },
      ],
    });
    expect(c.labels).toEqual(["winter", "spring"]);
    expect([...c.cohort]).toEqual([0, -1, 1]); // a on the last day of winter, b in the gap, c on the first day of spring
    expect(c.size).toEqual([1, 1]);
    expect(c.unassigned).toBe(1);
    expect(c.metadata).toEqual([{}, { campaign: "tv" }]);
  });

  it("attribute cohorts use the first purchase's value, sorted labels, '(missing)' for an empty value", () => {
    const c = assignCohorts(panel, { attribute: "city" }, log);
    expect(c.labels).toEqual(["(missing)", "Austin", "Dallas"]);
    expect([...c.cohort]).toEqual([1, 2, 0]); // a's later purchase in Dallas does not move it
    expect(c.size).toEqual([1, 1, 1]);
  });

  it("acquisition cohorts by quarter carry calendar start and end dates and count customers per quarter", () => {
    const c = assignCohorts(panel, { by: "quarter" });
    expect(c.labels).toEqual(["2024-Q1", "2024-Q2"]);
    expect(c.start).toEqual(["2024-01-01", "2024-04-01"]);
    expect(c.end).toEqual(["2024-03-31", "2024-06-30"]);
    expect(c.size).toEqual([2, 1]);
  });

  it("rejects an empty window list, a repeated name, a bad date, a foreign log and an unknown spec, each with the fix", () => {
    expect(() => assignCohorts(panel, { windows: [] })).toThrow("no cohort windows given: pass at least one { name, start, end }");
    expect(() =>
      assignCohorts(panel, { windows: [{ name: "w", start: "2024-01-01", end: "2024-01-31" }, { name: "w", start: "2024-02-01", end: "2024-02-28" }] }),
    ).toThrow('duplicate cohort window name "w": names must be unique');
    expect(() => assignCohorts(panel, { windows: [{ name: "w", start: "2024-01-01", end: "2024-02-30" }] })).toThrow('cohort window "w": invalid date "2024-02-30", expected YYYY-MM-DD');
    const other = transactionLogFromRecords([{ customerId: "z", date: "2024-01-01", amount: 1, city: "Waco" }]);
    expect(() => assignCohorts(panel, { attribute: "city" }, other)).toThrow("the log does not match the panel (different customers): pass the log the panel was built from");
    const bare = transactionLogFromRecords([{ customerId: "a", date: "2024-01-01", amount: 1 }, { customerId: "b", date: "2024-01-02", amount: 1 }, { customerId: "c", date: "2024-01-03", amount: 1 }]);
    expect(() => assignCohorts(panel, { attribute: "city" }, bare)).toThrow('unknown attribute "city": the log has no attributes');
    expect(() => assignCohorts(panel, { segment: "x" } as never)).toThrow('invalid cohort spec {"segment":"x"}: use { by: "month" }, { windows: [...] } or { attribute: "city" }');
  });

  // assignCohorts accepts day and week cohorts: its error lists them too.
  it("the invalid-period error lists every period it accepts (day, week, month, quarter, year)", () => {
    expect(() => assignCohorts(panel, { by: "fortnight" as never })).toThrow(/use day, week, month, quarter or year/);
  });
});

describe("periodPanel and summarizeCustomers: bad dates and windows", () => {
  it("periodPanel names a bad observationStart / observationEnd and a reversed window", () => {
    expect(() => periodPanel(log, { observationEnd: "2024-13-01" })).toThrow('invalid observationEnd "2024-13-01": expected an ISO date YYYY-MM-DD');
    expect(() => periodPanel(log, { observationStart: "1/1/2024" })).toThrow('invalid observationStart "1/1/2024": expected an ISO date YYYY-MM-DD');
    expect(() => periodPanel(log, { observationStart: "2024-05-01", observationEnd: "2024-01-01" })).toThrow("observationStart 2024-05-01 is after observationEnd 2024-01-01: swap them");
  });

  it("periodPanel refuses a log whose customer codes point outside its customer ids", () => {
    const broken = { ...log, customer: Int32Array.from([0, 1, 0, 7]) };
    expect(() => periodPanel(broken, {})).toThrow("row 3: customer code 7 is outside customerIds (0..2): rebuild the log");
  });

  it("summarizeCustomers names a bad date and needs observationEnd for an empty log", () => {
    expect(() => summarizeCustomers(log, { timeUnit: "weeks", observationEnd: "2024-02-30" })).toThrow('invalid observationEnd "2024-02-30": use YYYY-MM-DD');
    expect(() => summarizeCustomers(log, { timeUnit: "weeks", calibrationEnd: "Jan 5" })).toThrow('invalid calibrationEnd "Jan 5": use YYYY-MM-DD');
    const none = transactionLogFromRecords([]);
    expect(() => summarizeCustomers(none, { timeUnit: "days" })).toThrow("empty log: give observationEnd to summarize a log without rows");
    const s = summarizeCustomers(none, { timeUnit: "days", observationEnd: "2024-01-01" });
    expect(s.customerId).toEqual([]);
    expect(s.frequency.length).toBe(0);
  });
});
