import { openClickHouse } from "./clickhouseEngine.js";
import { openDuckDb, type DuckDbOptions } from "./duckdbEngine.js";
import { openMemoryEngine } from "./memoryEngine.js";
import type { Engine } from "./types.js";

/**
 * Opens an engine from its name: `memory` (the Node heap, default), `duckdb` (embedded) or
 * `clickhouse://host:port/db` (a server or cluster over HTTP).
 * @example const e = await openEngine("duckdb", { memoryLimit: "1GB" });
 */
export async function openEngine(spec: string, duckdb: DuckDbOptions = {}): Promise<Engine> {
  if (spec === "memory") return openMemoryEngine();
  if (spec === "duckdb") return openDuckDb(duckdb);
  if (spec.startsWith("clickhouse://")) return openClickHouse(spec);
  throw new Error(`invalid engine ${JSON.stringify(spec)}: use memory, duckdb or clickhouse://host:port/db`);
}
