// The --engine flags of the commands that can run on an engine (light: the engine code loads only when used).
import type { Command } from "commander";

/** Adds `--engine` to a command. */
export function addEngineOption(cmd: Command): Command {
  return cmd
    .option("--engine <engine>", "where the work runs: memory (default) | duckdb | clickhouse://host:port/db", "memory")
    .option("--memory-limit <size>", "duckdb: memory it may use before spilling to disk, e.g. 1GB");
}

/** Validates an engine name (memory, duckdb or clickhouse://host:port/db). */
export function parseEngineSpec(v: string | undefined): string {
  const e = v ?? "memory";
  if (e === "memory" || e === "duckdb" || /^clickhouse:\/\/[^/:]+(:\d+)?(\/\w*)?$/.test(e)) return e;
  throw new Error(`invalid engine ${JSON.stringify(e)}: use memory, duckdb or clickhouse://host:port/db`);
}
