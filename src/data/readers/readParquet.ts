// Parquet (hyparquet) through the value-typed reader core.
import { readFileSync } from "node:fs";
import { parquetMetadata, parquetRead, type SchemaElement } from "hyparquet";
import type { LogBuilder } from "../rows/logBuilder.js";
import { resolveColumns } from "./resolveColumns.js";
import { pushColumns, type Column, type ValueOptions } from "./readValues.js";

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
