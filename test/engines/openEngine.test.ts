import { describe, expect, it } from "vitest";
import { transactionLogFromRecords } from "../../src/data/transactionLogFromRecords.js";
import { horizonColumn } from "../../src/engines/cellPredictions.js";
import { ClickHouseEngine, parseClickHouseUrl } from "../../src/engines/clickhouseEngine.js";
import { parseDialect, SQL_DIALECTS } from "../../src/engines/dialects.js";
import { MemoryEngine, openMemoryEngine } from "../../src/engines/memoryEngine.js";
import { ENGINE_SUGGESTION, openEngine } from "../../src/engines/openEngine.js";

describe("parseDialect", () => {
  it("accepts each of the six dialects and rejects anything else, listing them", () => {
    for (const d of SQL_DIALECTS) expect(parseDialect(d)).toBe(d);
    expect(SQL_DIALECTS).toEqual(["duckdb", "clickhouse", "postgres", "spark", "bigquery", "snowflake"]);
    expect(() => parseDialect("mysql")).toThrow('invalid dialect "mysql": use duckdb, clickhouse, postgres, spark, bigquery, snowflake');
    expect(() => parseDialect("DuckDB")).toThrow(/invalid dialect "DuckDB"/); // names are case-sensitive
  });
});

describe("parseClickHouseUrl", () => {
  it("maps clickhouse://host:port/db to the HTTP interface, defaulting port 8123 and database default", () => {
    expect(parseClickHouseUrl("clickhouse://10.0.0.5:9123/sales")).toEqual({ url: "http://10.0.0.5:9123", database: "sales" });
    expect(parseClickHouseUrl("clickhouse://ch.local")).toEqual({ url: "http://ch.local:8123", database: "default" });
    expect(parseClickHouseUrl("clickhouse://ch.local/")).toEqual({ url: "http://ch.local:8123", database: "default" });
  });

  it("rejects other schemes, a non-numeric port and a database name with punctuation, showing the form to use", () => {
    for (const bad of ["http://ch.local:8123/db", "clickhouse://ch.local:port/db", "clickhouse://ch.local/my-db"])
      expect(() => parseClickHouseUrl(bad)).toThrow(`invalid engine ${JSON.stringify(bad)}: use clickhouse://host:port/database, e.g. clickhouse://127.0.0.1:8123/default`);
  });
});

describe("openEngine", () => {
  it("opens the in-memory engine by name and a ClickHouse engine from its URL (no connection until a query)", async () => {
    const m = await openEngine("memory");
    expect(m).toBeInstanceOf(MemoryEngine);
    expect(m.kind).toBe("memory");
    const ch = await openEngine("clickhouse://127.0.0.1:18123/analytics");
    expect(ch).toBeInstanceOf(ClickHouseEngine);
    expect((ch as ClickHouseEngine).url).toBe("http://127.0.0.1:18123");
    expect((ch as ClickHouseEngine).database).toBe("analytics");
  });

  it("rejects an unknown engine naming the three kinds", async () => {
    await expect(openEngine("sqlite")).rejects.toThrow('invalid engine "sqlite": use memory, duckdb, duckdb:FILE.duckdb or clickhouse://host:port/db');
  });

  it("suggests only engines that openEngine accepts (the ClickHouse placeholder filled in)", async () => {
    const specs = [...ENGINE_SUGGESTION.matchAll(/--engine (\S+)/g)].map((m) => m[1]!.replace("host:port", "127.0.0.1:8123"));
    expect(specs).toEqual(["duckdb", "clickhouse://127.0.0.1:8123/db"]);
    for (const spec of specs) {
      const e = await openEngine(spec);
      expect(e.kind).toBe(spec === "duckdb" ? "duckdb" : "clickhouse");
      if (spec === "duckdb") await e.close(); // the ClickHouse engine has not connected: nothing to close
    }
  });
});

describe("MemoryEngine", () => {
  it("summarizes an attached log exactly as the library does (x = 2 repeat days, recency 14 days, T 30 days)", async () => {
    const e = openMemoryEngine();
    const log = transactionLogFromRecords([
      { customerId: "a", date: "2024-01-01", amount: 10 },
      { customerId: "a", date: "2024-01-08", amount: 20 },
      { customerId: "a", date: "2024-01-15", amount: 30 },
      { customerId: "b", date: "2024-01-20", amount: 5 },
    ]);
    expect(e.attachLog(log).rowsUsed).toBe(4);
    const s = await e.summarize({ timeUnit: "days", observationEnd: "2024-01-31" });
    expect([...s.customerId]).toEqual(["a", "b"]);
    expect([...s.frequency]).toEqual([2, 0]);
    expect([...s.recency]).toEqual([14, 0]);
    expect([...s.T]).toEqual([30, 11]);
    // Monetary value is the mean of the repeat purchases only (BTYD convention): (20 + 30) / 2.
    expect(s.monetaryValue[0]).toBe(25);
    await e.close();
  });
});

describe("horizonColumn", () => {
  it("names the expected-purchases column by the horizon with two decimals, punctuation as underscores", () => {
    expect(horizonColumn(52)).toBe("expected_purchases_52");
    expect(horizonColumn(52.1775)).toBe("expected_purchases_52_18");
    expect(horizonColumn(0.5)).toBe("expected_purchases_0_5");
    expect(horizonColumn(364.999)).toBe("expected_purchases_365");
  });
});
