// Golden SQL for the dialects that cannot run here (Spark, BigQuery, Snowflake, PostgreSQL): the stored text is
// what generateSql writes; the dialect pieces are those each warehouse documents (date difference, integer
// division, hashing); and the DuckDB text of the same descriptions, run on CDNOW, gives the engine's histogram.
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, SQL_DIALECTS } from "../../src/engines/dialects.js";
import { openDuckDb, type DuckDbEngine } from "../../src/engines/duckdbEngine.js";
import { fitHistogram } from "../../src/engines/fitHistogram.js";
import { generateSql } from "../../src/engines/generateSql.js";
import { runHistogramFit } from "../../src/cli/engineOption.js";
import { runSql } from "../../src/cli/sql.js";

const golden = (dialect: string, step: string) => readFileSync(join("test/engines/golden", `${dialect}.${step}.sql`), "utf8").trimEnd();
const opts = (dialect: string, step: "summary" | "histogram" | "score") =>
  generateSql({ dialect, step, table: "shop.transactions", observationEnd: "1998-06-30", calibrationEnd: "1997-09-30", resolutionDays: step === "histogram" ? 7 : 1, horizonColumns: ["expected_purchases_39"], spend: { p: 6.25, q: 3.74, v: 15.44 }, margin: 0.3, timeUnit: "weeks" });

describe("generateSql", () => {
  for (const dialect of SQL_DIALECTS)
    for (const step of ["summary", "histogram", "score"] as const)
      it(`writes the stored ${dialect} ${step} SQL`, () => {
        expect(opts(dialect, step)).toBe(golden(dialect, step));
      });

  it("uses each warehouse's documented date difference, integer division and hash", () => {
    // Spark datediff(end, start); BigQuery DATE_DIFF(end, start, DAY); Snowflake DATEDIFF(day, start, end); Postgres date - date.
    expect(DIALECTS.spark.dayNumber("d")).toBe("datediff(CAST(d AS DATE), DATE '1970-01-01')");
    expect(DIALECTS.bigquery.dayNumber("d")).toBe("DATE_DIFF(CAST(d AS DATE), DATE '1970-01-01', DAY)");
    expect(DIALECTS.snowflake.dayNumber("d")).toBe("DATEDIFF(day, DATE '1970-01-01', CAST(d AS DATE))");
    expect(DIALECTS.postgres.dayNumber("d")).toBe("(CAST(d AS DATE) - DATE '1970-01-01')");
    expect(opts("spark", "histogram")).toContain("((last_day - first_day + 3) DIV (7))");
    expect(opts("bigquery", "histogram")).toContain("DIV(last_day - first_day + 3, 7)");
    expect(opts("clickhouse", "histogram")).toContain("intDiv(last_day - first_day + 3, 7)");
    expect(DIALECTS.clickhouse.hash("c")).toBe("cityHash64(c)");
    expect(DIALECTS.bigquery.hash("c")).toBe("FARM_FINGERPRINT(c)");
  });

  it("rejects an unknown dialect and a holdout that ends before calibration", () => {
    expect(() => generateSql({ dialect: "oracle", step: "summary", table: "t", observationEnd: "2024-01-01" })).toThrow(/invalid dialect "oracle": use duckdb, clickhouse/);
    expect(() => generateSql({ dialect: "spark", step: "summary", table: "t", observationEnd: "2024-01-01", calibrationEnd: "2024-02-01" })).toThrow(/after observationEnd/);
  });
});

describe("the by-hand warehouse loop on DuckDB", () => {
  let db: DuckDbEngine;
  const dir = mkdtempSync(join(tmpdir(), "clvlab-sql-"));
  beforeAll(async () => {
    db = await openDuckDb({ threads: 2 });
    await db.exec("CREATE SCHEMA shop");
    await db.exec("CREATE TABLE shop.transactions AS SELECT * FROM read_csv('data/cdnow_transactions.csv', types = {'customer_id': 'VARCHAR'})");
  }, 30_000);
  afterAll(async () => {
    await db?.close();
  });

  it("runs the printed histogram SQL, fits it with fit --histogram, and equals the engine's histogram fit", async () => {
    const sql = runSql({ dialect: "duckdb", step: "histogram", table: "shop.transactions", observationEnd: "1998-06-30", calibrationEnd: "1997-09-30" });
    const rows = await db.query(sql.replace(/;$/, ""));
    const csv = ["frequency,rb,tb,customers", ...rows.map((r) => `${r.frequency},${r.rb},${r.tb},${r.customers}`)].join("\n");
    const file = join(dir, "hist.csv");
    writeFileSync(file, csv + "\n");
    const save = join(dir, "bg.json");
    runHistogramFit(file, { model: "bg-nbd", timeUnit: "weeks", calibrationEnd: "1997-09-30", save });
    const byHand = JSON.parse(readFileSync(save, "utf8")) as { params: Record<string, number>; histogram: { resolutionDays: number; customers: number } };
    await db.attach({ source: "data/cdnow_transactions.csv" });
    const engine = fitHistogram(await db.histogram({ timeUnit: "weeks", calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", resolutionDays: 1 }), "bg-nbd").model;
    expect(byHand.histogram).toMatchObject({ resolutionDays: 1, customers: 2357 });
    for (const k of ["r", "alpha", "a", "b"]) expect(byHand.params[k]).toBe((engine.params as unknown as Record<string, number>)[k]);
  });
});
