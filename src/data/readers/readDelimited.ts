// CSV / delimited / whitespace-separated reader working on raw bytes: the file is read in large chunks (through
// node:zlib for .gz), records are scanned in place (RFC 4180 quotes; LF, CRLF or a bare CR ends a line), and only
// the cells a row needs are decoded. Steps: open the byte source (byteSources.ts), read the header
// (delimitedHeader.ts), scan records (recordScanner.ts), check each row's field count (delimitedCells.ts), then the
// shared row checks (readRow.ts).
import { fileSource, gzipSource } from "./byteSources.js";
import { readRow, rowPlan, type RowPlan } from "../rows/readRow.js";
import { resolveColumns, type ColumnNames } from "./resolveColumns.js";
import { PlainRecords } from "./plainRecords.js";
import type { LogBuilder } from "../rows/logBuilder.js";
import { hasContent, RecordScanner } from "./recordScanner.js";
import { checkFieldCount, DelimitedCells } from "./delimitedCells.js";
import { headerNames, readHeaderNames } from "./delimitedHeader.js";

const CHUNK = 1 << 24;

export interface DelimitedOptions {
  /** A one-character delimiter, or "whitespace" (runs of spaces and tabs, no quoting, as in CDNOW_master.txt). */
  delimiter: string;
  header: boolean;
  columnNames: readonly string[] | undefined;
  names: ColumnNames;
  attributes: "all" | "none" | readonly string[];
  /** Start reading data at this byte (incremental loads of appended files); the header is still read from byte 0. */
  fromByte: number;
  /** Line number of the record at `fromByte`. */
  fromLine: number;
  /** Read no further than this byte (the size an incremental load fingerprinted). Default: the end of the file. */
  toByte?: number;
  /** Leave an unterminated final line unread (an incremental load: the producer may be writing it). Default false. */
  deferPartialLine?: boolean;
  /** The file is gzip-compressed (decompressed as a stream). Default false. */
  gzip?: boolean;
}

/** What {@link readDelimitedFile} read. */
export interface DelimitedResult {
  /** Data rows read. */
  rows: number;
  /** Byte just after the last record read (an unterminated final line that was deferred is not included). */
  endByte: number;
  /** Line breaks before `endByte` (the next record is on line `lines + 1`). */
  lines: number;
  /** True when an unterminated final line was left for the next load. */
  deferred: boolean;
}

/** Reads one delimited file into `builder`. */
export async function readDelimitedFile(path: string, label: string, builder: LogBuilder, opts: DelimitedOptions): Promise<DelimitedResult> {
  const ws = opts.delimiter === "whitespace";
  if (!ws && opts.delimiter.length !== 1) throw new Error(`invalid delimiter ${JSON.stringify(opts.delimiter)}: use one character (",", ";", "\\t", "|") or "whitespace"`);
  if (!opts.header && !opts.columnNames) throw new Error(`${label}: a file without a header needs columnNames (the name of each column, in order)`);
  const rowsBefore = builder.report.rowsRead;
  const scanner = new RecordScanner(ws ? -1 : opts.delimiter.charCodeAt(0), label);
  const cells = new DelimitedCells(scanner);
  let table: { plan: RowPlan; width: number } | undefined;
  let plain: PlainRecords | undefined;
  const setColumns = (names: readonly string[]): void => {
    const cols = resolveColumns(names, opts.names, opts.attributes, label, builder.config.noAmount !== true);
    table = { plan: rowPlan(builder, cols, (i) => names[i] ?? `#${i + 1}`), width: names.length };
    plain = PlainRecords.of(builder, table.plan, table.width, ws ? -1 : opts.delimiter.charCodeAt(0), label);
  };
  if (!opts.header) setColumns(opts.columnNames!);
  else if (opts.fromByte > 0) setColumns(readHeaderNames(path, label, scanner, opts));

  let needHeader = opts.header && opts.fromByte === 0;
  const onRecord = (b: Uint8Array, nf: number, line: number): boolean => {
    cells.bind(b, nf);
    if (nf === 1 && !cells.select(0) && scanner.fq[0] === 0) return true; // blank line
    if (needHeader) {
      needHeader = false;
      setColumns(opts.columnNames ?? headerNames(cells, nf));
      return !plain;
    }
    if (checkFieldCount(builder, cells, nf, table!.width, table!.plan, label, line, ws)) readRow(builder, cells, table!.plan, label, line);
    else builder.report.rowsRead++; // rejected, and counted as read
    return !plain; // with the fast path, one record at a time here
  };
  // The fast path reads what it can; a record it leaves goes through the scanner and readRow, then it resumes.
  const scanRecords = (b: Buffer, end: number, final: boolean): number => {
    let pos = 0;
    for (;;) {
      if (plain) pos = plain.read(b, pos, end, scanner);
      if (pos >= end) return pos;
      const next = scanner.scan(b, pos, end, final, defer, onRecord);
      if (next === pos || !plain) return next;
      pos = next;
    }
  };

  scanner.line = opts.fromLine;
  const source = opts.gzip ? gzipSource(path, CHUNK / 4) : fileSource(path, opts.fromByte, opts.toByte);
  const defer = opts.deferPartialLine === true;
  let buf = Buffer.allocUnsafe(CHUNK);
  let carry = 0;
  let base = opts.fromByte; // file byte of buf[0]
  let endByte = base, deferred = false;
  try {
    for (;;) {
      if (buf.length - carry < CHUNK / 2) {
        const next = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(next, 0, 0, carry);
        buf = next;
      }
      const got = await source.read(buf, carry, buf.length - carry);
      const end = carry + got;
      const final = got === 0;
      const rowsSoFar = builder.report.rowsRead - rowsBefore, bytesSoFar = base - opts.fromByte;
      if (source.size !== undefined && rowsSoFar >= 1000) {
        // Rows still to come, at the density read so far (+2%): the columns grow once, early, to about their final size.
        builder.reserveEstimate(builder.n + Math.ceil(((source.size - bytesSoFar) * rowsSoFar * 1.02) / bytesSoFar) + 1024);
      } else builder.reserve(Math.ceil(got / 24));
      const consumed = scanRecords(buf, end, final);
      if (final) {
        endByte = base + consumed;
        deferred = consumed < end && hasContent(buf, consumed, end);
        break;
      }
      buf.copy(buf, 0, consumed, end);
      carry = end - consumed;
      base += consumed;
    }
  } finally {
    source.close();
  }
  if (needHeader && !deferred) throw new Error(`empty input: ${label} has no header line; give a CSV with a header or set header: false and columnNames`);
  return { rows: builder.report.rowsRead - rowsBefore, endByte, lines: scanner.line - 1, deferred };
}
