// Engine benchmark: a simulated Parquet log through DuckDB — summary (written by the engine), histogram at the
// resolution chosen against the cell budget, BG/NBD + Gamma-Gamma fits, per-customer scores written to Parquet —
// with peak RSS of this process (DuckDB runs inside it, bounded by its memory_limit). Default 2M rows /
// 200k customers; the 100M rows / 10M customers: CLVLAB_BENCH_ENGINE_ROWS=100000000
// CLVLAB_BENCH_ENGINE_CUSTOMERS=10000000 (target ≤ 2 GB peak RSS). The log is generated once into os.tmpdir().
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDuckDb, openClickHouse, fitHistogram, fitSpend, cellPredictions, generateSql } from "../dist/index.js";
import { startClickhouseCluster } from "../scripts/ensure-clickhouse.mjs";
import { record, seconds, peakRssMb } from "./lib.mjs";

const ROWS = Number(process.env.CLVLAB_BENCH_ENGINE_ROWS ?? 2_000_000);
const CUSTOMERS = Number(process.env.CLVLAB_BENCH_ENGINE_CUSTOMERS ?? 200_000);
const MEMORY = process.env.CLVLAB_BENCH_ENGINE_MEMORY ?? "1GB";
const dir = join(tmpdir(), "clvlab-bench-engines");
mkdirSync(dir, { recursive: true });
const log = join(dir, `log_${ROWS}_${CUSTOMERS}.parquet`);
const sizes = { rows: ROWS, customers: CUSTOMERS };
const opts = { timeUnit: "weeks", observationEnd: "2025-12-31" };

const db = await openDuckDb({ memoryLimit: MEMORY, tempDirectory: join(dir, "spill") });
if (!existsSync(log)) {
  // Deterministic hash draws (no RNG state, so the file does not depend on thread count): each customer is
  // acquired on a day of 2023-2025 and buys on days after it; amounts 1.00-200.99.
  const t = await seconds(() =>
    db.exec(
      `COPY (SELECT CAST(c AS VARCHAR) AS customer_id, DATE '2023-01-01' + CAST(acq + (hash(i, 2) % (1095 - acq)) AS INTEGER) AS date, ` +
        `CAST(100 + hash(i, 3) % 20000 AS DOUBLE) / 100 AS amount ` +
        `FROM (SELECT i, c, CAST(hash(c, 1) % 1000 AS BIGINT) AS acq FROM (SELECT i, CAST(hash(i) % ${CUSTOMERS} AS BIGINT) AS c FROM range(${ROWS}) AS r(i)) AS a) AS b) ` +
        `TO '${log}' (FORMAT parquet)`,
    ),
  );
  process.stdout.write(`  generated ${log} in ${t.toFixed(1)} s\n`);
}
await db.attach({ source: log, countDuplicates: false });
const summaryOut = join(dir, "summary.parquet");
const tSummary = await seconds(async () => {
  const sql = generateSql({ dialect: "duckdb", step: "summary", table: "clv_tx", columns: { customer: "customer_id", date: "ts", amount: "amount" }, observationEnd: opts.observationEnd });
  await db.writeQuery(sql, { file: summaryOut });
});
record({ name: "engines duckdb: summary written to Parquet", value: tSummary, unit: "s", sizes });
let h;
const tHist = await seconds(async () => {
  h = await db.histogram({ ...opts, cellBudget: 500_000 });
});
record({ name: "engines duckdb: histogram (resolution chosen against 500k cells)", value: tHist, unit: "s", sizes, notes: `${h.cells} cells at ${h.resolutionDays} days` });
let bg, gg;
const tFit = await seconds(async () => {
  bg = fitHistogram(h, "bg-nbd").model;
  gg = fitSpend(await db.spendData(opts));
});
record({ name: "engines duckdb: BG/NBD on the histogram + Gamma-Gamma", value: tFit, unit: "s", sizes, notes: `bg-nbd converged ${bg.converged}; gamma-gamma ${gg.sample ?? "exact"}` });
const scores = join(dir, "scores.parquet");
const tScore = await seconds(async () => {
  const cells = cellPredictions(bg, h, { months: 12 });
  await db.score(opts, cells, { resolutionDays: h.resolutionDays, spend: gg.model.params, margin: 0.3 }, { file: scores });
});
record({ name: "engines duckdb: per-cell predictions joined, scores written to Parquet", value: tScore, unit: "s", sizes });
record({ name: "engines duckdb: peak RSS (summary → scores)", value: peakRssMb(), unit: "MB", sizes, target: ROWS >= 100_000_000 ? 2048 : undefined, notes: `memory_limit ${MEMORY}` });

// The same log through a two-shard ClickHouse cluster on loopback (Debian's 18.16 reads no Parquet: CSV is
// streamed into the Distributed table). Its summary must match DuckDB's exactly (checksums of the integer columns).
if (process.env.CLVLAB_BENCH_CLICKHOUSE !== "0") {
  const csv = join(dir, `log_${ROWS}_${CUSTOMERS}.csv`);
  if (!existsSync(csv)) await db.exec(`COPY (SELECT customer_id, CAST(date AS DATE) AS date, amount FROM read_parquet('${log}')) TO '${csv}' (FORMAT csv, HEADER true)`);
  const cluster = await startClickhouseCluster("clvbench");
  try {
    for (const port of cluster.httpPorts)
      await openClickHouse(`clickhouse://127.0.0.1:${port}/default`).exec("CREATE TABLE tx_local (customer_id String, date Date, amount Float64) ENGINE = MergeTree ORDER BY customer_id");
    const ch = openClickHouse(`clickhouse://127.0.0.1:${cluster.httpPorts[0]}/default`);
    await ch.exec("CREATE TABLE tx_all AS tx_local ENGINE = Distributed(clvbench, default, tx_local, cityHash64(customer_id))");
    ch.settings = { insert_distributed_sync: "1" };
    const tLoad = await seconds(() => ch.insertCsv("tx_all", csv));
    ch.settings = {};
    record({ name: "engines clickhouse 2 shards: CSV loaded through the Distributed table", value: tLoad, unit: "s", sizes });
    await ch.attach({ source: "tx_all", countDuplicates: false });
    const sumSql = (d, from) => {
      const q = generateSql({ dialect: d, step: "summary", table: from, columns: { customer: "customer_id", date: d === "duckdb" ? "ts" : "date", amount: "amount" }, observationEnd: opts.observationEnd });
      return `SELECT count() AS n, sum(frequency) AS f, sum(first_day) AS a, sum(last_day) AS l, sum(repeat_cents) AS r, sum(total_cents) AS t FROM (${q}) AS s`.replace("count()", d === "duckdb" ? "count(*)" : "count()");
    };
    let chSum;
    const tSum = await seconds(async () => {
      chSum = (await ch.query(sumSql("clickhouse", "tx_all")))[0];
    });
    const dSum = (await db.query(sumSql("duckdb", "clv_tx")))[0];
    const same = ["n", "f", "a", "l", "r", "t"].every((k) => Number(chSum[k]) === Number(dSum[k]));
    record({ name: "engines clickhouse 2 shards: summary (checksums equal to DuckDB's)", value: tSum, unit: "s", sizes, notes: `identical to duckdb: ${same}` });
    if (!same) throw new Error(`clickhouse summary differs from duckdb: ${JSON.stringify(chSum)} vs ${JSON.stringify(dSum)}`);
    const tHistCh = await seconds(() => ch.histogram({ ...opts, resolutionDays: h.resolutionDays }));
    record({ name: "engines clickhouse 2 shards: histogram", value: tHistCh, unit: "s", sizes });
  } finally {
    await cluster.stop();
  }
}
await db.close();
rmSync(join(dir, "spill"), { recursive: true, force: true });
