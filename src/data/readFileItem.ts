// Reading one file of a load with the incremental manifest (start offsets, deferred unterminated lines, the entry
// written back), apart from the load's option checks and source expansion.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { InputError, type LogBuilder } from "./rows/logBuilder.js";
import { fingerprint, planIngest, type IngestPlan, type Manifest } from "./manifest.js";
import { readDelimitedFile } from "./readers/readDelimited.js";
import { readJsonLinesText } from "./readers/readJsonLines.js";
import { readParquetBytes } from "./readers/readParquet.js";
import { kindOf } from "./expandSources.js";
import { ioError } from "./ioError.js";
import type { LoadTransactionsOptions } from "./loadTransactions.js";
import type { RejectionReport } from "./types.js";

type ReportFile = NonNullable<RejectionReport["files"]>[number];

/** Reads one file (honouring the manifest). Returns false when the manifest skipped it. */
export async function readFileItem(file: string, format: string, builder: LogBuilder, options: LoadTransactionsOptions, manifest: Manifest | undefined, manifestPath: string | undefined): Promise<boolean> {
  const files = builder.report.files!;
  const key = resolve(file);
  const { kind, gzip, ext } = kindOf(file, format);
  if (gzip && kind !== "csv") throw new Error(`${file}: gzip is read for delimited text only (.csv.gz, .tsv.gz, .txt.gz): decompress it first (gunzip)`);
  // Without a manifest the whole file is read.
  let plan: IngestPlan | { action: "read"; fromByte: number; fromLine: number; toByte: number; sha256: string } = { action: "read", fromByte: 0, fromLine: 1, toByte: Infinity, sha256: "" };
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
