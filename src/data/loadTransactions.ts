import { dayNumber } from "../time/dayNumber.js";
import { LogBuilder } from "./rows/logBuilder.js";
import { lockManifest, readManifest, writeManifest, type Manifest } from "./manifest.js";
import { compileDateFormat } from "./values/dateFormat.js";
import { readArquero } from "./readers/readArquero.js";
import type { ColumnNames } from "./readers/resolveColumns.js";
import { ZoneOffsets } from "./values/timeZone.js";
import type { TransactionLog } from "./types.js";
import { expandSources, type TransactionSource } from "./expandSources.js";
import { checkMemory } from "./checkMemory.js";
import { readFileItem } from "./readFileItem.js";

export type { ColumnNames } from "./readers/resolveColumns.js";
export type { ArqueroLike } from "./readers/readArquero.js";
export type { TransactionSource } from "./expandSources.js";

/** Options of {@link loadTransactions}. Every field is optional. */
export interface LoadTransactionsOptions {
  /** Column names per role; unset roles use defaults customer_id / date / amount and common aliases. */
  columns?: ColumnNames;
  /** File format; default "auto": by extension (.parquet; .jsonl/.ndjson; anything else is delimited text). */
  format?: "auto" | "csv" | "parquet" | "jsonl";
  /** Field delimiter of text files: one character, or "whitespace" (runs of spaces/tabs). Default "," (tab for .tsv). */
  delimiter?: string;
  /** Whether text files start with a header line. Default true. */
  header?: boolean;
  /** Names of the columns in order: required when `header` is false; with a header they replace the header's names. */
  columnNames?: readonly string[];
  /** Other columns kept as attributes (city, channel, …): "all" (default), "none" or a list of names. */
  attributes?: "all" | "none" | readonly string[];
  /** IANA zone in which naive timestamps are read and purchases bucketed to days. Default "UTC". */
  timeZone?: string;
  /** ISO date: rows after this day are not loaded and are counted as `after_observation_end`. Default: keep all. */
  observationEnd?: string;
  /** "error" (default): the first unparseable row throws with file, line, column, value and the fix. "reject": such rows are counted in the report and skipped. */
  invalidRows?: "error" | "reject";
  /** Rows equal in every loaded column to an earlier row: "keep" (default; counted in `report.duplicateRows`) or "drop" (rejected as `duplicate_row`). */
  duplicates?: "keep" | "drop";
  /** Layout of text dates when they are not ISO 8601: "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY", "YYYY/MM/DD", … Default: ISO (YYYY-MM-DD, YYYYMMDD, date-times). */
  dateFormat?: string;
  /** Count data without an amount column (a grocery panel, visits): every row is a purchase of amount 0, so spend-based results do not apply. Default false. */
  noAmount?: boolean;
  /** Text numbers use a decimal comma ("12,50"); a point is then refused. Default false. */
  decimalComma?: boolean;
  /** Path of an incremental-load manifest (JSON). Files already ingested (same path, same bytes) are skipped, appended files are read from where they stopped, an unterminated last line waits for the next load, and the manifest is updated atomically after the load under an exclusive lock (`<manifest>.lock`). */
  manifest?: string;
  /** How long to wait for another load holding the manifest's lock, in milliseconds. Default 60000. */
  lockTimeoutMs?: number;
  /** Memory (bytes) the load may use; a load estimated to need more stops before reading. Default: the V8 heap limit (`v8.getHeapStatistics().heap_size_limit`), or the environment variable CLVLAB_MEMORY_LIMIT_MB. */
  memoryLimit?: number;
}

/**
 * Loads transactions from CSV / delimited text, Parquet, JSON lines or arquero tables — one file, many files or
 * a folder (read recursively, files in name order, hidden files and unknown extensions skipped) — into a
 * columnar {@link TransactionLog} with a report of what happened to every row.
 *
 * Policies (also in docs/data.md):
 * - **Dates**: `YYYY-MM-DD`, `YYYYMMDD`, or ISO 8601 date-times with or without an offset (`Z`, `±HH:MM`).
 *   Other layouts (`DD/MM/YYYY`, `MM/DD/YYYY`, …) through `dateFormat`; decimal commas through `decimalComma`.
 *   Naive values are read in `timeZone` (default UTC); every purchase is bucketed to its calendar day in that zone.
 * - **Returns**: negative amounts stay in the log (counted under `return`); summaries subtract them from spend
 *   and never count them as purchases. **Zero amounts** are purchases of zero value.
 * - **Duplicates**: rows equal in every loaded column are counted; kept by default (a log without order ids can
 *   hold two identical genuine lines: CDNOW has 21, and its published spend averages include them).
 * - **Invalid rows**: by default the first bad date, amount or missing customer id throws an error naming file,
 *   line, column and value; with `invalidRows: "reject"` they are counted by reason, with examples. Nothing is
 *   dropped silently: `report.rowsRead` = `rowsUsed` + every count in `report.counts` (returns included).
 * - **Empty input** (no data rows at all, and nothing skipped by the manifest) is an error.
 * - Cells are trimmed of spaces and tabs; blank lines are skipped and not counted as rows. LF, CRLF and a bare CR
 *   end a line. A row with more or fewer fields than the header is `wrong_field_count` (an unquoted `1,234.56`).
 * - **Ambiguous headers** (two columns that could be the customer, date or amount) are an error naming them.
 * - **Unreadable sources** are errors naming the path, the cause and the fix; a symbolic link to nothing inside a
 *   folder is skipped and listed in `report.files`. `.csv.gz` is read through node:zlib.
 * - **Manifest**: identity is path + content; appended files continue where they stopped; an unterminated last line
 *   waits for the next load; `<manifest>.lock` makes concurrent loads take turns.
 * - **Memory**: a load estimated to need more than the heap limit stops before reading, saying what to do.
 *
 * @see https://www.rfc-editor.org/rfc/rfc4180 (CSV quoting)
 * @example
 * const log = await loadTransactions("data/cdnow_transactions.csv", { observationEnd: "1998-06-30" });
 * const cdnow = await loadTransactions("CDNOW_sample.txt", {
 *   delimiter: "whitespace", header: false, columnNames: ["master_id", "customer_id", "date", "quantity", "amount"] });
 */
export async function loadTransactions(sources: TransactionSource | readonly TransactionSource[], options: LoadTransactionsOptions = {}): Promise<TransactionLog> {
  const list = Array.isArray(sources) ? (sources as readonly TransactionSource[]) : [sources as TransactionSource];
  if (list.length === 0) throw new Error("empty input: no source given; pass a file, a folder, an arquero table or a list of them");
  const zone = new ZoneOffsets(options.timeZone ?? "UTC");
  let observationEndDay: number | undefined;
  if (options.observationEnd !== undefined) {
    try {
      observationEndDay = dayNumber(options.observationEnd);
    } catch {
      throw new Error(`invalid observationEnd ${JSON.stringify(options.observationEnd)}: use YYYY-MM-DD`);
    }
  }
  const invalid = options.invalidRows ?? "error";
  if (invalid !== "error" && invalid !== "reject") throw new Error(`invalid invalidRows ${JSON.stringify(invalid)}: use "error" or "reject"`);
  const dup = options.duplicates ?? "keep";
  if (dup !== "keep" && dup !== "drop") throw new Error(`invalid duplicates ${JSON.stringify(dup)}: use "keep" or "drop"`);
  const format = options.format ?? "auto";
  if (!["auto", "csv", "parquet", "jsonl"].includes(format)) throw new Error(`invalid format ${JSON.stringify(format)}: use auto, csv, parquet or jsonl`);

  const skippedFiles: Array<{ file: string; reason: "dangling_symlink" }> = [];
  const items = expandSources(list, (file, reason) => skippedFiles.push({ file, reason }));
  const estimate = checkMemory(items, format, options.memoryLimit);

  const dateLayout = options.dateFormat !== undefined ? compileDateFormat(options.dateFormat) : undefined;
  const builder = new LogBuilder({ zone, observationEndDay, strict: invalid === "error", dropDuplicates: dup === "drop", ...(dateLayout ? { dateLayout } : {}), decimalComma: options.decimalComma === true, noAmount: options.noAmount === true }, Math.min(Math.ceil(estimate.bytes / 24) + 16, 50_000_000));
  const files = builder.report.files!;
  for (const s of skippedFiles) files.push({ file: s.file, rowsRead: 0, skipped: s.reason });
  const manifestPath = options.manifest;
  const release = manifestPath ? await lockManifest(manifestPath, { timeoutMs: options.lockTimeoutMs, onStale: (m) => process.emitWarning(m) }) : undefined;
  try {
    const manifest: Manifest | undefined = manifestPath ? readManifest(manifestPath) : undefined;
    let skipped = 0;
    for (const item of items) {
      if ("table" in item) {
        const rows = readArquero(item.table, item.label, builder, { names: options.columns ?? {}, attributes: options.attributes ?? "all" });
        files.push({ file: item.label, rowsRead: rows });
        continue;
      }
      if (!(await readFileItem(item.file, format, builder, options, manifest, manifestPath))) skipped++;
    }
    if (builder.report.rowsRead === 0 && skipped === 0 && !files.some((f) => f.deferred)) {
      const names = items.map((i) => ("file" in i ? i.file : i.label)).join(", ");
      throw new Error(`empty input: ${names || "the sources"} ${items.length === 1 ? "has" : "have"} no data rows; check the file or the header option`);
    }
    const log = builder.finish();
    if (manifest && manifestPath) writeManifest(manifestPath, manifest);
    return log;
  } finally {
    release?.();
  }
}
