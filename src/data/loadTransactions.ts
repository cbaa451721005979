import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { dayNumber } from "../util/dayNumber.js";
import { compileDateFormat } from "./dateFormat.js";
import { LogBuilder } from "./logBuilder.js";
import { planIngest, readManifest, writeManifest, type Manifest } from "./manifest.js";
import { readDelimitedFile } from "./readDelimited.js";
import { isArqueroLike, readArquero, readJsonLinesText, readParquetBytes, type ArqueroLike } from "./readValues.js";
import type { ColumnNames } from "./resolveColumns.js";
import { ZoneOffsets } from "./timeZone.js";
import type { TransactionLog } from "./types.js";

export type { ColumnNames } from "./resolveColumns.js";
export type { ArqueroLike } from "./readValues.js";

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
  /** Path of an incremental-load manifest (JSON). Files already ingested are skipped, appended files are read from where they stopped, and the manifest is updated atomically after the load. */
  manifest?: string;
}

const TEXT_EXT = new Set([".csv", ".tsv", ".txt", ".dat", ".psv"]);
const DATA_EXT = new Set([...TEXT_EXT, ".parquet", ".pq", ".jsonl", ".ndjson"]);

function listFolder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith(".")) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFolder(p));
    else if (DATA_EXT.has(extname(entry.name).toLowerCase())) out.push(p);
  }
  return out;
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
 * - Cells are trimmed of spaces and tabs; blank lines are skipped and not counted as rows.
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

  // Expand folders; size the builder from the total bytes (about 24 bytes per CSV row).
  const items: Array<{ file: string } | { table: ArqueroLike; label: string }> = [];
  let bytes = 0;
  list.forEach((src, k) => {
    if (typeof src === "string") {
      let st;
      try {
        st = statSync(src);
      } catch {
        throw new Error(`no such file or folder ${JSON.stringify(src)}: check the path`);
      }
      if (st.isDirectory()) {
        const files = listFolder(src);
        if (files.length === 0) throw new Error(`empty input: folder ${src} has no data files (.csv, .tsv, .txt, .parquet, .jsonl)`);
        for (const f of files) {
          items.push({ file: f });
          bytes += statSync(f).size;
        }
      } else {
        items.push({ file: src });
        bytes += st.size;
      }
    } else if (isArqueroLike(src)) items.push({ table: src, label: `table ${k + 1}` });
    else throw new Error(`invalid source ${String(src)}: pass a file path, a folder path or an arquero table`);
  });

  const dateLayout = options.dateFormat !== undefined ? compileDateFormat(options.dateFormat) : undefined;
  const builder = new LogBuilder({ zone, observationEndDay, strict: invalid === "error", dropDuplicates: dup === "drop", ...(dateLayout ? { dateLayout } : {}), decimalComma: options.decimalComma === true, noAmount: options.noAmount === true }, Math.min(Math.ceil(bytes / 24) + 16, 50_000_000));
  const manifestPath = options.manifest;
  const manifest: Manifest | undefined = manifestPath ? readManifest(manifestPath) : undefined;
  const files = builder.report.files!;
  let skipped = 0;
  const valueOpts = { names: options.columns ?? {}, attributes: options.attributes ?? "all" };

  for (const item of items) {
    if ("table" in item) {
      const rows = readArquero(item.table, item.label, builder, valueOpts);
      files.push({ file: item.label, rowsRead: rows });
      continue;
    }
    const label = item.file;
    const key = resolve(item.file);
    let fromByte = 0, fromLine = 1;
    let plan: ReturnType<typeof planIngest> | undefined;
    if (manifest) {
      plan = planIngest(manifest, key, label, manifestPath!);
      if (plan.action === "skip") {
        // Remember the content under this path too, so it stays skipped when the other copy later grows.
        if (!manifest.files[key]) manifest.files[key] = { size: plan.full.size, sha256: plan.full.sha256, lines: plan.full.lines, endsWithNewline: plan.full.endsWithNewline, rows: plan.rows, ingestedAt: new Date().toISOString() };
        files.push({ file: label, rowsRead: 0, skipped: "already_ingested" });
        skipped++;
        continue;
      }
      fromByte = plan.fromByte;
      fromLine = plan.fromLine;
    }
    const ext = extname(label).toLowerCase();
    const kind = format !== "auto" ? format : ext === ".parquet" || ext === ".pq" ? "parquet" : ext === ".jsonl" || ext === ".ndjson" ? "jsonl" : "csv";
    let rows: number;
    if (kind === "parquet") {
      if (fromByte > 0) throw new Error(`${label}: a Parquet file cannot be appended to; write new rows to a new file`);
      rows = await readParquetBytes(readFileSync(label), label, builder, valueOpts);
    } else if (kind === "jsonl") {
      const buf = readFileSync(label);
      rows = readJsonLinesText(buf.subarray(fromByte).toString("utf8"), label, builder, valueOpts, fromLine);
    } else {
      const delimiter = options.delimiter ?? (ext === ".tsv" ? "\t" : ",");
      rows = readDelimitedFile(label, label, builder, {
        delimiter,
        header: options.header ?? true,
        columnNames: options.columnNames,
        names: options.columns ?? {},
        attributes: options.attributes ?? "all",
        fromByte,
        fromLine,
      });
    }
    files.push(fromByte > 0 ? { file: label, rowsRead: rows, fromByte } : { file: label, rowsRead: rows });
    if (manifest && plan && plan.action === "read") {
      const prev = manifest.files[key];
      manifest.files[key] = {
        size: plan.full.size,
        sha256: plan.full.sha256,
        lines: plan.full.lines,
        endsWithNewline: plan.full.endsWithNewline,
        rows: (fromByte > 0 && prev ? prev.rows : 0) + rows,
        ingestedAt: new Date().toISOString(),
      };
    }
  }
  if (builder.report.rowsRead === 0 && skipped === 0) {
    const names = items.map((i) => ("file" in i ? i.file : i.label)).join(", ");
    throw new Error(`empty input: ${names} ${items.length === 1 ? "has" : "have"} no data rows; check the file or the header option`);
  }
  const log = builder.finish();
  if (manifest && manifestPath) writeManifest(manifestPath, manifest);
  return log;
}
