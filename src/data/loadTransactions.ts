import { readdirSync, readFileSync, statSync } from "node:fs";
import { getHeapStatistics } from "node:v8";
import { extname, join, resolve } from "node:path";
import { dayNumber } from "../time/dayNumber.js";
import { InputError, LogBuilder } from "./rows/logBuilder.js";
import { fingerprint, lockManifest, planIngest, readManifest, writeManifest, type IngestPlan, type Manifest } from "./manifest.js";
import { compileDateFormat } from "./values/dateFormat.js";
import { readDelimitedFile } from "./readers/readDelimited.js";
import { isArqueroLike, readArquero, readJsonLinesText, readParquetBytes, type ArqueroLike } from "./readers/readValues.js";
import type { ColumnNames } from "./readers/resolveColumns.js";
import { ZoneOffsets } from "./values/timeZone.js";
import type { RejectionReport, TransactionLog } from "./types.js";

type ReportFile = NonNullable<RejectionReport["files"]>[number];

export type { ColumnNames } from "./readers/resolveColumns.js";
export type { ArqueroLike } from "./readers/readValues.js";

/** A file path (file or folder), an arquero table, or a list of them. */
export type TransactionSource = string | ArqueroLike;

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

const TEXT_EXT = new Set([".csv", ".tsv", ".txt", ".dat", ".psv"]);
const DATA_EXT = new Set([...TEXT_EXT, ".parquet", ".pq", ".jsonl", ".ndjson"]);

/** The extension that decides the format: ".csv" for "a.csv" and for "a.csv.gz". */
function dataExt(name: string): { ext: string; gzip: boolean } {
  const ext = extname(name).toLowerCase();
  if (ext !== ".gz") return { ext, gzip: false };
  return { ext: extname(name.slice(0, -3)).toLowerCase(), gzip: true };
}

/** A clvlab message for a file-system error on `path`: the path, the cause and the fix. */
function ioError(err: unknown, path: string, doing: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const fix: Record<string, string> = {
    ENOENT: "check the path",
    EACCES: "give the user read permission (chmod +r) or leave the file out",
    EPERM: "give the user read permission or leave the file out",
    EISDIR: "give a file, or the folder itself as a source",
    ENOTDIR: "check the path",
    ELOOP: "fix the symbolic link loop or leave it out",
    EMFILE: "close other programs or raise the open-file limit (ulimit -n)",
    EIO: "the disk reported a read error: copy the file to a healthy disk",
  };
  return new Error(`cannot ${doing} ${JSON.stringify(path)} (${code ?? (err instanceof Error ? err.message : String(err))}): ${(code && fix[code]) ?? "check the path and its permissions"}`);
}

/** Files of a folder, recursively in name order; dangling symbolic links are reported through `skip`. */
function listFolder(dir: string, skip: (path: string, reason: "dangling_symlink") => void): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw ioError(err, dir, "read the folder");
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith(".")) continue;
    const p = join(dir, entry.name);
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      if (!DATA_EXT.has(dataExt(entry.name).ext) && extname(entry.name) !== "") continue;
      try {
        isDir = statSync(p).isDirectory();
      } catch (err) {
        // A link to nothing (a file moved or deleted) holds no rows: skip it, counted, instead of failing the load.
        if ((err as NodeJS.ErrnoException).code === "ENOENT") {
          if (DATA_EXT.has(dataExt(entry.name).ext)) skip(p, "dangling_symlink");
          continue;
        }
        throw ioError(err, p, "read");
      }
    }
    if (isDir) out.push(...listFolder(p, skip));
    else if (DATA_EXT.has(dataExt(entry.name).ext)) out.push(p);
  }
  return out;
}

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

type Item = { file: string } | { table: ArqueroLike; label: string };

/** Expands folders (recursively) into files; tables pass through. */
function expandSources(list: readonly TransactionSource[], skip: (path: string, reason: "dangling_symlink") => void): Item[] {
  const items: Item[] = [];
  list.forEach((src, k) => {
    if (typeof src === "string") {
      let st;
      try {
        st = statSync(src);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new Error(`no such file or folder ${JSON.stringify(src)}: check the path`);
        throw ioError(err, src, "read");
      }
      if (st.isDirectory()) {
        const files = listFolder(src, skip);
        if (files.length === 0) throw new Error(`empty input: folder ${src} has no data files (.csv, .tsv, .txt, .parquet, .jsonl, .csv.gz)`);
        for (const f of files) items.push({ file: f });
      } else items.push({ file: src });
    } else if (isArqueroLike(src)) items.push({ table: src, label: `table ${k + 1}` });
    else throw new Error(`invalid source ${String(src)}: pass a file path, a folder path or an arquero table`);
  });
  return items;
}

/** The format of a file: by the `format` option, else by its extension (a `.gz` suffix means gzip). */
function kindOf(file: string, format: string): { kind: "csv" | "parquet" | "jsonl"; gzip: boolean; ext: string } {
  const { ext, gzip } = dataExt(file);
  const kind = format !== "auto" ? (format as "csv" | "parquet" | "jsonl") : ext === ".parquet" || ext === ".pq" ? "parquet" : ext === ".jsonl" || ext === ".ndjson" ? "jsonl" : "csv";
  return { kind, gzip, ext };
}

/**
 * Estimates the memory the load needs (rows from the input bytes by format, times the bytes a loaded row takes;
 * Parquet files are also held whole) and stops with what to do when it exceeds the limit, before anything is read.
 */
function checkMemory(items: readonly Item[], format: string, limitOption: number | undefined): { rows: number; bytes: number; need: number } {
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
    throw new Error(`input too large for the memory available: ${formatBytes(bytes)} in ${items.length} source${items.length === 1 ? "" : "s"} (about ${Math.round(rows).toLocaleString("en-US")} rows) needs an estimated ${formatBytes(need)}, the limit is ${formatBytes(limit)}: run with NODE_OPTIONS=--max-old-space-size=${mb} (MB) on a machine with that much memory, run it through DuckDB instead (--engine duckdb on summarize, fit, score and lenses), or load fewer files at a time`);
  }
  return { rows, bytes, need };
}

function formatBytes(n: number): string {
  return n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(1)} GB` : n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}

/** Reads one file (honouring the manifest). Returns false when the manifest skipped it. */
async function readFileItem(file: string, format: string, builder: LogBuilder, options: LoadTransactionsOptions, manifest: Manifest | undefined, manifestPath: string | undefined): Promise<boolean> {
  const files = builder.report.files!;
  const key = resolve(file);
  const { kind, gzip, ext } = kindOf(file, format);
  if (gzip && kind !== "csv") throw new Error(`${file}: gzip is read for delimited text only (.csv.gz, .tsv.gz, .txt.gz): decompress it first (gunzip)`);
  let plan: IngestPlan = { action: "read", fromByte: 0, fromLine: 1, toByte: Infinity, sha256: "" };
  if (manifest) {
    try {
      plan = planIngest(manifest, key, file, manifestPath!, kind !== "parquet" && !gzip);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code) throw ioError(err, file, "read");
      throw err;
    }
    if (plan.action === "skip") {
      files.push({ file, rowsRead: 0, skipped: "already_ingested" });
      return false;
    }
  }
  const { fromByte, fromLine, toByte } = plan;
  const defer = manifest !== undefined && !gzip;
  const valueOpts = { names: options.columns ?? {}, attributes: options.attributes ?? "all" };
  let rows: number, endByte: number, lines: number, deferred = false;
  try {
    if (kind === "parquet") {
      const bytes = readFileSync(file);
      rows = await readParquetBytes(bytes, file, builder, valueOpts);
      endByte = bytes.length;
      lines = 0;
    } else if (kind === "jsonl") {
      let buf: Buffer = readFileSync(file);
      buf = buf.subarray(fromByte, Math.min(buf.length, toByte));
      let take = buf.length;
      if (defer) {
        // an unterminated last line may be a producer's write in progress: it waits for the next load
        take = buf.lastIndexOf(10) + 1;
        deferred = buf.subarray(take).toString("utf8").trim() !== "";
      }
      const text = buf.subarray(0, take).toString("utf8");
      rows = readJsonLinesText(text, file, builder, valueOpts, fromLine);
      endByte = fromByte + take;
      lines = fromLine - 1 + (text.match(/\n/g)?.length ?? 0);
    } else {
      const r = await readDelimitedFile(file, file, builder, {
        delimiter: options.delimiter ?? (ext === ".tsv" ? "\t" : ","),
        header: options.header ?? true,
        columnNames: options.columnNames,
        names: options.columns ?? {},
        attributes: options.attributes ?? "all",
        fromByte,
        fromLine,
        ...(Number.isFinite(toByte) ? { toByte } : {}),
        deferPartialLine: defer,
        gzip,
      });
      ({ rows, endByte, lines, deferred } = r);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (gzip && typeof code === "string" && code.startsWith("Z_")) {
      throw new Error(`${file}: not a readable gzip file (${(err as Error).message}): check the file, or rename it if it is not compressed`);
    }
    if (code && !(err instanceof InputError)) throw ioError(err, file, "read");
    throw err;
  }
  const entry: ReportFile = fromByte > 0 ? { file, rowsRead: rows, fromByte } : { file, rowsRead: rows };
  if (deferred) entry.deferred = "unterminated_final_line";
  files.push(entry);
  if (manifest && plan.action === "read") {
    const prev = manifest.files[key];
    if (endByte === fromByte && prev) return true; // nothing complete yet: the entry stays as it was
    // Parquet and gzip files are recorded whole (their byte offsets are not positions in the file's rows).
    if (kind === "parquet" || gzip) endByte = toByte;
    manifest.files[key] = {
      size: endByte,
      sha256: endByte === toByte ? plan.sha256 : fingerprint(key, endByte).prefixSha256!,
      lines,
      endsWithNewline: kind !== "parquet",
      rows: (fromByte > 0 && prev ? prev.rows : 0) + rows,
      ingestedAt: new Date().toISOString(),
    };
  }
  return true;
}
