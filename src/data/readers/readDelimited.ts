// CSV / delimited / whitespace-separated reader working on raw bytes: the file is read in large chunks (through
// node:zlib for .gz), records are scanned in place (RFC 4180 quotes; LF, CRLF or a bare CR ends a line), and only
// the cells a row needs are decoded. Steps: open the byte source, read the header, scan records, check each
// row's field count, then the shared row checks (readRow.ts).
import { closeSync, openSync, readSync } from "node:fs";
import type { ByteDictionary } from "./byteDictionary.js";
import { fileSource, gzipSource } from "./byteSources.js";
import { parseDateBytes, type ParsedDate } from "../values/parseDate.js";
import { parseNumberBytes } from "../values/parseNumber.js";
import type { CellParsers } from "../values/dateFormat.js";
import { readRow, rowPlan, type RowCells, type RowPlan } from "../rows/readRow.js";
import { resolveColumns, type ColumnNames } from "./resolveColumns.js";
import { customerCodeOfBytes, PlainRecords } from "./plainRecords.js";
import type { LogBuilder } from "../rows/logBuilder.js";
import type { ZoneOffsets } from "../values/timeZone.js";

const CHUNK = 1 << 24;
const decoder = new TextDecoder();

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

/** Header names of the current record (a byte-order mark of Excel exports removed). */
function headerNames(cells: DelimitedCells, nf: number): string[] {
  const names: string[] = [];
  for (let f = 0; f < nf; f++) {
    cells.select(f);
    names.push(cells.show());
  }
  if (names[0]?.startsWith("\uFEFF")) names[0] = names[0].slice(1);
  return names;
}

/** Incremental continuation: the column names from the header at the start of the file. */
function readHeaderNames(path: string, label: string, scanner: RecordScanner, opts: DelimitedOptions): readonly string[] {
  const fd = openSync(path, "r");
  const head = Buffer.allocUnsafe(Math.min(opts.fromByte, 1 << 20));
  let got: number;
  try {
    got = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const cells = new DelimitedCells(scanner);
  let names: string[] | undefined;
  scanner.line = 1;
  scanner.scan(head, 0, got, true, false, (b, nf) => {
    cells.bind(b, nf);
    if (nf === 1 && !cells.select(0) && scanner.fq[0] === 0) return true;
    names = headerNames(cells, nf);
    return false;
  });
  if (!names) throw new Error(`${label}: no header line in its first ${got} bytes: give a CSV with a header or set header: false and columnNames`);
  return opts.columnNames ?? names;
}

/**
 * A row must have one field per header column: more fields usually mean an unquoted delimiter inside a value
 * (a thousands separator, `1,234.56`), fewer a cut or shifted row; either would put values in the wrong
 * columns. Trailing empty fields (a trailing delimiter) carry no value and are allowed. Returns true when the
 * row may be read (otherwise it was rejected or the load threw).
 */
function checkFieldCount(builder: LogBuilder, cells: DelimitedCells, nf: number, width: number, plan: RowPlan, label: string, line: number, ws: boolean): boolean {
  if (nf === width) return true;
  if (nf > width) {
    let extra = width;
    while (extra < nf && !cells.select(extra)) extra++;
    if (extra === nf) return true;
    const fix = ws
      ? "whitespace-separated files cannot hold spaces inside a value; use a delimited file with quotes"
      : 'quote a field that contains the delimiter ("1,234.56") and write amounts without thousands separators (1234.56)';
    builder.reject("wrong_field_count", label, line, `#${extra + 1}`, cells.show(), `${nf} fields where the header has ${width}, extra field`, fix);
    return false;
  }
  builder.reject("wrong_field_count", label, line, plan.name(nf), "", `${nf} fields where the header has ${width}, missing field`, "give every row one field per header column (an empty value is nothing between two delimiters)");
  return false;
}

function hasContent(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (b[i] !== 32 && b[i] !== 9 && b[i] !== 10 && b[i] !== 13) return true;
  return false;
}

/**
 * Finds records in a byte buffer without copying: field bounds go to `fs`/`fe`, `fq` marks quoted fields
 * (1) and quoted fields with `""` escapes (2). `line` is the line number of the next record.
 */
class RecordScanner {
  fs: Int32Array = new Int32Array(64);
  fe: Int32Array = new Int32Array(64);
  fq: Uint8Array = new Uint8Array(64);
  line = 1;
  /** Fields of the last record scanned. */
  private nf = 0;
  /** Whether the last quoted field scanned holds `""` escapes. */
  private escaped = false;

  constructor(private readonly delim: number, private readonly label: string) {}

  private grow(): void {
    const n = this.fs.length * 2;
    const a = new Int32Array(n), b = new Int32Array(n), c = new Uint8Array(n);
    a.set(this.fs); b.set(this.fe); c.set(this.fq);
    this.fs = a; this.fe = b; this.fq = c;
  }

  /**
   * Scans records in b[pos, end) and calls `onRecord` for each complete one (stopping when it returns false).
   * Returns where the first incomplete record starts (`end` when all were complete). With `final` no more
   * bytes follow; with `defer` too, a last record without a line end is still incomplete.
   */
  scan(b: Uint8Array, pos: number, end: number, final: boolean, defer: boolean, onRecord: (b: Uint8Array, nf: number, line: number) => boolean): number {
    const more = !final || defer; // a record running into `end` may still grow
    while (pos < end) {
      const recLine = this.line;
      const next = this.delim < 0 ? this.whitespaceRecord(b, pos, end, final, more) : this.delimitedRecord(b, pos, end, final, more, recLine);
      if (next < 0) {
        this.line = recLine;
        return pos;
      }
      pos = next;
      if (this.nf > 0 && !onRecord(b, this.nf, recLine)) return pos;
    }
    return pos;
  }

  /** Fields of the record in a whitespace-separated buffer at `p`: where the next record starts, -1 when incomplete. */
  private whitespaceRecord(b: Uint8Array, p: number, end: number, final: boolean, more: boolean): number {
    let nf = 0;
    for (;;) {
      while (p < end && (b[p] === 32 || b[p] === 9)) p++;
      if (p >= end) {
        this.nf = nf;
        return more ? -1 : p;
      }
      const c = b[p]!;
      if (c === 10 || c === 13) {
        this.nf = nf;
        return this.afterLineEnd(b, p, end, final);
      }
      const s = p;
      while (p < end) {
        const x = b[p]!;
        if (x === 32 || x === 9 || x === 13 || x === 10) break;
        p++;
      }
      if (p >= end && more) return -1;
      if (nf === this.fs.length) this.grow();
      this.fs[nf] = s; this.fe[nf] = p; this.fq[nf] = 0;
      nf++;
    }
  }

  /** Fields of the record in a delimited buffer at `p`: where the next record starts, -1 when incomplete. */
  private delimitedRecord(b: Uint8Array, p: number, end: number, final: boolean, more: boolean, recLine: number): number {
    const delim = this.delim;
    let nf = 0;
    for (;;) {
      let s = p;
      while (s < end && (b[s] === 32 || b[s] === 9) && b[s] !== delim) s++;
      let fStart: number, fEnd: number, flag = 0;
      if (s < end && b[s] === 34) {
        const q = this.closingQuote(b, s, end, more);
        if (q < 0) {
          if (more) return -1;
          throw new Error(`${this.label} line ${recLine}: unterminated quoted field: close the quote with " (a quote inside a field is written "")`);
        }
        fStart = s + 1; fEnd = q; flag = this.escaped ? 2 : 1;
        p = q + 1;
        while (p < end && b[p] !== delim && b[p] !== 10 && b[p] !== 13) p++;
      } else {
        p = s;
        while (p < end) {
          const c = b[p]!;
          if (c === delim || c === 10 || c === 13) break;
          p++;
        }
        fStart = s; fEnd = p;
      }
      if (p >= end && more) return -1;
      if (nf === this.fs.length) this.grow();
      this.fs[nf] = fStart; this.fe[nf] = fEnd; this.fq[nf] = flag;
      nf++;
      this.nf = nf;
      if (p >= end) return p;
      if (b[p] === delim) {
        p++;
        continue;
      }
      return this.afterLineEnd(b, p, end, final);
    }
  }

  /**
   * The closing quote of the quoted field opening at `s` (sets `escaped` when the field holds `""`), or -1 when the
   * buffer ends first. Line breaks inside the quotes are data but still count as lines of the file.
   */
  private closingQuote(b: Uint8Array, s: number, end: number, more: boolean): number {
    let q = s + 1;
    this.escaped = false;
    while (q < end) {
      const c = b[q]!;
      if (c === 34) {
        if (q + 1 < end && b[q + 1] === 34) {
          this.escaped = true;
          q += 2;
          continue;
        }
        if (q + 1 >= end && more) return -1;
        return q;
      }
      if (c === 10 || (c === 13 && b[q + 1] !== 10)) this.line++;
      q++;
    }
    return -1;
  }

  /** Past the line end at `p`, counting the line; -1 when a CR ends the buffer and an LF may follow. */
  private afterLineEnd(b: Uint8Array, p: number, end: number, final: boolean): number {
    const after = lineEnd(b, p, end, final);
    if (after >= 0) this.line++;
    return after;
  }
}

/** The byte after the line end at `p` (LF, CRLF or a bare CR), or -1 when a CR ends the buffer and an LF may follow. */
function lineEnd(b: Uint8Array, p: number, end: number, final: boolean): number {
  if (b[p] === 10) return p + 1;
  if (p + 1 < end) return b[p + 1] === 10 ? p + 2 : p + 1;
  return final ? p + 1 : -1;
}

/** The cells of the current record for {@link readRow}: trimmed byte ranges, quoted cells with `""` unescaped. */
class DelimitedCells implements RowCells {
  private b: Uint8Array = new Uint8Array(0);
  private nf = 0;
  private cb: Uint8Array = new Uint8Array(0);
  private s = 0;
  private e = 0;
  private unescaped: Uint8Array = new Uint8Array(256);

  constructor(private readonly scanner: RecordScanner) {}

  bind(b: Uint8Array, nf: number): void {
    this.b = b;
    this.nf = nf;
  }

  select(f: number): boolean {
    const b = this.b;
    if (f < 0 || f >= this.nf) {
      this.cb = b;
      this.s = 0;
      this.e = 0;
      return false;
    }
    const sc = this.scanner;
    let s = sc.fs[f]!, e = sc.fe[f]!;
    const q = sc.fq[f]!;
    if (q === 2) {
      if (this.unescaped.length < e - s) this.unescaped = new Uint8Array((e - s) * 2);
      const u = this.unescaped;
      let k = 0;
      for (let i = s; i < e; i++) {
        u[k++] = b[i]!;
        if (b[i] === 34) i++;
      }
      this.cb = u;
      this.s = 0;
      this.e = k;
      return k > 0;
    }
    if (q === 0) {
      while (s < e && (b[s] === 32 || b[s] === 9)) s++;
      while (e > s && (b[e - 1] === 32 || b[e - 1] === 9 || b[e - 1] === 13)) e--;
    }
    this.cb = b;
    this.s = s;
    this.e = e;
    return e > s;
  }

  // The last date cell read and its result: a log in date order repeats the same date cell row after row.
  private lastDate: Uint8Array = new Uint8Array(32);
  private lastDateLen = -1;
  private lastZone: ZoneOffsets | undefined;
  private lastDay = 0;
  private lastMs = 0;

  date(zone: ZoneOffsets, out: ParsedDate, parse: CellParsers): boolean {
    const cb = this.cb, s = this.s, len = this.e - s;
    const last = this.lastDate;
    if (len === this.lastDateLen && zone === this.lastZone) {
      let k = 0;
      while (k < len && cb[s + k] === last[k]) k++;
      if (k === len) {
        out.day = this.lastDay;
        out.ms = this.lastMs;
        return true;
      }
    }
    if (!(parse.custom ? parse.date(cb, s, this.e, out) : parseDateBytes(cb, s, this.e, zone, out))) return false;
    if (len <= last.length) {
      for (let k = 0; k < len; k++) last[k] = cb[s + k]!;
      this.lastDateLen = len;
      this.lastZone = zone;
      this.lastDay = out.day;
      this.lastMs = out.ms;
    }
    return true;
  }

  number(parse: CellParsers): number {
    return parse.custom ? parse.number(this.cb, this.s, this.e) : parseNumberBytes(this.cb, this.s, this.e);
  }

  show(): string {
    return decoder.decode(this.cb.subarray(this.s, this.e));
  }

  customerCode(dict: ByteDictionary): number {
    return customerCodeOfBytes(dict, this.cb, this.s, this.e);
  }

  stringCode(dict: ByteDictionary): number {
    return dict.codeOf(this.cb, this.s, this.e);
  }
}
