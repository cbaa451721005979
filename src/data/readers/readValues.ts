// The shared core of the value-typed readers (JSON lines, Parquet, arquero): cells arrive as JS values (strings,
// numbers, bigints, Dates) and are validated and dictionary-encoded through `readRow`, like the CSV reader does with bytes.
import type { ByteDictionary } from "./byteDictionary.js";
import { parseDateBytes, parseDateValue, type ParsedDate } from "../values/parseDate.js";
import type { CellParsers } from "../values/dateFormat.js";
import { readRow, rowPlan, type RowCells } from "../rows/readRow.js";
import type { ZoneOffsets } from "../values/timeZone.js";
import { parseNumberBytes, parseNumberValue } from "../values/parseNumber.js";
import type { ColumnNames, ResolvedColumns } from "./resolveColumns.js";
import type { LogBuilder } from "../rows/logBuilder.js";

export interface ValueOptions {
  names: ColumnNames;
  attributes: "all" | "none" | readonly string[];
}

/**
 * A column of cells: JS values, or (Parquet text) a byte pool with row offsets so no object per cell outlives
 * the page it came from. `days` marks a column of calendar-day numbers (Parquet DATE).
 */
export interface Column {
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
export function pushColumns(builder: LogBuilder, label: string, cols: ResolvedColumns, names: readonly string[], get: (index: number) => Column | undefined, n: number, lineOf: (i: number) => number): void {
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
