// `--source` on the engine-capable commands: a file, a glob, a hive-partitioned folder and a table name (in a DuckDB
// database file, `--engine duckdb:FILE`), each giving the CDNOW summary of the shipped CSV read in memory.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sourcesOf } from "../../src/cli/engineFlags.js";
import { runEngineSummarize } from "../../src/cli/engineOption.js";
import { runSummarize, summaryCsv } from "../../src/cli/summarize.js";
import { openDuckDb, type DuckDbEngine } from "../../src/engines/duckdbEngine.js";

const main = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const CDNOW = "data/cdnow_transactions.csv";
const OPTS = { timeUnit: "weeks", calibrationEnd: "1997-09-30", observationEnd: "1998-06-30" };
const rows = (csv: string) => csv.trim().split("\n").slice(1).sort();

describe("--source: file, glob, folder, table", () => {
  const dir = mkdtempSync(join(tmpdir(), "clv-source-"));
  let expected: string[];
  let db: DuckDbEngine;
  beforeAll(async () => {
    // The fixtures, written by DuckDB from the shipped CSV: one Parquet file, two Parquet parts for a glob, a folder
    // partitioned by year (hive: year=1997/…), and a table in a database file.
    db = await openDuckDb({ threads: 1 });
    const src = `read_csv('${CDNOW}', header = true)`;
    await db.exec(`COPY (SELECT * FROM ${src}) TO '${join(dir, "cdnow.parquet")}' (FORMAT parquet)`);
    mkdirSync(join(dir, "parts"));
    await db.exec(`COPY (SELECT * FROM ${src} WHERE hash(customer_id) % 2 = 0) TO '${join(dir, "parts", "a.parquet")}' (FORMAT parquet)`);
    await db.exec(`COPY (SELECT * FROM ${src} WHERE hash(customer_id) % 2 = 1) TO '${join(dir, "parts", "b.parquet")}' (FORMAT parquet)`);
    await db.exec(`COPY (SELECT *, year(CAST(date AS DATE)) AS year FROM ${src}) TO '${join(dir, "hive")}' (FORMAT parquet, PARTITION_BY (year))`);
    await db.exec(`ATTACH '${join(dir, "shop.duckdb")}' AS shop`);
    await db.exec(`CREATE TABLE shop.main.transactions AS SELECT * FROM ${src}`);
    await db.exec("DETACH shop");
    expected = rows((await runSummarize([CDNOW], OPTS)).csv);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  const forms = [
    { name: "a Parquet file", source: () => join(dir, "cdnow.parquet"), engine: "duckdb" },
    { name: "a glob of Parquet parts", source: () => join(dir, "parts", "*.parquet"), engine: "duckdb" },
    { name: "a hive-partitioned folder (year=… read as a column)", source: () => join(dir, "hive"), engine: "duckdb" },
    { name: "a table of a DuckDB database file", source: () => "transactions", engine: () => `duckdb:${join(dir, "shop.duckdb")}` },
    { name: "a CSV file", source: () => CDNOW, engine: "duckdb" },
  ];
  for (const f of forms)
    it(`summarize --engine duckdb --source ${f.name} gives the in-memory CDNOW summary`, async () => {
      const engine = typeof f.engine === "function" ? f.engine() : f.engine;
      const r = await runEngineSummarize(sourcesOf([], { source: f.source() }, ""), { ...OPTS, engine, source: f.source() });
      expect(r.summary.customerId.length).toBe(2357);
      const got = rows(summaryCsv(r.summary));
      // Mean spends are exact cents / x in both paths; compare every field within 1e-9 relative.
      let differ = 0;
      for (let i = 0; i < got.length; i++) {
        const x = got[i]!.split(","), y = expected[i]!.split(",");
        for (let k = 0; k < x.length; k++) if (x[k] !== y[k] && !(Math.abs(Number(x[k]) - Number(y[k])) <= 1e-9 * Math.max(1, Math.abs(Number(y[k]))))) differ++;
      }
      expect(differ).toBe(0);
    }, 30_000);

  it("the clvlab CLI takes --source with a quoted glob (summarize) and refuses arguments and --source together", () => {
    const ok = spawnSync(process.execPath, [main, "summarize", "--engine", "duckdb", "--source", join(dir, "parts", "*.parquet"), "--time-unit", "weeks", "--observation-end", "1998-06-30", "--calibration-end", "1997-09-30"], { encoding: "utf8" });
    expect(ok.stderr).toContain("engine: duckdb");
    expect(rows(ok.stdout).length).toBe(2357);
    const both = spawnSync(process.execPath, [main, "summarize", CDNOW, "--source", CDNOW], { encoding: "utf8" });
    expect(both.status).toBe(1);
    expect(both.stderr).toContain("give the transactions either as arguments");
    const none = spawnSync(process.execPath, [main, "lenses", "--out-dir", dir], { encoding: "utf8" });
    expect(none.stderr).toContain("no transactions given: clvlab lenses FILES...");
  }, 60_000);

  it("refuses a missing database file for duckdb:FILE", async () => {
    await expect(openDuckDb({ database: join(dir, "nope.duckdb") })).rejects.toThrow(/no DuckDB database .*nope\.duckdb.*give an existing \.duckdb file/);
  });
});
