import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { transactionLogFromRecords } from "../../src/data/transactionLogFromRecords.js";
import { summarizeCustomers } from "../../src/summaries/summarizeCustomers.js";
import { dayNumber } from "../../src/time/dayNumber.js";

const shared = fileURLToPath(new URL("../../../shared/data/cdnow/", import.meta.url));
const repoData = fileURLToPath(new URL("../../data/", import.meta.url));

function readRef(file: string): number[][] {
  return readFileSync(shared + file, "utf8").trim().split(/\r?\n/).slice(1).map((l) => l.split(",").map(Number));
}

async function cdnowSample() {
  return loadTransactions(shared + "CDNOW_sample.txt", {
    delimiter: "whitespace",
    header: false,
    columnNames: ["master_id", "customer_id", "date", "quantity", "amount"],
  });
}

describe("summarizeCustomers on CDNOW", () => {
  it("reproduces the Fader, Hardie & Lee (2005) CDNOW calibration/holdout counts: 2,357 customers, 946 repeat buyers, 2,457 + 1,882 repeat purchases", async () => {
    const s = summarizeCustomers(await cdnowSample(), { timeUnit: "weeks", calibrationEnd: "1997-09-30", observationEnd: "1998-06-30" });
    expect(s.customerId.length).toBe(2357);
    let repeatBuyers = 0, repeats = 0, holdout = 0;
    for (let i = 0; i < s.customerId.length; i++) {
      repeats += s.frequency[i]!;
      if (s.frequency[i]! > 0) repeatBuyers++;
      holdout += s.frequencyHoldout![i]!;
    }
    expect(repeatBuyers).toBe(946);
    expect(repeats).toBe(2457);
    expect(holdout).toBe(1882);
    expect(s.durationHoldout).toBeCloseTo(39, 12);
    expect(s.timeUnit).toBe("weeks");
    expect(s.calibrationEnd).toBe("1997-09-30");
    expect(s.report.rowsAfterObservationEnd).toBe(0);
  });

  it("matches cdnow_customers_summary.csv (lifetimes / Fader-Hardie-Lee 2005 CBS) within 0.01 weeks", async () => {
    const s = summarizeCustomers(await cdnowSample(), { timeUnit: "weeks", calibrationEnd: "1997-09-30", observationEnd: "1998-06-30" });
    const index = new Map(s.customerId.map((id, i) => [Number(id), i]));
    const ref = readRef("cdnow_customers_summary.csv");
    expect(ref.length).toBe(2357);
    for (const [id, x, tx, T] of ref) {
      const i = index.get(id!)!;
      expect(i).toBeDefined();
      expect(s.frequency[i]).toBe(x);
      expect(Math.abs(s.recency[i]! - tx!)).toBeLessThan(0.01);
      expect(Math.abs(s.T[i]! - T!)).toBeLessThan(0.01);
    }
  });

  it("reproduces zbar of cdnow_customers_summary_with_transactions.csv (Fader & Hardie 2013 Gamma-Gamma input): spend summed per day, first purchase left out", async () => {
    const s = summarizeCustomers(await cdnowSample(), { timeUnit: "weeks", calibrationEnd: "1997-09-30", observationEnd: "1998-06-30" });
    const index = new Map(s.customerId.map((id, i) => [Number(id), i]));
    for (const [id, x, , , zbar] of readRef("cdnow_customers_summary_with_transactions.csv")) {
      const i = index.get(id!)!;
      expect(s.frequency[i]).toBe(x);
      expect(Math.abs(s.monetaryValue[i]! - zbar!)).toBeLessThanOrEqual(0.005 + 1e-9);
    }
  });

  it("gives the same summary from the shipped data/cdnow_transactions.csv as from CDNOW_sample.txt", async () => {
    const a = summarizeCustomers(await cdnowSample(), { timeUnit: "weeks", calibrationEnd: "1997-09-30", observationEnd: "1998-06-30" });
    const b = summarizeCustomers(await loadTransactions(repoData + "cdnow_transactions.csv"), { timeUnit: "weeks", calibrationEnd: "1997-09-30", observationEnd: "1998-06-30" });
    expect(b.customerId).toEqual(a.customerId.map((id) => String(Number(id))));
    expect(b.frequency).toEqual(a.frequency);
    expect(b.recency).toEqual(a.recency);
    expect(b.monetaryValue).toEqual(a.monetaryValue);
    expect(b.frequencyHoldout).toEqual(a.frequencyHoldout);
  });
});

describe("summarizeCustomers conventions (hand-computed fixture)", () => {
  // Customer a: purchases on day 0 (10 + 5, merged), day 7 (20), day 14 (return -8, not a purchase), day 21 (zero amount),
  // holdout day 30 (12) and day 31 (4); a row after the observation end (day 50). Customer b: first purchase in the holdout.
  const d = (k: number) => new Date(Date.UTC(2024, 0, 1 + k)).toISOString().slice(0, 10);
  const log = transactionLogFromRecords([
    { customerId: "a", date: d(0), amount: 10 },
    { customerId: "a", date: d(0), amount: 5 },
    { customerId: "a", date: d(7), amount: 20 },
    { customerId: "a", date: d(14), amount: -8 },
    { customerId: "a", date: d(21), amount: 0 },
    { customerId: "a", date: d(30), amount: 12 },
    { customerId: "a", date: d(31), amount: 4 },
    { customerId: "a", date: d(50), amount: 99 },
    { customerId: "b", date: d(29), amount: 7 },
  ]);

  it("merges same-day purchases, skips returns as purchases, counts zero amounts, and splits calibration/holdout (lifetimes calibration_and_holdout_data)", () => {
    const s = summarizeCustomers(log, { timeUnit: "days", calibrationEnd: d(27), observationEnd: d(40) });
    expect(s.customerId).toEqual(["a"]);
    expect(s.frequency[0]).toBe(2); // days 7 and 21
    expect(s.recency[0]).toBe(21);
    expect(s.T[0]).toBe(27);
    expect(s.monetaryValue[0]).toBe(10); // (20 + 0) / 2
    expect(s.totalSpend[0]).toBe(27); // 15 + 20 - 8 + 0
    expect(s.orders[0]).toBe(3);
    expect(s.firstPurchase[0]).toBe(dayNumber(d(0)));
    expect(s.lastPurchase[0]).toBe(dayNumber(d(21)));
    expect(s.frequencyHoldout![0]).toBe(2);
    expect(s.monetaryValueHoldout![0]).toBe(8);
    expect(s.durationHoldout).toBe(13);
    expect(s.report).toEqual({ purchaseRows: 6, returnRows: 1, rowsAfterObservationEnd: 1, rowsOfExcludedCustomers: 1, customersExcluded: 1 });
  });

  it("measures weeks as days / 7 and months as days / (365.25 / 12)", () => {
    const w = summarizeCustomers(log, { timeUnit: "weeks", observationEnd: d(40) });
    expect(w.recency[0]).toBeCloseTo(31 / 7, 12);
    expect(w.T[0]).toBeCloseTo(40 / 7, 12);
    const m = summarizeCustomers(log, { timeUnit: "months", observationEnd: d(40) });
    expect(m.T[0]).toBeCloseTo(40 / (365.25 / 12), 12);
    expect(m.customerId).toEqual(["a", "b"]);
    expect(m.T[1]).toBeCloseTo(11 / (365.25 / 12), 12);
  });

  it("defaults observationEnd to the last day of the log", () => {
    const s = summarizeCustomers(log, { timeUnit: "days" });
    expect(s.observationEnd).toBe(d(50));
    expect(s.T[0]).toBe(50);
  });

  it("rejects a bad time unit and a calibration end after the observation end", () => {
    expect(() => summarizeCustomers(log, { timeUnit: "wk" as never })).toThrow('invalid time unit "wk": use days, weeks or months');
    expect(() => summarizeCustomers(log, { timeUnit: "days", calibrationEnd: d(45), observationEnd: d(40) })).toThrow(/calibrationEnd .* is after observationEnd/);
    expect(() => summarizeCustomers(log, { timeUnit: "days", observationEnd: "2024/01/01" })).toThrow('invalid observationEnd "2024/01/01": use YYYY-MM-DD');
  });
});
