// Readers for value-typed sources: JSON lines, Parquet (hyparquet) and arquero tables. Cells arrive as JS values
// (strings, numbers, bigints, Dates); each is validated and dictionary-encoded like the CSV reader does with bytes.
import { readFileSync } from "node:fs";
import { parquetMetadata, parquetRead } from "hyparquet";
import { cellFixes, cellParsers } from "./dateFormat.js";
import { parseDateValue, parsed } from "./parseDate.js";
import { parseNumberBytes, parseNumberValue } from "./parseNumber.js";
import { resolveColumns, type ColumnNames, type ResolvedColumns } from "./resolveColumns.js";
import type { LogBuilder } from "./logBuilder.js";

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
}

const MS_PER_DAY = 86_400_000;

const caches = new WeakMap<LogBuilder, Map<string, number>>();
function customerCache(b: LogBuilder): Map<string, number> {
  let m = caches.get(b);
  if (!m) caches.set(b, (m = new Map()));
  return m;
}

// The current cell when it is text bytes: `cellAt` returns BYTES and sets cbuf[ts, te) (trimmed).
const BYTES = Symbol("bytes");
const textDecoder = new TextDecoder();
let cbuf: Uint8Array = new Uint8Array(0);
let ts = 0, te = 0;
function trimRange(b: Uint8Array, s: number, e: number): void {
  while (s < e && (b[s] === 32 || b[s] === 9)) s++;
  while (e > s && (b[e - 1] === 32 || b[e - 1] === 9 || b[e - 1] === 13)) e--;
  cbuf = b;
  ts = s;
  te = e;
}
function cellAt(c: Column, i: number): unknown {
  if (c.pool) {
    trimRange(c.pool, c.off![i]!, c.off![i + 1]!);
    return BYTES;
  }
  const v = c.values![i];
  if (v instanceof Uint8Array) {
    trimRange(v, 0, v.length);
    return BYTES;
  }
  return v;
}
// Integer ids (Parquet INT32/INT64, JSON numbers) are written as decimal digits into a scratch buffer, so they get
// the same code as the same id read from text, without a string per row.
const digitBuf = new Uint8Array(24);
function writeDigits(v: number): number {
  let n = Math.abs(v), k = 24;
  do {
    digitBuf[--k] = 48 + (n % 10);
    n = Math.floor(n / 10);
  } while (n > 0);
  if (v < 0) digitBuf[--k] = 45;
  const len = 24 - k;
  digitBuf.copyWithin(0, k, 24);
  return len;
}

const isEmpty = (v: unknown): boolean =>
  v === BYTES ? te === ts : v === null || v === undefined || (typeof v === "string" && v.trim() === "");
const show = (v: unknown): string =>
  v === BYTES ? textDecoder.decode(cbuf.subarray(ts, te)) : v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : String(v);

/**
 * Pushes `n` rows of columns into the builder. `lineOf(i)` gives the line (JSONL) or 1-based row (Parquet,
 * arquero) used in messages.
 */
function pushColumns(builder: LogBuilder, label: string, cols: ResolvedColumns, names: readonly string[], get: (index: number) => Column | undefined, n: number, lineOf: (i: number) => number): void {
  const zone = builder.config.zone;
  const cfg = builder.config;
  const cells = cellParsers(zone, cfg.dateLayout, cfg.decimalComma === true, parseNumberBytes);
  const fixes = cellFixes(cfg.dateLayout, cfg.decimalComma === true);
  // Text cells follow the load's date layout and decimal mark; typed values (numbers, Dates) do not need them.
  const dateOf = (v: unknown): boolean => (v === BYTES ? cells.date(cbuf, ts, te) : typeof v === "string" ? cells.dateString(v) : parseDateValue(v, zone));
  const numberOf = (v: unknown): number => (v === BYTES ? cells.number(cbuf, ts, te) : typeof v === "string" ? cells.numberString(v) : parseNumberValue(v));
  const empty: Column = { values: [] };
  const cust = get(cols.customer) ?? empty;
  const date = get(cols.date) ?? empty;
  const amt = get(cols.amount) ?? empty;
  const qtyC = cols.quantity >= 0 ? get(cols.quantity) ?? empty : undefined;
  const costC = cols.cost >= 0 ? get(cols.cost) ?? empty : undefined;
  const marginC = cols.margin >= 0 ? get(cols.margin) ?? empty : undefined;
  const strs: Array<{ col: Column; name: string }> = [];
  if (cols.orderId >= 0) strs.push({ col: get(cols.orderId) ?? empty, name: "\u0000orderId" });
  if (cols.product >= 0) strs.push({ col: get(cols.product) ?? empty, name: "\u0000product" });
  for (const a of cols.attributes) strs.push({ col: get(a.index) ?? empty, name: a.name });
  const dicts = strs.map((s) => builder.stringColumn(s.name).dict);
  if (qtyC) builder.quantityColumn();
  if (costC || marginC) builder.costColumn();
  builder.reserve(n);
  const cache = customerCache(builder);
  const dayValues = date.days ? date.values : undefined;
  const pushRow = (i: number): void => {
    builder.report.rowsRead++;
    let ok: boolean;
    const dn = dayValues ? dayValues[i] : undefined;
    if (typeof dn === "number") {
      parsed.day = dn;
      parsed.ms = zone.localToUtc(dn * MS_PER_DAY);
      ok = true;
    } else {
      const dv = cellAt(date, i);
      ok = !isEmpty(dv) && dateOf(dv);
      if (!ok) {
        builder.reject("unparseable_date", label, lineOf(i), names[cols.date], show(dv), "cannot read date", fixes.date);
        return;
      }
    }
    const day = parsed.day, ms = parsed.ms;
    const av = cols.amount >= 0 ? cellAt(amt, i) : 0;
    const amount = cols.amount < 0 ? 0 : isEmpty(av) ? NaN : numberOf(av);
    if (!Number.isFinite(amount)) {
      builder.reject("unparseable_amount", label, lineOf(i), names[cols.amount], show(av), "cannot read amount", fixes.amount);
      return;
    }
    let qty = 1, cost = NaN;
    if (qtyC) {
      const qv = cellAt(qtyC, i);
      if (!isEmpty(qv)) {
        qty = numberOf(qv);
        if (!Number.isFinite(qty)) {
          builder.reject("unparseable_amount", label, lineOf(i), names[cols.quantity], show(qv), "cannot read quantity", "use a number");
          return;
        }
      }
    }
    if (costC) {
      const kv = cellAt(costC, i);
      if (!isEmpty(kv)) {
        cost = numberOf(kv);
        if (!Number.isFinite(cost)) {
          builder.reject("unparseable_amount", label, lineOf(i), names[cols.cost], show(kv), "cannot read cost", "use a number");
          return;
        }
      }
    }
    if (marginC) {
      const mv = cellAt(marginC, i);
      if (!isEmpty(mv)) {
        const margin = numberOf(mv);
        if (!Number.isFinite(margin)) {
          builder.reject("unparseable_amount", label, lineOf(i), names[cols.margin], show(mv), "cannot read margin", "use a number");
          return;
        }
        cost = amount - margin;
      }
    }
    if (builder.afterEnd(day, label, lineOf(i))) return;
    const cv = cellAt(cust, i);
    if (isEmpty(cv)) {
      builder.reject("missing_customer", label, lineOf(i), names[cols.customer], "", "missing customer id", "every row needs a customer id");
      return;
    }
    let code: number;
    if (cv === BYTES) code = builder.customers.codeOf(cbuf, ts, te);
    else if (typeof cv === "string") {
      // Repeated ids give equal strings: a Map hit skips the UTF-8 encoding and hashing.
      const hit = cache.get(cv);
      if (hit !== undefined) code = hit;
      else {
        code = builder.customers.codeOfString(cv.trim());
        if (cache.size < 4_000_000) cache.set(cv, code);
      }
    } else if (typeof cv === "number" && Number.isSafeInteger(cv)) code = cv >= 0 ? builder.customers.codeOfInt(cv) : builder.customers.codeOf(digitBuf, 0, writeDigits(cv));
    else code = builder.customers.codeOfString(show(cv));
    if (!builder.push(code, day, ms, amount, label, lineOf(i))) return;
    const r = builder.n - 1;
    if (qtyC) builder.quantity![r] = qty;
    if (costC || marginC) builder.cost![r] = cost;
    for (let k = 0; k < strs.length; k++) {
      const v = cellAt(strs[k]!.col, i);
      const codes = builder.stringCols.get(strs[k]!.name)!.codes;
      if (isEmpty(v)) codes[r] = 0;
      else if (v === BYTES) codes[r] = dicts[k]!.codeOf(cbuf, ts, te);
      else codes[r] = dicts[k]!.codeOfString(show(v));
    }
  };
  // Fast path: integer ids, DATE days and numeric amounts, nothing else (Parquet of a plain log).
  if (cust.values instanceof Float64Array && dayValues instanceof Float64Array && amt.values instanceof Float64Array && !qtyC && !costC && !marginC && strs.length === 0 && zone.isUtc) {
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
  for (let k = 1; k < schema.length; k++) {
    const el = schema[k]!;
    if (el.num_children) throw new Error(`${label}: nested Parquet column ${JSON.stringify(el.name)}: flatten it to one value per row`);
    names.push(el.name);
    isDate.push(el.converted_type === "DATE" || el.logical_type?.type === "DATE");
  }
  const cols = resolveColumns(names, opts.names, opts.attributes, label, builder.config.noAmount !== true);
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
    const start = rowStart;
    pushColumns(builder, label, cols, names, (i) => data.get(names[i]!)?.column(isDate[i]!), n, (i) => start + i + 1);
    rowStart = rowEnd;
  }
  return builder.report.rowsRead - before;
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

  column(days: boolean): Column {
    if (this.pool) {
      if (this.filled < this.n) this.toValues();
      else return { pool: this.pool, off: this.off!, days };
    }
    if (this.num) return { values: this.num, days };
    return { values: this.values!, days };
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
