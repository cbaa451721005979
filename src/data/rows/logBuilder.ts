// Accumulates parsed rows of one load into growable typed arrays, keeps the rejection report, and at the end
// applies the duplicate policy (exact duplicates found by duplicateRows.ts) and assembles the TransactionLog.
// Shared by every reader (CSV, Parquet, JSONL, arquero).
import { ByteDictionary } from "../readers/byteDictionary.js";
import { findDuplicateRows } from "./duplicateRows.js";
import type { DateLayout } from "../values/dateFormat.js";
import type { RejectionReason, RejectionReport, TransactionLog } from "../types.js";
import type { ZoneOffsets } from "../values/timeZone.js";

/** Optional columns a load can map beside the required customer, date and amount. */
export type OptionalRole = "orderId" | "quantity" | "product" | "cost";

const EXAMPLES_PER_REASON = 5;

/** Thrown for bad input in strict mode; the loader adds nothing to it. */
export class InputError extends Error {}

export interface BuilderConfig {
  zone: ZoneOffsets;
  /** Last day (day number) kept; later rows are rejected as after_observation_end. */
  observationEndDay: number | undefined;
  strict: boolean;
  dropDuplicates: boolean;
  /** Date layout of text dates (default ISO 8601). */
  dateLayout?: DateLayout;
  /** Numbers in text use a decimal comma ("12,50"). */
  decimalComma?: boolean;
  /** Count data: no amount column; every row is a purchase of amount 0. */
  noAmount?: boolean;
}

export class LogBuilder {
  n = 0;
  private cap: number;
  customer: Int32Array;
  day: Int32Array;
  ts: Float64Array;
  amount: Float64Array;
  quantity: Float64Array | undefined;
  cost: Float64Array | undefined;
  readonly customers = new ByteDictionary(true);
  /** Dictionary-coded string columns: orderId, product and attributes, by name. */
  readonly stringCols = new Map<string, { dict: ByteDictionary; codes: Int32Array }>();
  readonly report: RejectionReport = { rowsRead: 0, rowsUsed: 0, counts: {}, examples: [], returns: 0, duplicateRows: 0, files: [] };
  readonly config: BuilderConfig;

  constructor(config: BuilderConfig, capacity = 1024) {
    this.config = config;
    this.cap = Math.max(16, capacity);
    this.customer = new Int32Array(this.cap);
    this.day = new Int32Array(this.cap);
    this.ts = new Float64Array(this.cap);
    this.amount = new Float64Array(this.cap);
  }

  /** Makes room for `extra` more rows. */
  reserve(extra: number): void {
    const need = this.n + extra;
    if (need <= this.cap) return;
    let cap = this.cap;
    while (cap < need) cap = Math.ceil(cap * 1.5);
    this.resize(cap);
  }

  private resize(cap: number): void {
    this.cap = cap;
    const n = this.n;
    this.customer = growI(this.customer, cap, n);
    this.day = growI(this.day, cap, n);
    this.ts = growF(this.ts, cap, n, 0);
    this.amount = growF(this.amount, cap, n, 0);
    if (this.quantity) this.quantity = growF(this.quantity, cap, n, 1);
    if (this.cost) this.cost = growF(this.cost, cap, n, NaN);
    for (const col of this.stringCols.values()) col.codes = growI(col.codes, cap, n);
  }

  /**
   * Makes room for `rows` rows in total, estimated from the bytes left to read: the first such estimate grows
   * the columns to exactly that (no geometric overshoot, which at 10^7 rows would hold 5·10^6 unused rows),
   * later ones geometrically, so a poor estimate costs at most a few copies.
   */
  reserveEstimate(rows: number): void {
    if (rows <= this.cap) return;
    if (this.estimated) this.reserve(rows - this.n);
    else this.resize(rows);
    this.estimated = true;
  }

  private estimated = false;

  /** The quantity column, created on first use; rows before it get 1 (one unit per line unless told). */
  quantityColumn(): Float64Array {
    if (!this.quantity) this.quantity = new Float64Array(this.cap).fill(1);
    return this.quantity;
  }

  /** The cost column, created on first use; rows without a cost get NaN (unknown, never a silent 0). */
  costColumn(): Float64Array {
    if (!this.cost) this.cost = new Float64Array(this.cap).fill(NaN);
    return this.cost;
  }

  /** A string column by name, created on first use; rows before it get "" (code of the empty string). */
  stringColumn(name: string): { dict: ByteDictionary; codes: Int32Array } {
    let col = this.stringCols.get(name);
    if (!col) {
      const dict = new ByteDictionary();
      dict.codeOf(new Uint8Array(0), 0, 0); // code 0 is ""
      col = { dict, codes: new Int32Array(this.cap) };
      this.stringCols.set(name, col);
    }
    return col;
  }

  /**
   * Records a bad row: throws in strict mode (with `fix` appended), otherwise counts it with an example.
   * Validation failures carry a fix; policy rejections (after the observation end, duplicates) never throw.
   */
  reject(reason: RejectionReason, file: string, line: number, column: string | undefined, value: string | undefined, problem?: string, fix?: string): void {
    if (problem !== undefined && this.config.strict) {
      const where = `${file} line ${line}${column !== undefined ? `, column ${JSON.stringify(column)}` : ""}`;
      throw new InputError(`${where}: ${problem} ${JSON.stringify(value ?? "")}${fix ? `: ${fix}` : ""}; or load with invalidRows: "reject" (CLI --skip-invalid) to count and skip such rows`);
    }
    this.count(reason);
    this.example(reason, file, line, column, value);
  }

  private count(reason: RejectionReason): void {
    this.report.counts[reason] = (this.report.counts[reason] ?? 0) + 1;
  }

  private example(reason: RejectionReason, file: string, line: number, column?: string, value?: string): void {
    let k = 0;
    for (const ex of this.report.examples) if (ex.reason === reason) k++;
    if (k >= EXAMPLES_PER_REASON) return;
    const ex: RejectionReport["examples"][number] = { reason, file, line };
    if (column !== undefined) ex.column = column;
    if (value !== undefined) ex.value = value;
    this.report.examples.push(ex);
  }

  /** True (and counted) when `day` is after the observation end; callers check before encoding the customer so such rows add no customer. */
  afterEnd(day: number, file: string, line: number): boolean {
    if (this.config.observationEndDay === undefined || day <= this.config.observationEndDay) return false;
    this.count("after_observation_end");
    this.example("after_observation_end", file, line);
    return true;
  }

  /**
   * Appends a parsed row (the optional columns are set by the caller on index `this.n - 1` after this returns
   * true). Returns false when the row is after the observation end (it is then counted, not stored).
   */
  push(customer: number, day: number, ms: number, amount: number, file: string, line: number): boolean {
    if (this.config.observationEndDay !== undefined && day > this.config.observationEndDay) {
      this.count("after_observation_end");
      this.example("after_observation_end", file, line);
      return false;
    }
    if (this.n === this.cap) this.reserve(1);
    const i = this.n++;
    this.customer[i] = customer;
    this.day[i] = day;
    this.ts[i] = ms;
    this.amount[i] = amount;
    if (amount < 0) {
      this.count("return");
      this.example("return", file, line, undefined, String(amount));
    }
    return true;
  }

  /** Finds exact duplicates, applies the duplicate policy and returns the log. */
  finish(): TransactionLog {
    let keep: Uint8Array | undefined;
    const dups = findDuplicateRows(this.n, this, [...this.stringCols.values()].map((c) => c.codes));
    this.report.duplicateRows = dups.count;
    if (dups.count > 0 && this.config.dropDuplicates) {
      keep = new Uint8Array(this.n).fill(1);
      for (let i = 0; i < this.n; i++) if (dups.isDup[i]) keep[i] = 0;
      this.report.counts.duplicate_row = (this.report.counts.duplicate_row ?? 0) + dups.count;
      this.report.counts.return = 0;
      for (let i = 0; i < this.n; i++) if (keep[i] && this.amount[i]! < 0) this.report.counts.return++;
    }
    const m = keep ? this.n - dups.count : this.n;
    const pick = <T extends Int32Array | Float64Array>(a: T): T => {
      // A view when nothing is dropped (no copy of up to 10^7 rows); it keeps the spare capacity, at most half again.
      if (!keep) return a.subarray(0, this.n) as T;
      const out = new (a.constructor as { new (n: number): T })(m);
      let j = 0;
      for (let i = 0; i < this.n; i++) if (keep[i]) out[j++] = a[i]!;
      return out;
    };
    const strings = (col: { dict: ByteDictionary; codes: Int32Array }): string[] => {
      const out = new Array<string>(m);
      const s = col.dict.strings;
      let j = 0;
      for (let i = 0; i < this.n; i++) if (!keep || keep[i]) out[j++] = s[col.codes[i]!]!;
      return out;
    };
    const returns = this.report.counts.return ?? 0;
    if (!this.report.counts.return) delete this.report.counts.return;
    this.report.returns = returns;
    this.report.rowsUsed = m - returns;
    const attributes: Record<string, string[]> = {};
    let orderId: string[] | undefined;
    let product: string[] | undefined;
    for (const [name, col] of this.stringCols) {
      if (name === "\u0000orderId") orderId = strings(col);
      else if (name === "\u0000product") product = strings(col);
      else attributes[name] = strings(col);
    }
    // Customers with every row dropped as duplicate still keep their code; none is lost since a duplicate has an original.
    return {
      length: m,
      customerIds: this.customers.strings,
      customer: pick(this.customer),
      day: pick(this.day),
      timestamp: pick(this.ts),
      amount: pick(this.amount),
      ...(orderId ? { orderId } : {}),
      ...(this.quantity ? { quantity: pick(this.quantity) } : {}),
      ...(product ? { product } : {}),
      ...(this.cost ? { cost: pick(this.cost) } : {}),
      attributes,
      timeZone: this.config.zone.zone,
      report: this.report,
    };
  }
}

// Only the n rows in use are copied: the spare capacity of a fresh array is untouched memory (not resident).
function growI(a: Int32Array, cap: number, n: number): Int32Array {
  const next = new Int32Array(cap);
  next.set(a.subarray(0, n));
  return next;
}

function growF(a: Float64Array, cap: number, n: number, fill: number): Float64Array {
  const next = new Float64Array(cap);
  if (fill !== 0) next.fill(fill, n);
  next.set(a.subarray(0, n));
  return next;
}
