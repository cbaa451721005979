// The memory estimate of a load, checked before anything is read so a too-large input fails fast with what to do.
import { statSync } from "node:fs";
import { getHeapStatistics } from "node:v8";
import { kindOf, type Item } from "./expandSources.js";
import { ioError } from "./ioError.js";

/**
 * JavaScript heap a load needs: a fixed part (Node, clvlab, buffers) plus bytes per row. Measured on a 2M-row CSV
 * (200,000 string ids, one attribute; 54 MB) loaded and summarized: it ran out of heap with a 112 MB heap limit
 * (--max-old-space-size=64) and ran with 144 MB (=96); 32 MB + 48 B/row puts the line between the two.
 */
const BASE_HEAP = 32 * 2 ** 20;
const BYTES_PER_ROW = 48;
/** Rows per input byte by format: a CSV row is about 24 bytes, gzip compresses such text about 4:1. */
const ROWS_PER_BYTE = { csv: 1 / 24, gzip: 4 / 24, jsonl: 1 / 60, parquet: 1 / 4 } as const;

/**
 * Estimates the memory the load needs (rows from the input bytes by format, times the bytes a loaded row takes;
 * Parquet files are also held whole) and stops with what to do when it exceeds the limit, before anything is read.
 */
export function checkMemory(items: readonly Item[], format: string, limitOption: number | undefined): { rows: number; bytes: number; need: number } {
  let rows = 0, bytes = 0, held = 0;
  for (const item of items) {
    if ("table" in item) {
      rows += item.table.numRows();
      continue;
    }
    let size = 0;
    try {
      size = statSync(item.file).size;
    } catch (err) {
      throw ioError(err, item.file, "read");
    }
    bytes += size;
    const { kind, gzip } = kindOf(item.file, format);
    rows += size * (gzip ? ROWS_PER_BYTE.gzip : ROWS_PER_BYTE[kind]);
    if (kind === "parquet") held = Math.max(held, 2 * size); // the file and its ArrayBuffer copy
  }
  const need = BASE_HEAP + rows * BYTES_PER_ROW + held;
  const env = Number(process.env.CLVLAB_MEMORY_LIMIT_MB);
  const limit = limitOption ?? (env > 0 ? env * 2 ** 20 : getHeapStatistics().heap_size_limit);
  if (!(limit > 0)) throw new Error(`invalid memoryLimit ${String(limitOption)}: use a number of bytes > 0`);
  if (need > limit) {
    const mb = Math.ceil((need * 1.25) / 2 ** 28) * 256; // MB, a multiple of 256 with a quarter to spare
    throw new Error(`input too large for the memory available: ${formatBytes(bytes)} in ${items.length} source${items.length === 1 ? "" : "s"} (about ${Math.round(rows).toLocaleString("en-US")} rows) needs an estimated ${formatBytes(need)}, the limit is ${formatBytes(limit)}: run with NODE_OPTIONS=--max-old-space-size=${mb} (MB) on a machine with that much memory, run it through DuckDB instead (--engine duckdb on summarize, fit, score, lenses and validate), or load fewer files at a time`);
  }
  return { rows, bytes, need };
}

export function formatBytes(n: number): string {
  return n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(1)} GB` : n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}
