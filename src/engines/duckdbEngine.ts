import { existsSync, statSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { resolveColumns } from "../data/readers/resolveColumns.js";
import type { RejectionReason, RejectionReport } from "../data/types.js";
import { ident, summarySql, type SummaryWindow } from "./queries.js";
import { SqlEngine, tableShape, type QueryColumns } from "./sqlEngine.js";
import type { SummarizeCustomersOptions } from "../summaries/summarizeCustomers.js";
import type { EngineSourceOptions, ScoreDestination } from "./types.js";

/** Options of {@link openDuckDb}. */
export interface DuckDbOptions {
  /** Memory DuckDB may use, e.g. "1GB" (default: DuckDB's 80% of RAM). Larger work spills to `tempDirectory`. */
  memoryLimit?: string;
  /** Worker threads (default: DuckDB's choice). Results do not depend on it: money is summed in integer cents. */
  threads?: number;
  /** Where DuckDB spills (default: its own). */
  tempDirectory?: string;
  /** Most transactions summarized in one pass; larger sources are summarized in hash slices of customers. Default 10,000,000. */
  summaryPassRows?: number;
  /** A DuckDB database file attached read-only, so a source may name one of its tables (`--engine duckdb:FILE`). */
  database?: string;
}

type Conn = {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ columnNames(): string[]; getColumnsJS(): unknown[][] }>;
  createAppender(table: string): Promise<{ appendDouble(v: number): void; appendBigInt(v: bigint): void; endRow(): void; flushSync(): void; closeSync(): void }>;
  closeSync(): void;
};
type Instance = { connect(): Promise<Conn>; closeSync(): void };

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const TEXT_EXT = new Set([".csv", ".tsv", ".txt", ".dat", ".psv"]);
const EXAMPLES_PER_REASON = 5;
/** Default transactions summarized per pass over the source (see summaryTable). */
const ROWS_PER_SUMMARY_PASS = 10_000_000;

function isParquetPath(p: string): boolean {
  const e = extname(p).toLowerCase();
  return e === ".parquet" || e === ".pq";
}

/**
 * The embedded DuckDB engine: CSV and Parquet files, globs and hive-partitioned folders summarized, histogrammed
 * and scored in SQL, out of the Node heap (bounded by `memoryLimit`, spilling to disk).
 * CSV rows DuckDB cannot read are taken from its reject tables (line, column, value); rows without a customer,
 * date or amount are counted by reason; nothing is dropped silently.
 * @see https://duckdb.org/docs/stable/data/csv/reading_faulty_csv_files (reject tables)
 * @example
 * const db = await openDuckDb({ memoryLimit: "1GB" });
 * await db.attach({ source: "logs/year=*\/*.parquet" });
 * const s = await db.summarize({ timeUnit: "weeks" });
 * await db.close();
 */
export async function openDuckDb(options: DuckDbOptions = {}): Promise<DuckDbEngine> {
  let mod: { DuckDBInstance: { create(path?: string, o?: Record<string, string>): Promise<Instance> } };
  try {
    mod = (await import("@duckdb/node-api")) as unknown as typeof mod;
  } catch (e) {
    throw new Error(`cannot load DuckDB (@duckdb/node-api): ${(e as Error).message}: run npm install @duckdb/node-api, or use --engine memory`);
  }
  const cfg: Record<string, string> = {};
  if (options.memoryLimit) cfg.memory_limit = options.memoryLimit;
  if (options.threads) cfg.threads = String(options.threads);
  if (options.tempDirectory) cfg.temp_directory = options.tempDirectory;
  const inst = await mod.DuckDBInstance.create(":memory:", cfg);
  const conn = await inst.connect();
  if (options.database !== undefined) {
    if (!existsSync(options.database)) {
      conn.closeSync();
      inst.closeSync();
      throw new Error(`no DuckDB database ${JSON.stringify(options.database)}: give an existing .duckdb file after duckdb:`);
    }
    // Read-only: clvlab's views and temporary tables stay in memory; table names resolve in memory, then the file.
    await conn.run(`ATTACH ${sqlString(options.database)} AS clv_db (READ_ONLY)`);
    await conn.run("SET search_path = 'memory.main,clv_db.main'");
  }
  return new DuckDbEngine(inst, conn, options.summaryPassRows ?? ROWS_PER_SUMMARY_PASS);
}

/** A DuckDB engine (see {@link openDuckDb}). */
export class DuckDbEngine extends SqlEngine {
  readonly kind = "duckdb" as const;
  readonly dialect = "duckdb" as const;
  private readonly inst: Instance;
  private readonly conn: Conn;
  private summaryKey: string | undefined;
  private readonly passRows: number;
  constructor(inst: Instance, conn: Conn, passRows = ROWS_PER_SUMMARY_PASS) {
    super();
    this.inst = inst;
    this.conn = conn;
    if (!(passRows >= 1)) throw new Error(`invalid summaryPassRows ${passRows}: use a positive number of rows, e.g. 10000000`);
    this.passRows = passRows;
  }

  /** Runs a statement. */
  async exec(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  async columns(sql: string): Promise<QueryColumns> {
    const r = await this.conn.runAndReadAll(sql);
    const names = r.columnNames();
    const cols = r.getColumnsJS();
    const out: QueryColumns = {};
    names.forEach((n, j) => {
      out[n] = (cols[j] ?? []).map((v) => (v === null || v === undefined ? null : typeof v === "bigint" ? Number(v) : typeof v === "number" || typeof v === "string" ? v : String(v)));
    });
    return out;
  }

  async attach(src: EngineSourceOptions): Promise<RejectionReport> {
    this.resetStats();
    this.summaryKey = undefined;
    const reject = (src.invalidRows ?? "error") === "reject";
    const path = src.source;
    let format = src.format ?? "auto";
    let files = path;
    let hive = false;
    if (format === "auto") {
      const isDir = existsSync(path) && statSync(path).isDirectory();
      if (isDir) {
        format = "parquet";
        files = join(resolve(path), "**", "*.parquet");
        hive = true;
      } else if (isParquetPath(path)) format = "parquet";
      else if (TEXT_EXT.has(extname(path).toLowerCase())) format = "csv";
      else if (/[*?[]/.test(path)) throw new Error(`cannot tell the format of ${JSON.stringify(path)}: end the glob with .parquet or .csv, or pass format`);
      else format = "table";
    }
    if (format === "parquet" && /[/\\]\w+=[^/\\]+[/\\]/.test(files)) hive = true;
    let rawFrom: string;
    let lineCounts = false;
    if (format === "parquet") rawFrom = `read_parquet(${sqlString(files)}, hive_partitioning = ${hive}, union_by_name = true)`;
    else if (format === "table") rawFrom = path.split(".").map((p) => ident("duckdb", p)).join(".");
    else {
      const delim = src.delimiter === "tab" || src.delimiter === "\\t" ? "\t" : (src.delimiter ?? (extname(path).toLowerCase() === ".tsv" ? "\t" : ","));
      const head = await this.columns(`DESCRIBE SELECT * FROM read_csv(${sqlString(files)}, delim = ${sqlString(delim)}, header = true, all_varchar = true)`);
      const found = head.column_name!.map(String);
      const roles = resolveColumns(found, src.columns ?? {}, "none", path);
      const types = `{${sqlString(found[roles.customer]!)}: 'VARCHAR', ${sqlString(found[roles.date]!)}: 'TIMESTAMP', ${sqlString(found[roles.amount]!)}: 'DOUBLE'}`;
      await this.exec("DROP TABLE IF EXISTS clv_raw");
      // Reject tables accumulate across scans: start each attach from empty ones.
      await this.exec("DROP TABLE IF EXISTS clv_reject_errors");
      await this.exec("DROP TABLE IF EXISTS clv_reject_scans");
      await this.exec(
        `CREATE TABLE clv_raw AS SELECT * FROM read_csv(${sqlString(files)}, delim = ${sqlString(delim)}, header = true, all_varchar = false, ` +
          `types = ${types}, store_rejects = true, rejects_table = 'clv_reject_errors', rejects_scan = 'clv_reject_scans', filename = false)`,
      );
      rawFrom = "clv_raw";
      lineCounts = true;
    }
    const cols = await this.columns(`DESCRIBE SELECT * FROM ${rawFrom}`);
    const found = cols.column_name!.map(String);
    const roles = resolveColumns(found, src.columns ?? {}, "none", path);
    const cust = ident("duckdb", found[roles.customer]!), date = ident("duckdb", found[roles.date]!), amount = ident("duckdb", found[roles.amount]!);
    const orderCol = roles.orderId >= 0 ? `, CAST(${ident("duckdb", found[roles.orderId]!)} AS VARCHAR) AS order_id` : "";
    // Cost of goods as the data layer reads it: a cost column, else amount − margin.
    const costCol = roles.cost >= 0 ? `, CAST(${ident("duckdb", found[roles.cost]!)} AS DOUBLE) AS cost` : roles.margin >= 0 ? `, CAST(${amount} AS DOUBLE) - CAST(${ident("duckdb", found[roles.margin]!)} AS DOUBLE) AS cost` : "";
    // A materialized CSV keeps the input order in rowid: the lenses list customers by first appearance, as in memory.
    const rowCol = rawFrom === "clv_raw" ? ", rowid AS rn" : "";
    await this.exec(
      `CREATE OR REPLACE VIEW clv_tx AS SELECT trim(CAST(${cust} AS VARCHAR)) AS customer_id, CAST(${date} AS TIMESTAMP) AS ts, CAST(${amount} AS DOUBLE) AS amount${orderCol}${costCol}${rowCol} FROM ${rawFrom} ` +
        `WHERE ${cust} IS NOT NULL AND trim(CAST(${cust} AS VARCHAR)) <> '' AND ${date} IS NOT NULL AND ${amount} IS NOT NULL AND isfinite(CAST(${amount} AS DOUBLE))`,
    );
    // Every row: read = used + rejected by reason (returns counted apart, as in the data layer).
    const acc = (
      await this.query(
        `SELECT CAST(COUNT(*) AS BIGINT) AS n, ` +
          `CAST(SUM(CASE WHEN ${cust} IS NULL OR trim(CAST(${cust} AS VARCHAR)) = '' THEN 1 ELSE 0 END) AS BIGINT) AS missing_customer, ` +
          `CAST(SUM(CASE WHEN NOT (${cust} IS NULL OR trim(CAST(${cust} AS VARCHAR)) = '') AND ${date} IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS bad_date, ` +
          `CAST(SUM(CASE WHEN NOT (${cust} IS NULL OR trim(CAST(${cust} AS VARCHAR)) = '') AND ${date} IS NOT NULL AND (${amount} IS NULL OR NOT isfinite(CAST(${amount} AS DOUBLE))) THEN 1 ELSE 0 END) AS BIGINT) AS bad_amount, ` +
          `CAST(SUM(CASE WHEN ${cust} IS NOT NULL AND trim(CAST(${cust} AS VARCHAR)) <> '' AND ${date} IS NOT NULL AND CAST(${amount} AS DOUBLE) < 0 THEN 1 ELSE 0 END) AS BIGINT) AS returns ` +
          `FROM ${rawFrom}`,
      )
    )[0]!;
    const counts: Partial<Record<RejectionReason, number>> = {};
    const examples: RejectionReport["examples"] = [];
    const add = (reason: RejectionReason, k: number) => {
      if (k > 0) counts[reason] = (counts[reason] ?? 0) + k;
    };
    add("missing_customer", Number(acc.missing_customer));
    add("unparseable_date", Number(acc.bad_date));
    add("unparseable_amount", Number(acc.bad_amount));
    if (lineCounts) {
      const errs = await this.query(
        `SELECT line, column_name, error_type, csv_line, error_message FROM clv_reject_errors ORDER BY line`,
      );
      const seen = new Set<number>();
      for (const e of errs) {
        const line = Number(e.line);
        if (seen.has(line)) continue; // one reason per row (the first error DuckDB found on it)
        seen.add(line);
        const col = String(e.column_name ?? "");
        const reason: RejectionReason =
          col === found[roles.customer] ? "missing_customer" : col === found[roles.date] ? "unparseable_date" : "unparseable_amount";
        counts[reason] = (counts[reason] ?? 0) + 1;
        if (examples.filter((x) => x.reason === reason).length < EXAMPLES_PER_REASON)
          examples.push({ reason, file: path, line: line + 0, column: col || undefined, value: String(e.csv_line ?? "").slice(0, 200) });
      }
    }
    const returns = Number(acc.returns);
    if (returns > 0) counts.return = returns;
    let rejected = 0;
    for (const [k, v] of Object.entries(counts)) if (k !== "return") rejected += v!;
    const rowsRead = Number(acc.n) + (lineCounts ? rejected - Number(acc.missing_customer) - Number(acc.bad_date) - Number(acc.bad_amount) : 0);
    if (rejected > 0 && !reject) {
      const ex = examples[0];
      const where = ex ? `${ex.file} line ${ex.line}, column "${ex.column}": cannot read ${JSON.stringify(ex.value)}` : `${path}: ${rejected} rows without a readable customer, date or amount`;
      throw new Error(`${where}: fix the input, or count and skip such rows with invalidRows: "reject" (CLI --skip-invalid)`);
    }
    let duplicateRows: number | undefined;
    if (src.countDuplicates ?? true) {
      const d = (await this.query(`SELECT CAST(COALESCE(SUM(k - 1), 0) AS BIGINT) AS d FROM (SELECT *, COUNT(*) AS k FROM ${rawFrom} GROUP BY ALL HAVING COUNT(*) > 1) AS g`))[0]!;
      duplicateRows = Number(d.d);
    }
    this.relation = { from: "clv_tx", customer: "customer_id", date: "ts", amount: "amount", ...(orderCol ? { orderId: "order_id" } : {}), ...(costCol ? { cost: "cost" } : {}), ...(rowCol ? { rowNumber: "rn" } : {}) };
    return {
      rowsRead,
      rowsUsed: rowsRead - rejected - returns,
      counts,
      examples,
      returns,
      ...(duplicateRows !== undefined ? { duplicateRows } : {}),
    };
  }

  // The summary of a window is kept in a temporary table: histogram, cell counts, spend data and scores then read
  // one row per customer instead of aggregating every transaction again.
  // A large source is summarized in hash slices of customers: at a 1 GB memory_limit the (customer, day)
  // aggregation of 100M rows fails in one pass ("could not allocate block") and 20M-row slices spill tens of GB;
  // 10M-row slices stay in memory (each pass re-reads only the three columns it needs).
  protected override async summaryTable(w: SummaryWindow): Promise<string> {
    const key = `${w.observationEnd}:${w.calibrationEnd}`;
    if (this.summaryKey !== key) {
      const src = this.source();
      const rows = Number((await this.query(`SELECT CAST(COUNT(*) AS BIGINT) AS n FROM ${src.from}`))[0]!.n);
      const slices = Math.max(1, Math.ceil(rows / this.passRows));
      for (let k = 0; k < slices; k++) {
        const part = slices === 1 ? src : { ...src, from: `(SELECT * FROM ${src.from} WHERE hash(${ident("duckdb", src.customer)}) % ${slices} = ${k})` };
        const sql = summarySql("duckdb", part, w);
        await this.exec(k === 0 ? `CREATE OR REPLACE TEMP TABLE clv_summary AS ${sql}` : `INSERT INTO clv_summary ${sql}`);
      }
      this.summaryKey = key;
    }
    return "clv_summary";
  }

  /** The materialized summary of a window (customers unordered), e.g. to write it with {@link writeQuery}. */
  async summaryRelation(options: SummarizeCustomersOptions): Promise<string> {
    return this.summaryTable((await this.window(options)).window);
  }

  async uploadTable(name: string, columns: Readonly<Record<string, Float64Array>>, integerColumns: readonly string[] = []): Promise<void> {
    const { names, n, isInt, cols } = tableShape(columns, integerColumns);
    await this.exec(`CREATE OR REPLACE TABLE ${ident("duckdb", name)} (${names.map((k, j) => `${ident("duckdb", k)} ${isInt[j] ? "BIGINT" : "DOUBLE"}`).join(", ")})`);
    // The appender writes binary doubles: no decimal round trip, so predictions arrive bit for bit.
    const app = await this.conn.createAppender(name);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < cols.length; j++) {
        const v = cols[j]![i]!;
        if (isInt[j]) app.appendBigInt(BigInt(v));
        else app.appendDouble(v);
      }
      app.endRow();
    }
    app.flushSync();
    app.closeSync();
  }

  async writeQuery(sql: string, destination: ScoreDestination): Promise<number> {
    if (destination.table) {
      await this.exec(`CREATE OR REPLACE TABLE ${ident("duckdb", destination.table)} AS ${sql}`);
      return Number((await this.query(`SELECT CAST(COUNT(*) AS BIGINT) AS n FROM ${ident("duckdb", destination.table)}`))[0]!.n);
    }
    const file = destination.file;
    if (!file) throw new Error("no destination: give a file (.parquet or .csv) or a table");
    const ext = extname(file).toLowerCase();
    const fmt = ext === ".parquet" || ext === ".pq" ? "FORMAT parquet" : ext === ".csv" ? "FORMAT csv, HEADER true" : undefined;
    if (!fmt) throw new Error(`cannot write scores to ${JSON.stringify(file)}: use a .parquet or .csv file`);
    // Written to a temporary name and renamed, so a failed run leaves no half file (as writeFileAtomic).
    const tmp = `${file}.tmp-${process.pid}${ext}`;
    await this.exec(`COPY (${sql} ORDER BY customer_id) TO ${sqlString(tmp)} (${fmt})`);
    const { renameSync } = await import("node:fs");
    renameSync(tmp, file);
    const n = await this.query(`SELECT CAST(COUNT(*) AS BIGINT) AS n FROM ${ext === ".csv" ? `read_csv(${sqlString(file)}, header = true)` : `read_parquet(${sqlString(file)})`}`);
    return Number(n[0]!.n);
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.inst.closeSync();
  }
}
