// The --engine flags of the commands that can run on an engine (light: the engine code loads only when used).
import type { Command } from "commander";

/** Adds `--engine` to a command. */
export function addEngineOption(cmd: Command): Command {
  return cmd
    .option("--engine <engine>", "where the work runs: memory (default) | duckdb | duckdb:FILE.duckdb (its tables readable) | clickhouse://host:port/db", "memory")
    .option("--source <spec>", "the transactions, instead of the arguments: a file, a quoted glob (\"logs/*.parquet\"), a folder (Parquet below it, hive key=value folders read as columns) or a table name (globs and tables need --engine)")
    .option("--memory-limit <size>", "duckdb: memory it may use before spilling to disk, e.g. 1GB");
}

/** The transactions of a command: its arguments, or `--source` (one file, glob, folder or table), not both. */
export function sourcesOf(files: readonly string[], o: { source?: string }, usage: string): string[] {
  if (o.source !== undefined && files.length) throw new Error(`give the transactions either as arguments (${files.join(" ")}) or with --source, not both`);
  const out = o.source !== undefined ? [o.source] : [...files];
  if (!out.length) throw new Error(`no transactions given: ${usage}`);
  return out;
}

/** Validates an engine name (memory, duckdb or clickhouse://host:port/db). */
export function parseEngineSpec(v: string | undefined): string {
  const e = v ?? "memory";
  if (e === "memory" || e === "duckdb" || /^duckdb:.+/.test(e) || /^clickhouse:\/\/[^/:]+(:\d+)?(\/\w*)?$/.test(e)) return e;
  throw new Error(`invalid engine ${JSON.stringify(e)}: use memory, duckdb, duckdb:FILE.duckdb or clickhouse://host:port/db`);
}
