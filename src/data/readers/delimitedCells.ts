// The cells of a delimited record, as readRow reads them, and the check that a record has one field per header column.
import type { ByteDictionary } from "./byteDictionary.js";
import { parseDateBytes, type ParsedDate } from "../values/parseDate.js";
import { parseNumberBytes } from "../values/parseNumber.js";
import type { CellParsers } from "../values/dateFormat.js";
import type { RowCells, RowPlan } from "../rows/readRow.js";
import { customerCodeOfBytes } from "./plainRecords.js";
import type { LogBuilder } from "../rows/logBuilder.js";
import type { ZoneOffsets } from "../values/timeZone.js";
import type { RecordScanner } from "./recordScanner.js";

const decoder = new TextDecoder();

/** The cells of the current record for {@link readRow}: trimmed byte ranges, quoted cells with `""` unescaped. */
export class DelimitedCells implements RowCells {
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

/**
 * A row must have one field per header column: more fields usually mean an unquoted delimiter inside a value
 * (a thousands separator, `1,234.56`), fewer a cut or shifted row; either would put values in the wrong
 * columns. Trailing empty fields (a trailing delimiter) carry no value and are allowed. Returns true when the
 * row may be read (otherwise it was rejected or the load threw).
 */
export function checkFieldCount(builder: LogBuilder, cells: DelimitedCells, nf: number, width: number, plan: RowPlan, label: string, line: number, ws: boolean): boolean {
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
