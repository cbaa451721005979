// The delimited reader's fast path for the usual file: customer, date and amount only (no optional or string
// columns), ISO dates, plain numbers. Each record is parsed straight from the bytes into the builder; any record it is
// not sure about (quotes, spaces, a CR, a wrong field count, an empty, unparseable or late value, no line end) is left
// to the general path (RecordScanner + readRow), which reads, counts or rejects it with file, line, column and value.
// Valid rows get the same checks in the same order as readRow, so the log is identical either way.
import type { ByteDictionary } from "./byteDictionary.js";
import { parseDateBytes, type ParsedDate } from "../values/parseDate.js";
import { parseNumberBytes } from "../values/parseNumber.js";
import type { RowPlan } from "../rows/readRow.js";
import type { LogBuilder } from "../rows/logBuilder.js";

/** Dictionary code of the customer id in b[s, e): plain integer ids (no sign or leading zero, up to 9 digits) take the dictionary's dense integer cache. */
export function customerCodeOfBytes(dict: ByteDictionary, b: Uint8Array, s: number, e: number): number {
  const v = plainInteger(b, s, e);
  return v >= 0 ? dict.codeOfInt(v) : dict.codeOf(b, s, e);
}

/** The integer in b[s, e) when it is written plainly (digits only, no leading zero, at most 9), else -1. */
function plainInteger(b: Uint8Array, s: number, e: number): number {
  const len = e - s;
  if (len > 9 || len === 0 || (b[s] === 48 && len > 1)) return -1;
  let v = 0;
  for (let k = s; k < e; k++) {
    const d = b[k]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** The fast path's state for one file: where its columns are, and the last date cell read (logs repeat dates row after row). */
export class PlainRecords {
  private readonly fs: Int32Array;
  private readonly fe: Int32Array;
  private readonly date: ParsedDate = { day: 0, ms: 0 };
  private lastDate = new Uint8Array(32);
  private lastDateLen = -1;

  private constructor(private readonly builder: LogBuilder, private readonly plan: RowPlan, private readonly width: number, private readonly delim: number, private readonly label: string) {
    this.fs = new Int32Array(width);
    this.fe = new Int32Array(width);
    for (const ch of [delim, 10, 13, 34, 32, 9]) this.stop[ch] = 1;
  }

  /** Bytes that end a plain field: the delimiter, a line end, or what only the general path reads (quote, space, tab). */
  private readonly stop = new Uint8Array(256);

  /** The fast path for this file's columns, or undefined when it has columns or parsers only the general path reads. */
  static of(builder: LogBuilder, plan: RowPlan, width: number, delim: number, label: string): PlainRecords | undefined {
    const c = plan.cols;
    const plain = delim >= 0 && delim !== 34 && delim !== 32 && delim !== 9 && plan.strings.length === 0 && c.amount >= 0 && c.quantity < 0 && c.cost < 0 && c.margin < 0 && !plan.parse.custom;
    return plain ? new PlainRecords(builder, plan, width, delim, label) : undefined;
  }

  /**
   * Reads the records in b[pos, end) up to the first one left to the general path; returns its start (`end` when
   * none is left). `line` holds the line number of the next record and is advanced past each record read.
   */
  read(b: Uint8Array, pos: number, end: number, line: { line: number }): number {
    const next = this.readSome(b, pos, end, line);
    this.flush();
    return next;
  }

  // Integer customer ids of rows already pushed, coded in one tight loop per batch: the dictionary's dense array is
  // looked up at random (megabytes for a million customers), and a loop doing nothing else keeps many of those cache
  // misses in flight, where one per parsed row would wait on each. Codes are still given in row order.
  private readonly pendingId = new Int32Array(256);
  private readonly pendingRow = new Int32Array(256);
  private pending = 0;

  private flush(): void {
    const { pendingId, pendingRow } = this;
    const dict = this.builder.customers, customer = this.builder.customer;
    for (let j = 0; j < this.pending; j++) customer[pendingRow[j]!] = dict.codeOfInt(pendingId[j]!);
    this.pending = 0;
  }

  private readSome(b: Uint8Array, pos: number, end: number, line: { line: number }): number {
    const { fs, fe, width, delim, builder, date, stop } = this;
    const c = this.plan.cols;
    const zone = builder.config.zone;
    const endDay = builder.config.observationEndDay;
    const dict = builder.customers;
    const last = this.lastDate;
    while (pos < end) {
      let p = pos;
      for (let f = 0; f < width; f++) {
        const s = p;
        let ch = 0;
        while (p < end) {
          ch = b[p]!;
          if (stop[ch] !== 0) break;
          p++;
        }
        if (p >= end) return pos;
        fs[f] = s;
        fe[f] = p;
        if (f < width - 1) {
          if (ch !== delim) return pos;
          p++;
        } else if (ch !== 10) return pos;
      }
      // Date (the cell of the previous row is reused when the bytes are the same), amount, observation end, customer.
      const ds = fs[c.date]!, de = fe[c.date]!, len = de - ds;
      if (len === 0) return pos;
      let k = 0;
      if (len === this.lastDateLen) while (k < len && b[ds + k] === last[k]) k++;
      if (k !== len || len !== this.lastDateLen) {
        if (!parseDateBytes(b, ds, de, zone, date)) return pos;
        if (len <= last.length) {
          for (let j = 0; j < len; j++) last[j] = b[ds + j]!;
          this.lastDateLen = len;
        } else this.lastDateLen = -1;
      }
      const as = fs[c.amount]!, ae = fe[c.amount]!;
      if (as === ae) return pos;
      const amount = parseNumberBytes(b, as, ae);
      if (!Number.isFinite(amount)) return pos;
      if (endDay !== undefined && date.day > endDay) return pos;
      const cs = fs[c.customer]!, ce = fe[c.customer]!;
      if (cs === ce) return pos;
      builder.report.rowsRead++;
      const id = plainInteger(b, cs, ce);
      if (id < 0) {
        this.flush();
        builder.push(dict.codeOf(b, cs, ce), date.day, date.ms, amount, this.label, line.line);
      } else {
        builder.push(0, date.day, date.ms, amount, this.label, line.line);
        this.pendingId[this.pending] = id;
        this.pendingRow[this.pending] = builder.n - 1;
        if (++this.pending === this.pendingId.length) this.flush();
      }
      line.line++;
      pos = p + 1;
    }
    return pos;
  }
}
