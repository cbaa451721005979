import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { transactionLogFromRecords } from "../../src/data/transactionLogFromRecords.js";
import { fitBgNbd } from "../../src/models/bgNbd.js";
import { summarizeCustomers } from "../../src/summaries/summarizeCustomers.js";
import { summaryTable } from "../../src/summaries/summaryTable.js";

describe("summaryTable and model.summary()", () => {
  it("gives the lifetimes layout with the time unit: a buys 2024-01-01, 01-08, 01-15 (2 repeats, recency 2 weeks, T 3 weeks on 01-22)", () => {
    const log = transactionLogFromRecords([
      { customerId: "a", date: "2024-01-01", amount: 10 },
      { customerId: "a", date: "2024-01-08", amount: 20 },
      { customerId: "a", date: "2024-01-15", amount: 40 },
      { customerId: "b", date: "2024-01-22", amount: 5 },
    ]);
    const t = summaryTable(summarizeCustomers(log, { timeUnit: "weeks", observationEnd: "2024-01-22" }));
    expect(t.columnNames()).toEqual(["customer_id", "frequency", "recency", "T", "monetary_value", "time_unit"]);
    // monetary_value is the mean of the repeat purchases (lifetimes): (20 + 40) / 2.
    expect(t.objects()).toEqual([
      { customer_id: "a", frequency: 2, recency: 2, T: 3, monetary_value: 30, time_unit: "weeks" },
      { customer_id: "b", frequency: 0, recency: 0, T: 0, monetary_value: 0, time_unit: "weeks" },
    ]);
  });

  it("gives the parameter table of a fit (CDNOW BG/NBD, Fader, Hardie & Lee 2005: r 0.243, alpha 4.414, a 0.793, b 2.426) as arquero and as text", () => {
    const rows = readFileSync(new URL("../../../shared/data/cdnow/cdnow_customers_summary.csv", import.meta.url), "utf8").trim().split("\n");
    const header = rows[0]!.split(",");
    const col = (name: string) => Float64Array.from(rows.slice(1), (l) => Number(l.split(",")[header.indexOf(name)]));
    const m = fitBgNbd({ frequency: col("frequency"), recency: col("recency"), T: col("T") });
    const t = m.summary();
    expect(t.columnNames()).toEqual(["parameter", "estimate", "std_error", "lower_95", "upper_95"]);
    const r = (t.objects() as Array<Record<string, unknown>>).find((o) => o.parameter === "r")!;
    expect(r.estimate as number).toBeCloseTo(0.2426, 3);
    expect((r.lower_95 as number) < (r.estimate as number) && (r.estimate as number) < (r.upper_95 as number)).toBe(true);
    expect(r.std_error as number).toBeGreaterThan(0);
    expect(m.summaryText()).toMatch(/^parameter\s+estimate\s+std\.error\s+95% interval\nr\s+0\.2425/);
  });
});
