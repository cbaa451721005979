import { statSync } from "node:fs";
import type { OutputFormat } from "./tableTypes.js";

const BY_EXTENSION: Readonly<Record<string, OutputFormat>> = { csv: "csv", parquet: "parquet", json: "json", jsonl: "jsonl", ndjson: "jsonl" };

/**
 * The output format of a path, by its extension: `.csv`, `.parquet`, `.json` (an array of row objects), `.jsonl` /
 * `.ndjson` (one object per line). `-` (standard output), a character device or a FIFO without an extension is CSV.
 * Any other extension is an error naming the path and the choices.
 * @example outputFormat("clv.parquet"); // "parquet"
 */
export function outputFormat(path: string): OutputFormat {
  const m = /\.([a-z0-9]+)$/i.exec(path);
  const known = m ? BY_EXTENSION[m[1]!.toLowerCase()] : undefined;
  if (known) return known;
  if (path === "-") return "csv";
  try {
    const st = statSync(path);
    if (!m && (st.isCharacterDevice() || st.isFIFO())) return "csv";
  } catch {
    /* absent: decided by the extension alone */
  }
  throw new Error(`unsupported output ${path}: use a file name ending in .csv, .parquet, .json or .jsonl (or - for standard output)`);
}
