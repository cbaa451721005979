import { statSync } from "node:fs";
import { describeWriteError } from "../util/describeWriteError.js";
import type { OutputFormat } from "./tableTypes.js";

const BY_EXTENSION: Readonly<Record<string, OutputFormat>> = { csv: "csv", parquet: "parquet", json: "json", jsonl: "jsonl", ndjson: "jsonl" };

/**
 * The output format of a path, by its extension: `.csv`, `.parquet`, `.json` (an array of row objects), `.jsonl` /
 * `.ndjson` (one object per line). `-` (standard output), a character device or a FIFO without an extension is CSV.
 * A folder, or any other extension, is an error naming the path and the fix.
 * @example outputFormat("clv.parquet"); // "parquet"
 */
export function outputFormat(path: string): OutputFormat {
  const m = /\.([a-z0-9]+)$/i.exec(path);
  const known = m ? BY_EXTENSION[m[1]!.toLowerCase()] : undefined;
  if (known) return known;
  if (path === "-") return "csv";
  let st;
  try {
    st = statSync(path);
  } catch {
    /* absent: decided by the extension alone */
  }
  if (st?.isDirectory()) throw describeWriteError(Object.assign(new Error("is a folder"), { code: "EISDIR" }), path);
  if (st && !m && (st.isCharacterDevice() || st.isFIFO())) return "csv";
  throw new Error(`unsupported output ${path}: use a file name ending in .csv, .parquet, .json or .jsonl (or - for standard output)`);
}
