import { createReadStream, createWriteStream, renameSync, statSync } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { RejectionReport } from "../data/types.js";
import { ident } from "./queries.js";
import { SqlEngine, tableShape, type QueryColumns } from "./sqlEngine.js";
import type { EngineSourceOptions, ScoreDestination } from "./types.js";

/**
 * Parses `clickhouse://host:port/db` (HTTP interface; default port 8123, database "default").
 * @example parseClickHouseUrl("clickhouse://127.0.0.1:8123/sales") // { url: "http://127.0.0.1:8123", database: "sales" }
 */
export function parseClickHouseUrl(spec: string): { url: string; database: string } {
  const m = /^clickhouse:\/\/([^/:]+)(?::(\d+))?(?:\/([A-Za-z0-9_]*))?$/.exec(spec);
  if (!m) throw new Error(`invalid engine ${JSON.stringify(spec)}: use clickhouse://host:port/database, e.g. clickhouse://127.0.0.1:8123/default`);
  return { url: `http://${m[1]}:${m[2] ?? "8123"}`, database: m[3] || "default" };
}

/**
 * A ClickHouse engine over its HTTP interface (Node's fetch; no client package): the summary, histogram and
 * scores run as SQL on the server, which may be a cluster (a Distributed table spreads the work over shards).
 * Results come back as JSON with 64-bit integers unquoted (exact: every number read is an integer below 2^53).
 * @see https://clickhouse.com/docs/en/interfaces/http
 * @example
 * const ch = openClickHouse("clickhouse://127.0.0.1:8123/default");
 * await ch.attach({ source: "transactions", columns: { customer: "customer_id", date: "date", amount: "amount" } });
 * const s = await ch.summarize({ timeUnit: "weeks" });
 */
export function openClickHouse(spec: string): ClickHouseEngine {
  const { url, database } = parseClickHouseUrl(spec);
  return new ClickHouseEngine(url, database);
}

/** See {@link openClickHouse}. */
export class ClickHouseEngine extends SqlEngine {
  readonly kind = "clickhouse" as const;
  readonly dialect = "clickhouse" as const;
  readonly url: string;
  readonly database: string;
  /** Extra settings sent with every query (e.g. `distributed_group_by_no_merge`). */
  settings: Record<string, string> = {};
  constructor(url: string, database: string) {
    super();
    this.url = url;
    this.database = database;
  }

  private endpoint(extra: Record<string, string> = {}): string {
    const q = new URLSearchParams({ database: this.database, ...this.settings, ...extra });
    return `${this.url}/?${q}`;
  }

  private async post(body: BodyInit, extra: Record<string, string> = {}, init: RequestInit = {}): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(this.endpoint(extra), { method: "POST", body, ...init });
    } catch (e) {
      throw new Error(`cannot reach ClickHouse at ${this.url}: ${(e as Error).message}: start the server or fix --engine clickhouse://host:port/db`);
    }
    if (!res.ok) throw new Error(`clickhouse: ${(await res.text()).trim().slice(0, 600)}`);
    return res;
  }

  /** Runs a statement. */
  async exec(sql: string): Promise<void> {
    await (await this.post(sql)).text();
  }

  async columns(sql: string): Promise<QueryColumns> {
    const res = await this.post(`${sql} FORMAT JSONCompact`, { output_format_json_quote_64bit_integers: "0" });
    const j = (await res.json()) as { meta: Array<{ name: string }>; data: unknown[][] };
    const out: QueryColumns = {};
    j.meta.forEach((m, k) => {
      out[m.name] = j.data.map((row) => {
        const v = row[k];
        return v === null || v === undefined ? null : typeof v === "number" || typeof v === "string" ? v : String(v);
      });
    });
    return out;
  }

  /** Inserts a CSV file with a header into a table (streamed; the server parses and types it). */
  async insertCsv(table: string, file: string): Promise<void> {
    statSync(file);
    const body = Readable.toWeb(createReadStream(file)) as unknown as BodyInit;
    await (await this.post(body, { query: `INSERT INTO ${ident("clickhouse", table)} FORMAT CSVWithNames` }, { duplex: "half" } as RequestInit)).text();
  }

  async attach(src: EngineSourceOptions): Promise<RejectionReport> {
    this.resetStats();
    if (src.format && src.format !== "table" && src.format !== "auto") throw new Error(`clickhouse engine reads tables, got format "${src.format}": load files with INSERT (see docs/engines.md) and pass the table name`);
    const table = src.source.split(".").map((p) => ident("clickhouse", p)).join(".");
    const names = (await this.columns(`DESCRIBE TABLE ${table}`)).name!.map(String);
    const { resolveColumns } = await import("../data/readers/resolveColumns.js");
    const roles = resolveColumns(names, src.columns ?? {}, "none", src.source);
    const cust = ident("clickhouse", names[roles.customer]!), date = ident("clickhouse", names[roles.date]!), amount = ident("clickhouse", names[roles.amount]!);
    // A typed table cannot hold unreadable dates or amounts (the INSERT fails on them); blank customers are counted.
    const acc = (
      await this.query(
        `SELECT toInt64(count()) AS n, toInt64(sum(replaceRegexpAll(toString(${cust}), '^[ \\t]+|[ \\t]+$', '') = '')) AS missing_customer, ` +
          `toInt64(sum(replaceRegexpAll(toString(${cust}), '^[ \\t]+|[ \\t]+$', '') != '' AND ${amount} < 0)) AS returns FROM ${table}`,
      )
    )[0]!;
    const missing = Number(acc.missing_customer), returns = Number(acc.returns), n = Number(acc.n);
    if (missing > 0 && (src.invalidRows ?? "error") === "error")
      throw new Error(`${src.source}: ${missing} rows have a blank customer id: fix the table, or count and skip them with invalidRows: "reject" (CLI --skip-invalid)`);
    const order = roles.orderId >= 0 ? `, toString(${ident("clickhouse", names[roles.orderId]!)}) AS order_id` : "";
    // Cost of goods as the data layer reads it: a cost column, else amount − margin.
    const cost = roles.cost >= 0 ? `, toFloat64(${ident("clickhouse", names[roles.cost]!)}) AS cost` : roles.margin >= 0 ? `, toFloat64(${amount}) - toFloat64(${ident("clickhouse", names[roles.margin]!)}) AS cost` : "";
    const from = `(SELECT ${cust} AS customer_id, ${date} AS ts, ${amount} AS amount${order}${cost} FROM ${table} WHERE replaceRegexpAll(toString(${cust}), '^[ \\t]+|[ \\t]+$', '') != '')`;
    this.relation = { from, customer: "customer_id", date: "ts", amount: "amount", ...(order ? { orderId: "order_id" } : {}), ...(cost ? { cost: "cost" } : {}) };
    let duplicateRows: number | undefined;
    if (src.countDuplicates ?? true) {
      const cols = names.map((c) => ident("clickhouse", c)).join(", ");
      duplicateRows = Number((await this.query(`SELECT toInt64(sum(k - 1)) AS d FROM (SELECT count() AS k FROM ${table} GROUP BY ${cols} HAVING k > 1)`))[0]!.d ?? 0);
    }
    return {
      rowsRead: n,
      rowsUsed: n - missing - returns,
      counts: { ...(missing ? { missing_customer: missing } : {}), ...(returns ? { return: returns } : {}) },
      examples: [],
      returns,
      ...(duplicateRows !== undefined ? { duplicateRows } : {}),
    };
  }

  async uploadTable(name: string, columns: Readonly<Record<string, Float64Array>>, integerColumns: readonly string[] = []): Promise<void> {
    const { names, n, isInt, cols } = tableShape(columns, integerColumns);
    await this.exec(`DROP TABLE IF EXISTS ${ident("clickhouse", name)}`);
    await this.exec(`CREATE TABLE ${ident("clickhouse", name)} (${names.map((k, j) => `${ident("clickhouse", k)} ${isInt[j] ? "Int64" : "Float64"}`).join(", ")}) ENGINE = Log`);
    // RowBinary: little-endian binary numbers, so every double arrives bit for bit.
    const buf = Buffer.alloc(n * names.length * 8);
    let o = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < cols.length; j++) {
        if (isInt[j]) buf.writeBigInt64LE(BigInt(cols[j]![i]!), o);
        else buf.writeDoubleLE(cols[j]![i]!, o);
        o += 8;
      }
    await (await this.post(buf, { query: `INSERT INTO ${ident("clickhouse", name)} FORMAT RowBinary` })).text();
  }

  async writeQuery(sql: string, destination: ScoreDestination): Promise<number> {
    if (destination.table) {
      const t = ident("clickhouse", destination.table);
      await this.exec(`DROP TABLE IF EXISTS ${t}`);
      await this.exec(`CREATE TABLE ${t} ENGINE = MergeTree ORDER BY customer_id AS ${sql}`);
      return Number((await this.query(`SELECT toInt64(count()) AS n FROM ${t}`))[0]!.n);
    }
    const file = destination.file;
    if (!file || !file.toLowerCase().endsWith(".csv")) throw new Error(`clickhouse engine writes scores to a table or a .csv file, got ${JSON.stringify(file)}`);
    // Streamed from the server to disk (never held in the Node heap), under a temporary name, then renamed.
    const res = await this.post(`${sql} ORDER BY customer_id FORMAT CSVWithNames`);
    const tmp = `${file}.tmp-${process.pid}`;
    await pipeline(Readable.fromWeb(res.body as never), createWriteStream(tmp));
    renameSync(tmp, file);
    return Number((await this.query(`SELECT toInt64(count()) AS n FROM (${sql})`))[0]!.n);
  }

  async close(): Promise<void> {
    /* HTTP: nothing to release */
  }
}
