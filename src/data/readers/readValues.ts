// Readers for value-typed sources: JSON lines, Parquet (hyparquet) and arquero tables. Cells arrive as JS values
// (strings, numbers, bigints, Dates); each is validated and dictionary-encoded like the CSV reader does with bytes.
import { readFileSync } from "node:fs";
import { parquetMetadata, parquetRead, type SchemaElement } from "hyparquet";
import type { ByteDictionary } from "./byteDictionary.js";
import { parseDateBytes, parseDateValue, type ParsedDate } from "../values/parseDate.js";
import type { CellParsers } from "../values/dateFormat.js";
import { readRow, rowPlan, type RowCells } from "../rows/readRow.js";
import type { ZoneOffsets } from "../values/timeZone.js";
import { parseNumberBytes, parseNumberValue } from "../values/parseNumber.js";
import { resolveColumns, type ColumnNames, type ResolvedColumns } from "./resolveColumns.js";
import type { LogBuilder } from "../rows/logBuilder.js";

export interface ValueOptions {
  names: ColumnNames;
  attributes: "all" | "none" | readonly string[];
}

/**
 * A column of cells: JS values, or (Parquet text) a byte pool with row offsets so no object per cell outlives
 * the page it came from. `days` marks a column of calendar-day numbers (Parquet DATE).
 */
interface Column {
  values?: ArrayLike<unknown>;
  pool?: Uint8Array;
  off?: Int32Array;
  days?: boolean;
  /** A Parquet TIMESTAMP column: its numbers are epoch milliseconds whatever their size. */
  instants?: boolean;
}

/**
 * Numbers smaller than this are not taken as epoch milliseconds in JSON or arquero (1e11 ms is 1973-03-03):
 * they are far more often YYYYMMDD (20240101) or epoch seconds, which would silently become January 1970.
 */
const MIN_EPOCH_MS = 1e11;

const MS_PER_DAY = 86_400_000;
const textDecoder = new TextDecoder();

/**
 * The cells of one row of value columns, for {@link readRow}. Text cells (byte pools, Uint8Array values) are
 * read as bytes in place; other cells as JS values. State lives in the instance (one per file), not the module.
 */
class ValueCells implements RowCells {
  row = 0;
  private v: unknown = undefined;
  private bytes = false;
  private b: Uint8Array = new Uint8Array(0);
  private s = 0;
  private e = 0;
  private days = false;
  private instants = false;
  private readonly scratch = new Uint8Array(64);
  // Integer ids (Parquet INT32/INT64, JSON numbers) are written as decimal digits, so they get the same code as the same id read from text.
  private readonly digits = new Uint8Array(24);
  // Repeated string ids give equal strings: a Map hit skips the UTF-8 encoding and hashing.
  private readonly idCache = new Map<string, number>();

  constructor(private readonly columns: ReadonlyArray<Column | undefined>) {}

  select(index: number): boolean {
    const c = index >= 0 ? this.columns[index] : undefined;
    this.bytes = false;
    this.days = false;
    if (!c) {
      this.v = undefined;
      return false;
    }
    const i = this.row;
    if (c.pool) return this.trim(c.pool, c.off![i]!, c.off![i + 1]!);
    const v = c.values![i];
    if (v instanceof Uint8Array) return this.trim(v, 0, v.length);
    this.v = v;
    this.days = c.days === true && typeof v === "number";
    this.instants = c.instants === true;
    return !(v === null || v === undefined || (typeof v === "number" && Number.isNaN(v) && c.values instanceof Float64Array) || (typeof v === "string" && v.trim() === ""));
  }

  private trim(b: Uint8Array, s: number, e: number): boolean {
    while (s < e && (b[s] === 32 || b[s] === 9)) s++;
    while (e > s && (b[e - 1] === 32 || b[e - 1] === 9 || b[e - 1] === 13)) e--;
    this.bytes = true;
    this.b = b;
    this.s = s;
    this.e = e;
    return e > s;
  }

  date(zone: ZoneOffsets, out: ParsedDate, parse: CellParsers): boolean {
    if (this.bytes) return parse.custom ? parse.date(this.b, this.s, this.e, out) : parseDateBytes(this.b, this.s, this.e, zone, out);
    if (parse.custom && typeof this.v === "string") return parse.dateString(this.v, out);
    if (this.days) {
      // Parquet DATE: a calendar-day number, that local midnight in the load's zone
      const dn = this.v as number;
      if (dn !== Math.floor(dn)) return false;
      out.day = dn;
      out.ms = zone.localToUtc(dn * MS_PER_DAY);
      return true;
    }
    const v = this.v;
    if ((typeof v === "number" || typeof v === "bigint") && !this.instants && !(Math.abs(Number(v)) >= MIN_EPOCH_MS)) return false;
    return parseDateValue(v, zone, out, this.scratch);
  }

  number(parse: CellParsers): number {
    if (this.bytes) return parse.custom ? parse.number(this.b, this.s, this.e) : parseNumberBytes(this.b, this.s, this.e);
    return parse.custom && typeof this.v === "string" ? parse.numberString(this.v) : parseNumberValue(this.v);
  }

  show(): string {
    if (this.bytes) return textDecoder.decode(this.b.subarray(this.s, this.e));
    const v = this.v;
    return v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : String(v);
  }

  customerCode(dict: ByteDictionary): number {
    if (this.bytes) return dict.codeOf(this.b, this.s, this.e);
    const v = this.v;
    if (typeof v === "string") {
      const hit = this.idCache.get(v);
      if (hit !== undefined) return hit;
      const code = dict.codeOfString(v.trim());
      if (this.idCache.size < 4_000_000) this.idCache.set(v, code);
      return code;
    }
    if (typeof v === "number" && Number.isSafeInteger(v)) return v >= 0 ? dict.codeOfInt(v) : dict.codeOf(this.digits, 0, writeDigits(v, this.digits));
    return dict.codeOfString(this.show());
  }

  stringCode(dict: ByteDictionary, empty: boolean): number {
    if (empty) return 0;
    return this.bytes ? dict.codeOf(this.b, this.s, this.e) : dict.codeOfString(this.show());
  }
}

/** Writes the decimal digits of the integer `v` to the start of `buf`; returns their count. */
function writeDigits(v: number, buf: Uint8Array): number {
  let n = Math.abs(v), k = 24;
  do {
    buf[--k] = 48 + (n % 10);
    n = Math.floor(n / 10);
  } while (n > 0);
  if (v < 0) buf[--k] = 45;
  const len = 24 - k;
  buf.copyWithin(0, k, 24);
  return len;
}

/**
 * Pushes `n` rows of columns into the builder. `lineOf(i)` gives the line (JSONL) or 1-based row (Parquet,
 * arquero) used in messages.
 */
function pushColumns(builder: LogBuilder, label: string, cols: ResolvedColumns, names: readonly string[], get: (index: number) => Column | undefined, n: number, lineOf: (i: number) => number): void {
  const zone = builder.config.zone;
  const byIndex: Array<Column | undefined> = [];
  const used = [cols.customer, cols.date, cols.amount, cols.orderId, cols.quantity, cols.product, cols.cost, cols.margin, ...cols.attributes.map((a) => a.index)];
  for (const k of used) if (k >= 0) byIndex[k] = get(k);
  const plan = rowPlan(builder, cols, (k) => names[k] ?? `#${k + 1}`);
  const cells = new ValueCells(byIndex);
  builder.reserve(n);
  const pushRow = (i: number): void => {
    cells.row = i;
    readRow(builder, cells, plan, label, lineOf(i));
  };
  const cust = byIndex[cols.customer], date = byIndex[cols.date], amt = byIndex[cols.amount];
  const dayValues = date?.days ? date.values : undefined;
  const hasOptional = cols.quantity >= 0 || cols.cost >= 0 || cols.margin >= 0 || plan.strings.length > 0;
  // Fast path: integer ids, DATE days and numeric amounts, nothing else (Parquet of a plain log).
  if (cust?.values instanceof Float64Array && dayValues instanceof Float64Array && amt?.values instanceof Float64Array && !hasOptional && zone.isUtc) {
    const ids = cust.values, days = dayValues, amounts = amt.values;
    const dict = builder.customers;
    const endDay = builder.config.observationEndDay ?? Infinity;
    builder.reserve(n);
    let k = builder.n, read = 0;
    const { customer, day, ts, amount } = builder;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!, dn = days[i]!, a = amounts[i]!;
      if (id >= 0 && id <= 0x7fffffff && id === Math.floor(id) && dn === Math.floor(dn) && dn <= endDay && a >= 0 && a < Infinity) {
        read++;
        customer[k] = dict.codeOfInt(id);
        day[k] = dn;
        ts[k] = dn * MS_PER_DAY;
        amount[k] = a;
        k++;
      } else {
        // anything unusual (returns, late rows, bad values) goes through the general path with its accounting
        builder.n = k;
        builder.report.rowsRead += read;
        read = 0;
        pushRow(i);
        k = builder.n;
      }
    }
    builder.n = k;
    builder.report.rowsRead += read;
    return;
  }
  for (let i = 0; i < n; i++) pushRow(i);
}

/** JSON lines: one object per line; columns are the keys of the first object. Returns rows read. */
export function readJsonLinesText(text: string, label: string, builder: LogBuilder, opts: ValueOptions, firstLine = 1): number {
  const before = builder.report.rowsRead;
  const lines = text.split("\n");
  const objs: Array<Record<string, unknown>> = [];
  const lineNo: number[] = [];
  for (let k = 0; k < lines.length; k++) {
    const t = lines[k]!.trim();
    if (t === "") continue;
    let o: unknown;
    try {
      o = JSON.parse(t);
    } catch {
      throw new Error(`${label} line ${firstLine + k}: not valid JSON ${JSON.stringify(t.slice(0, 80))}: write one JSON object per line`);
    }
    if (o === null || typeof o !== "object" || Array.isArray(o)) throw new Error(`${label} line ${firstLine + k}: expected a JSON object, got ${JSON.stringify(t.slice(0, 80))}: write one object per line`);
    objs.push(o as Record<string, unknown>);
    lineNo.push(firstLine + k);
  }
  if (objs.length === 0) return 0;
  const names = Object.keys(objs[0]!);
  const cols = resolveColumns(names, opts.names, opts.attributes, label, builder.config.noAmount !== true);
  const colCache = new Map<number, Column>();
  const get = (index: number): Column => {
    let c = colCache.get(index);
    if (!c) {
      const name = names[index]!;
      c = { values: objs.map((o) => o[name]) };
      colCache.set(index, c);
    }
    return c;
  };
  pushColumns(builder, label, cols, names, get, objs.length, (i) => lineNo[i]!);
  return builder.report.rowsRead - before;
}

/** A Parquet file, read row group by row group with hyparquet (only the needed columns are decoded). */
export async function readParquetBytes(bytes: Uint8Array, label: string, builder: LogBuilder, opts: ValueOptions): Promise<number> {
  const before = builder.report.rowsRead;
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata;
  try {
    metadata = parquetMetadata(file);
  } catch (err) {
    throw new Error(`${label}: not a readable Parquet file (${err instanceof Error ? err.message : String(err)}): check the file or its extension`);
  }
  // Top-level columns (flat schemas): children of the root element.
  const schema = metadata.schema;
  const names: string[] = [];
  const isDate: boolean[] = [];
  const isInstant: boolean[] = [];
  for (let k = 1; k < schema.length; k++) {
    const el = schema[k]!;
    if (el.num_children) throw new Error(`${label}: nested Parquet column ${JSON.stringify(el.name)}: flatten it to one value per row`);
    names.push(el.name);
    isDate.push(el.converted_type === "DATE" || el.logical_type?.type === "DATE");
    isInstant.push(el.logical_type?.type === "TIMESTAMP" || el.converted_type === "TIMESTAMP_MILLIS" || el.converted_type === "TIMESTAMP_MICROS" || el.type === "INT96");
  }
  const cols = resolveColumns(names, opts.names, opts.attributes, label, builder.config.noAmount !== true);
  checkParquetDateType(schema[cols.date + 1]!, label);
  const wanted = [cols.customer, cols.date, cols.amount, cols.orderId, cols.quantity, cols.product, cols.cost, cols.margin, ...cols.attributes.map((a) => a.index)].filter((i) => i >= 0);
  const wantedNames = wanted.map((i) => names[i]!);
  builder.reserve(Number(metadata.num_rows));
  let rowStart = 0;
  const sinks = new Map<string, ChunkSink>();
  for (const rg of metadata.row_groups) {
    const n = Number(rg.num_rows);
    const rowEnd = rowStart + n;
    for (const sink of sinks.values()) sink.reset(n);
    const data = new Map<string, ChunkSink>();
    try {
        await parquetRead({
        file,
        metadata,
        columns: wantedNames,
        rowStart,
        rowEnd,
        parsers: {
          dateFromDays: (d: number) => d,
          stringFromBytes: (b: Uint8Array | undefined) => b,
          timestampFromMilliseconds: (v: bigint) => Number(v),
          timestampFromMicroseconds: (v: bigint) => Number(v) / 1e3,
          timestampFromNanoseconds: (v: bigint) => Number(v) / 1e6,
        } as never,
        onChunk: (chunk) => {
          let sink = data.get(chunk.columnName);
          if (!sink) {
            sink = sinks.get(chunk.columnName);
            if (!sink) {
              sink = new ChunkSink();
              sink.reset(n);
              sinks.set(chunk.columnName, sink);
            }
            data.set(chunk.columnName, sink);
          }
          sink.add(chunk.columnData as ArrayLike<unknown>, chunk.rowStart - rowStart, chunk.rowEnd - rowStart);
        },
      });
    } catch (err) {
      // hyparquet fails on damaged pages with whatever JS error the bad bytes lead to
      throw new Error(`${label}: damaged Parquet file, row group at row ${rowStart + 1} cannot be decoded (${err instanceof Error ? err.message : String(err)}): re-export or re-copy the file`);
    }
    const start = rowStart;
    pushColumns(builder, label, cols, names, (i) => data.get(names[i]!)?.column(isDate[i]!, isInstant[i]!), n, (i) => start + i + 1);
    rowStart = rowEnd;
  }
  return builder.report.rowsRead - before;
}

/**
 * A date column must say it holds dates: a DATE or TIMESTAMP type (logical or converted), INT96 (legacy
 * timestamps) or text for the date parser. Plain numbers (INT32 20240101, DOUBLE, INT64) would be read as epoch
 * milliseconds, every date 1970-01-01, so they are an error.
 */
function checkParquetDateType(el: SchemaElement, label: string): void {
  const lt = el.logical_type?.type;
  const ct = el.converted_type;
  if (lt === "DATE" || lt === "TIMESTAMP" || ct === "DATE" || ct === "TIMESTAMP_MILLIS" || ct === "TIMESTAMP_MICROS") return;
  if (el.type === "INT96" || el.type === "BYTE_ARRAY" || el.type === "FIXED_LEN_BYTE_ARRAY") return;
  throw new Error(`${label}: date column ${JSON.stringify(el.name)} is stored as ${el.type ?? "an unknown type"}${ct ? ` (${ct})` : ""} without a DATE or TIMESTAMP type, so its values (such as 20240101) are not dates: write it as a Parquet DATE or TIMESTAMP column, or as text YYYY-MM-DD`);
}

/**
 * Collects one column of a row group from hyparquet's page chunks into compact form right away: numbers into a
 * Float64Array, byte strings into one pool with offsets, anything else into an array. Page-sized arrays of
 * per-cell objects then die young instead of surviving (and being copied by) the garbage collector.
 */
class ChunkSink {
  private n = 0;
  private num: Float64Array | undefined;
  private pool: Uint8Array | undefined;
  private off: Int32Array | undefined;
  private used = 0;
  private filled = 0;
  private values: unknown[] | undefined;
  // Buffers kept across row groups (allocating 8 MB per column and row group makes the GC work for nothing).
  private numBuf: Float64Array | undefined;
  private poolBuf: Uint8Array | undefined;
  private offBuf: Int32Array | undefined;

  /** Starts a row group of `n` rows. */
  reset(n: number): void {
    if (this.num) this.numBuf = this.num;
    if (this.pool) {
      this.poolBuf = this.pool;
      this.offBuf = this.off;
    }
    this.n = n;
    this.num = undefined;
    this.pool = undefined;
    this.off = undefined;
    this.values = undefined;
    this.used = 0;
    this.filled = 0;
  }

  add(src: ArrayLike<unknown>, lo: number, hi: number): void {
    const from = Math.max(0, lo), to = Math.min(this.n, hi);
    if (to <= from) return;
    const first = src[from - lo];
    if (!this.values && !this.pool && !this.num) {
      if (first instanceof Uint8Array) {
        this.pool = this.poolBuf ?? new Uint8Array(1 << 16);
        this.off = this.offBuf && this.offBuf.length >= this.n + 1 ? this.offBuf : new Int32Array(this.n + 1);
        this.off[0] = 0;
      } else if (typeof first === "number" || typeof first === "bigint") {
        this.num = this.numBuf && this.numBuf.length >= this.n ? this.numBuf.subarray(0, this.n) : new Float64Array(this.n);
        this.num.fill(NaN);
      }
      else this.values = new Array(this.n);
    }
    if (this.pool && from === this.filled) {
      let ok = true;
      for (let r = from; r < to; r++) {
        const v = src[r - lo];
        if (!(v instanceof Uint8Array)) {
          ok = false;
          break;
        }
        let pool: Uint8Array = this.pool;
        if (this.used + v.length > pool.length) {
          const next: Uint8Array = new Uint8Array(Math.max(pool.length * 2, this.used + v.length));
          next.set(pool.subarray(0, this.used));
          this.pool = pool = next;
        }
        pool.set(v, this.used);
        this.used += v.length;
        this.off![r + 1] = this.used;
        this.filled = r + 1;
      }
      if (ok) return;
    }
    if (this.num) {
      let ok = true;
      for (let r = from; r < to; r++) {
        const v = src[r - lo];
        if (typeof v === "number") this.num[r] = v;
        else if (typeof v === "bigint" && v <= 9007199254740991n && v >= -9007199254740991n) this.num[r] = Number(v);
        else {
          ok = false;
          break;
        }
      }
      if (ok) return;
    }
    // Mixed or out-of-order cells: fall back to an array of values.
    this.toValues();
    for (let r = from; r < to; r++) this.values![r] = src[r - lo];
  }

  private toValues(): void {
    if (this.values) return;
    const vals = new Array<unknown>(this.n);
    if (this.pool) for (let r = 0; r < this.filled; r++) vals[r] = this.pool.slice(this.off![r]!, this.off![r + 1]!);
    if (this.num) for (let r = 0; r < this.n; r++) vals[r] = Number.isNaN(this.num[r]!) ? undefined : this.num[r];
    this.pool = undefined;
    this.num = undefined;
    this.values = vals;
  }

  column(days: boolean, instants: boolean): Column {
    if (this.pool) {
      if (this.filled < this.n) this.toValues();
      else return { pool: this.pool, off: this.off!, days, instants };
    }
    if (this.num) return { values: this.num, days, instants };
    return { values: this.values!, days, instants };
  }
}

/** Reads a Parquet file from disk. */
export async function readParquetFile(path: string, label: string, builder: LogBuilder, opts: ValueOptions): Promise<number> {
  return readParquetBytes(readFileSync(path), label, builder, opts);
}

/** The parts of an arquero table the loader uses (duck-typed so arquero types stay out of the public .d.ts). */
export interface ArqueroLike {
  numRows(): number;
  columnNames(): string[];
  array(name: string): ArrayLike<unknown>;
}

/** True for an arquero table (or anything with the same three methods). */
export function isArqueroLike(x: unknown): x is ArqueroLike {
  const t = x as ArqueroLike;
  return !!t && typeof t === "object" && typeof t.numRows === "function" && typeof t.columnNames === "function" && typeof t.array === "function";
}

/** Reads an arquero table. */
export function readArquero(table: ArqueroLike, label: string, builder: LogBuilder, opts: ValueOptions): number {
  const before = builder.report.rowsRead;
  const names = table.columnNames();
  const cols = resolveColumns(names, opts.names, opts.attributes, label, builder.config.noAmount !== true);
  const cache = new Map<number, Column>();
  const get = (i: number): Column => {
    let c = cache.get(i);
    if (!c) cache.set(i, (c = { values: table.array(names[i]!) }));
    return c;
  };
  pushColumns(builder, label, cols, names, get, table.numRows(), (i) => i + 1);
  return builder.report.rowsRead - before;
}
