// The --engine paths of the CLI against the in-memory commands on the shipped CDNOW log.
import { describe, expect, it } from "vitest";
import { parseEngineSpec, runEngineSummarize } from "../../src/cli/engineOption.js";
import { runSql } from "../../src/cli/sql.js";
import { runSummarize, summaryCsv } from "../../src/cli/summarize.js";

const sorted = (csv: string) => csv.trim().split("\n").slice(1).sort();

describe("clvlab --engine", () => {
  it("summarize --engine duckdb writes the in-memory summary CSV (customer order aside; mean spends from exact cents)", async () => {
    const opts = { timeUnit: "weeks", calibrationEnd: "1997-09-30", observationEnd: "1998-06-30" };
    const eng = await runEngineSummarize(["data/cdnow_transactions.csv"], { ...opts, engine: "duckdb" });
    const mem = await runSummarize(["data/cdnow_transactions.csv"], opts);
    const a = sorted(summaryCsv(eng.summary)), b = sorted(mem.csv);
    expect(a.length).toBe(2357);
    let differ = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!.split(","), y = b[i]!.split(",");
      for (let k = 0; k < x.length; k++) if (x[k] !== y[k] && !(Math.abs(Number(x[k]) - Number(y[k])) <= 1e-9 * Math.max(1, Math.abs(Number(y[k]))))) differ++;
    }
    expect(differ).toBe(0);
    expect(eng.report).toContain("engine: duckdb");
  });

  it("rejects an unknown engine naming the accepted forms", () => {
    expect(() => parseEngineSpec("spark")).toThrow('invalid engine "spark": use memory, duckdb, duckdb:FILE.duckdb or clickhouse://host:port/db');
    expect(parseEngineSpec("clickhouse://127.0.0.1:8123/sales")).toBe("clickhouse://127.0.0.1:8123/sales");
  });

  it("sql --step score refuses to run without a Gamma-Gamma model", () => {
    expect(() => runSql({ dialect: "spark", step: "score", table: "t", observationEnd: "2025-06-30" })).toThrow(/--spend-model FILE/);
  });
});
