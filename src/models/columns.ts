// Reading customer columns from an arquero table, an object of columns, or a CustomerSummary (internal).
import type { TimeUnit } from "../data/types.js";
import type { CustomerSummary } from "../summaries/types.js";
import { validateSummary } from "./validateSummary.js";

/** Anything with the arquero table methods clvlab uses. Kept structural so no arquero types leak into the API. */
export interface TableLike {
  numRows(): number;
  columnNames(): string[];
  array(name: string): ArrayLike<unknown>;
}

/**
 * Customer data accepted by the models: an arquero table, or an object of numeric columns (arrays or typed
 * arrays), e.g. a {@link CustomerSummary} (which also carries its `timeUnit`).
 */
export type CustomerData = TableLike | CustomerSummary | CustomerColumns;

/** Columns given as arrays or typed arrays (any subset the model needs; lifetimes/BTYD spellings accepted). */
export type CustomerColumns = { readonly [column: string]: ArrayLike<number> | unknown };

export interface ColumnSpec {
  /** Canonical name. */
  name: string;
  /** Other accepted names (lifetimes/BTYD spellings). */
  aliases?: string[];
  optional?: boolean;
}

export interface ReadColumns {
  n: number;
  columns: Record<string, Float64Array | undefined>;
  timeUnit?: TimeUnit;
  /**
   * Only when read with `deferFiniteCheck`: throws the error the eager check would have thrown for a non-finite value
   * (the first such row of the first such column, in `specs` order), and returns when every value is finite.
   */
  checkFinite?: () => void;
}

function isTable(d: unknown): d is TableLike {
  return typeof d === "object" && d !== null && typeof (d as TableLike).numRows === "function" && typeof (d as TableLike).array === "function";
}

/**
 * Reads the columns in `specs` as Float64Arrays, checking lengths and finiteness. `what` names the caller in errors.
 * `deferFiniteCheck` (default false) leaves the finiteness pass to a caller that checks finiteness in its own pass over
 * the rows and calls `checkFinite()` when it saw a non-finite value; every error is the one the eager check would throw.
 */
export function readColumns(data: CustomerData, specs: readonly ColumnSpec[], what: string, deferFiniteCheck = false): ReadColumns {
  if (data === null || typeof data !== "object") throw new Error(`${what}: expected an arquero table or an object of columns, got ${String(data)}`);
  const table = isTable(data);
  const names = table ? (data as TableLike).columnNames() : Object.keys(data);
  const get = (name: string): ArrayLike<unknown> | undefined => {
    if (table) return names.includes(name) ? (data as TableLike).array(name) : undefined;
    const v = (data as Record<string, unknown>)[name];
    return v === undefined ? undefined : (v as ArrayLike<unknown>);
  };
  const columns: Record<string, Float64Array | undefined> = {};
  let n = -1;
  let nFrom = "";
  // Columns read but not yet checked for finiteness (deferFiniteCheck): checked, in order, before any later error.
  const unchecked: [Float64Array, ArrayLike<unknown>, string][] = [];
  const checkFinite = () => {
    for (const [col, raw, found] of unchecked.splice(0)) requireFinite(col, raw, found, what);
  };
  // A non-finite value in an earlier column is the error the eager check reports first.
  const fail: (message: string) => never = (message) => {
    checkFinite();
    throw new Error(message);
  };
  for (const spec of specs) {
    const candidates = [spec.name, ...(spec.aliases ?? [])];
    const found = candidates.find((c) => get(c) !== undefined);
    if (found === undefined) {
      if (spec.optional) continue;
      fail(`${what}: missing column "${spec.name}" (columns found: ${names.join(", ") || "none"}); provide ${candidates.map((c) => `"${c}"`).join(" or ")}`);
    }
    const raw = get(found)!;
    if (typeof raw !== "object" || typeof raw.length !== "number") fail(`${what}: column "${found}" is not an array: pass one value per customer (an array or a typed array)`);
    const col = raw instanceof Float64Array ? raw : new Float64Array(raw.length);
    if (col !== raw) {
      const typed = ArrayBuffer.isView(raw);
      for (let i = 0; i < raw.length; i++) {
        const v = raw[i];
        // Only numbers: Number("12") or Number(true) would read a string or flag as a count without a word.
        if (!typed && typeof v !== "number") fail(`${what}: column "${found}" row ${i + 1} is ${typeof v === "string" ? `the string ${JSON.stringify(v)}` : `${String(v)} (${v === null ? "null" : typeof v})`}: every customer needs a number; convert the column with Number() or fix the row`);
        col[i] = Number(v);
      }
    }
    if (deferFiniteCheck) unchecked.push([col, raw, found]);
    else requireFinite(col, raw, found, what);
    if (n >= 0 && col.length !== n) fail(`${what}: column "${found}" has ${col.length} rows but "${nFrom}" has ${n}: columns must have equal lengths`);
    n = col.length;
    nFrom = found;
    columns[spec.name] = col;
  }
  const tu = !table ? (data as { timeUnit?: unknown }).timeUnit : undefined;
  const timeUnit = tu === "days" || tu === "weeks" || tu === "months" ? tu : undefined;
  return deferFiniteCheck ? { n: Math.max(n, 0), columns, timeUnit, checkFinite } : { n: Math.max(n, 0), columns, timeUnit };
}

/** Throws naming the first non-finite value of `col` (read from `raw`, column `found`). */
function requireFinite(col: Float64Array, raw: ArrayLike<unknown>, found: string, what: string): void {
  // NaN/±Infinity poison the sums: one branch-free pass, four independent sums so the adds do not wait on each other.
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (const m = col.length - 3; i < m; i += 4) {
    s0 += col[i]! * 0;
    s1 += col[i + 1]! * 0;
    s2 += col[i + 2]! * 0;
    s3 += col[i + 3]! * 0;
  }
  for (; i < col.length; i++) s0 += col[i]! * 0;
  if (s0 + s1 + s2 + s3 !== 0) {
    for (let i = 0; i < col.length; i++) {
      if (!Number.isFinite(col[i]!)) throw new Error(`${what}: column "${found}" row ${i + 1} is ${String(raw[i])}: every customer needs a finite number`);
    }
  }
}

/** Column specs shared by the continuous-time models. */
export const FREQUENCY: ColumnSpec = { name: "frequency", aliases: ["x"] };
export const RECENCY: ColumnSpec = { name: "recency", aliases: ["t_x", "tx"] };
export const AGE: ColumnSpec = { name: "T", aliases: ["t_cal", "T_cal"] };
export const WEIGHTS: ColumnSpec = { name: "weights", aliases: ["weight", "count", "custs"], optional: true };
export const MONETARY: ColumnSpec = { name: "monetaryValue", aliases: ["monetary_value", "zbar", "m_x"] };
export const PERIODS: ColumnSpec = { name: "periods", aliases: ["n", "n_cal"] };

/** Reads and validates (frequency, recency, T) for continuous-time models. */
export function readRft(data: CustomerData, what: string, withWeights: boolean): ReadColumns & { x: Float64Array; tx: Float64Array; T: Float64Array; w?: Float64Array } {
  const r = readColumns(data, withWeights ? [FREQUENCY, RECENCY, AGE, WEIGHTS] : [FREQUENCY, RECENCY, AGE], what);
  const x = r.columns.frequency!, tx = r.columns.recency!, T = r.columns.T!;
  const w = r.columns.weights;
  validateSummary({ frequency: x, recency: tx, T, weights: w }, what, withWeights); // fits read weights, predictions not
  return { ...r, x, tx, T: T, w };
}
