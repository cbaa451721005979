import { openClickHouse } from "./clickhouseEngine.js";
import { openDuckDb, type DuckDbOptions } from "./duckdbEngine.js";
import { openMemoryEngine } from "./memoryEngine.js";
import type { Engine } from "./types.js";

/** The suggestion given when an input is too large for the Node heap (used by the data layer's size check). */
export const ENGINE_SUGGESTION = "run it with --engine duckdb (embedded, works out of the Node heap and spills to disk), or --engine clickhouse://host:port/db where the data already are";

/**
 * Opens an engine from its name: `memory` (the Node heap, default), `duckdb` (embedded), `duckdb:FILE` (embedded,
 * with the tables of a DuckDB database file readable as sources) or `clickhouse://host:port/db` (a server or
 * cluster over HTTP).
 * @example const e = await openEngine("duckdb", { memoryLimit: "1GB" });
 */
export async function openEngine(spec: string, duckdb: DuckDbOptions = {}): Promise<Engine> {
  if (spec === "memory") return openMemoryEngine();
  if (spec === "duckdb") return openDuckDb(duckdb);
  if (spec.startsWith("duckdb:")) return openDuckDb({ ...duckdb, database: spec.slice("duckdb:".length) });
  if (spec.startsWith("clickhouse://")) return openClickHouse(spec);
  throw new Error(`invalid engine ${JSON.stringify(spec)}: use memory, duckdb, duckdb:FILE.duckdb or clickhouse://host:port/db`);
}
