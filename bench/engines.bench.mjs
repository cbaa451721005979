// Engine benchmark: a simulated Parquet log through DuckDB — summary (written by the engine), histogram at the
// resolution chosen against the cell budget, BG/NBD + Gamma-Gamma fits, per-customer scores written to Parquet —
// with the peak RSS of the whole process (Node heap and DuckDB's native memory: VmHWM), and the same pipeline's
// summary and histogram through a two-shard ClickHouse on loopback.
// Default 2M customers (≈20M rows); the issue's 10M customers / ≈100M rows: CLVLAB_BENCH_ENGINE_CUSTOMERS=10000000
// (target ≤ 2 GB peak RSS). ClickHouse runs on a log of CLVLAB_BENCH_CLICKHOUSE_CUSTOMERS (default 1M ≈ 10M rows);
// CLVLAB_BENCH_CLICKHOUSE=0 skips it. Logs are generated once (by DuckDB, in a child process so generation does not
// count in the peak) into $CLVLAB_BENCH_DATA or os.tmpdir()/clvlab-bench-engines and reused.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openDuckDb, openClickHouse, fitHistogram, fitSpend, cellPredictions, generateSql } from "../dist/index.js";
import { startClickhouseCluster } from "../scripts/ensure-clickhouse.mjs";
import { record, seconds } from "./lib.mjs";

const CUSTOMERS = Number(process.env.CLVLAB_BENCH_ENGINE_CUSTOMERS ?? 2_000_000);
const CH_CUSTOMERS = Number(process.env.CLVLAB_BENCH_CLICKHOUSE_CUSTOMERS ?? Math.min(CUSTOMERS, 1_000_000));
const MEMORY = process.env.CLVLAB_BENCH_ENGINE_MEMORY ?? "1GB";
const THREADS = Number(process.env.CLVLAB_BENCH_ENGINE_THREADS ?? 2);
const dir = process.env.CLVLAB_BENCH_DATA ?? join(tmpdir(), "clvlab-bench-engines");
mkdirSync(dir, { recursive: true });
const opts = { timeUnit: "weeks", observationEnd: "2025-12-31" };
const logPath = (customers) => join(dir, `log_v2_${customers}.parquet`);

/**
 * The generator (deterministic: every draw is a hash of the customer number and a salt, no RNG state, so the file
 * does not depend on thread count). Each customer differs: acquired on a uniform day of 2023-2025 (continuous
 * ages), an exponential purchase rate (mean 6.33 a year: ≈10 transactions per customer in all), an exponential
 * lifetime (mean 540 days) after which it buys no more, and its own mean spend (2 + exponential of mean 38);
 * its first purchase is on its acquisition day, the others uniform over its active span, amounts its mean spend
 * × uniform(0.5, 1.5) in whole cents.
 */
function generatorSql(customers, file) {
  const u = (salt, k) => `((CAST(hash(c, ${salt}${k ? `, ${k}` : ""}) >> 11 AS DOUBLE) + 0.5) / 9007199254740992.0)`;
  const people =
    `SELECT c, acq, mspend, GREATEST(1, LEAST(1095 - acq, CAST(floor(life) AS INTEGER) + 1)) AS span, ` +
    `1 + CAST(floor(rate * 6.33 * LEAST(1095 - acq, life) / 365.25) AS INTEGER) AS n FROM ` +
    `(SELECT c, CAST(floor(${u(1)} * 1095) AS INTEGER) AS acq, -ln(${u(2)}) AS rate, -ln(${u(3)}) * 540 AS life, 2 + 38 * -ln(${u(4)}) AS mspend FROM range(${customers}) AS t(c)) AS p`;
  const rows = `SELECT c, acq, span, mspend, unnest(range(n)) AS k FROM (${people}) AS q`;
  return (
    `COPY (SELECT 'C' || CAST(c AS VARCHAR) AS customer_id, ` +
    `DATE '2023-01-01' + CAST(acq + CASE WHEN k = 0 THEN 0 ELSE floor(${u(5, "k")} * span) END AS INTEGER) AS date, ` +
    `CAST(round(mspend * (0.5 + ${u(6, "k")}) * 100) AS BIGINT) / 100.0 AS amount FROM (${rows}) AS r) ` +
    `TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)`
  );
}

// Child mode: generate one log and exit (its memory is not this benchmark's).
if (process.env.CLVLAB_BENCH_ENGINE_GENERATE) {
  const customers = Number(process.env.CLVLAB_BENCH_ENGINE_GENERATE);
  const file = logPath(customers);
  const db = await openDuckDb({ memoryLimit: MEMORY, threads: THREADS, tempDirectory: join(dir, "spill-gen") });
  await db.exec(generatorSql(customers, `${file}.tmp`));
  await db.close();
  renameSync(`${file}.tmp`, file);
  process.exit(0);
}

function ensureLog(customers) {
  const file = logPath(customers);
  if (existsSync(file)) return file;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], { stdio: "inherit", env: { ...process.env, CLVLAB_BENCH_ENGINE_GENERATE: String(customers) } });
  if (r.status !== 0) throw new Error(`generating ${file} failed (exit ${r.status})`);
  process.stdout.write(`  generated ${file} in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s\n`);
  return file;
}

/** Peak resident memory of the whole process (Node heap and DuckDB's native allocations), MB: VmHWM. */
function peakRssMb() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}

const log = ensureLog(CUSTOMERS);
const db = await openDuckDb({ memoryLimit: MEMORY, threads: THREADS, tempDirectory: join(dir, "spill") });
// Results are ordered explicitly (ORDER BY customer_id) where order matters; unordered steps need not keep it.
await db.exec("SET preserve_insertion_order = false");
await db.attach({ source: log, countDuplicates: false });
const rows = Number((await db.query("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM clv_tx"))[0].n);
const sizes = { rows, customers: CUSTOMERS };
process.stdout.write(`  ${log}: ${rows} rows, ${CUSTOMERS} customers; DuckDB memory_limit ${MEMORY}, ${THREADS} threads\n`);

const summaryOut = join(dir, "summary.parquet");
const tSummary = await seconds(async () => {
  // Materialized in hash slices of customers (10M rows a pass), then written by the engine; later steps reuse it.
  await db.writeQuery(`SELECT * FROM ${await db.summaryRelation(opts)}`, { file: summaryOut });
});
record({ name: "engines duckdb: summary (hash slices of 10M rows) written to Parquet by the engine", value: tSummary, unit: "s", sizes });
let h;
const tHist = await seconds(async () => {
  h = await db.histogram({ ...opts, cellBudget: 500_000 });
});
record({ name: "engines duckdb: histogram (resolution chosen against 500k cells)", value: tHist, unit: "s", sizes, notes: `${h.cells} cells at ${h.resolutionDays} days` });
let bg;
const tBg = await seconds(async () => {
  bg = fitHistogram(h, "bg-nbd").model;
});
record({ name: "engines duckdb: BG/NBD fitted on the histogram", value: tBg, unit: "s", sizes, notes: `converged ${bg.converged}; r ${bg.params.r.toPrecision(5)} alpha ${bg.params.alpha.toPrecision(5)} a ${bg.params.a.toPrecision(5)} b ${bg.params.b.toPrecision(5)}` });
let gg;
const tGg = await seconds(async () => {
  gg = fitSpend(await db.spendData(opts));
});
record({ name: "engines duckdb: Gamma-Gamma (spend data from the engine)", value: tGg, unit: "s", sizes, notes: `${gg.sample ? `hash sample ${gg.sample}` : "exact"}; converged ${gg.model.converged}` });
const scores = join(dir, "scores.parquet");
let written;
const tScore = await seconds(async () => {
  const cells = cellPredictions(bg, h, { months: 12 });
  written = await db.score(opts, cells, { resolutionDays: h.resolutionDays, spend: gg.model.params, margin: 0.3 }, { file: scores });
});
record({ name: "engines duckdb: per-cell predictions joined, scores written to Parquet by the engine", value: tScore, unit: "s", sizes, notes: `${written.customers} customers scored` });
record({ name: "engines duckdb: peak RSS of the process (VmHWM, Node + DuckDB)", value: peakRssMb(), unit: "MB", sizes, target: 2048, notes: `memory_limit ${MEMORY}, ${THREADS} threads` });

// A ClickHouse-sized log through a two-shard cluster on loopback (Debian's 18.16 reads no Parquet: CSV is streamed
// into the Distributed table). Its summary must match DuckDB's exactly (checksums of the integer columns).
if (process.env.CLVLAB_BENCH_CLICKHOUSE !== "0") {
  const chLog = ensureLog(CH_CUSTOMERS);
  const csv = chLog.replace(/\.parquet$/, ".csv");
  if (!existsSync(csv)) {
    await db.exec(`COPY (SELECT customer_id, CAST(date AS DATE) AS date, amount FROM read_parquet('${chLog}')) TO '${csv}.tmp' (FORMAT csv, HEADER true)`);
    renameSync(`${csv}.tmp`, csv);
  }
  await db.attach({ source: chLog, countDuplicates: false });
  const chRows = Number((await db.query("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM clv_tx"))[0].n);
  const chSizes = { rows: chRows, customers: CH_CUSTOMERS };
  const cluster = await startClickhouseCluster("clvbench");
  try {
    for (const port of cluster.httpPorts)
      await openClickHouse(`clickhouse://127.0.0.1:${port}/default`).exec("CREATE TABLE tx_local (customer_id String, date Date, amount Float64) ENGINE = MergeTree ORDER BY customer_id");
    const ch = openClickHouse(`clickhouse://127.0.0.1:${cluster.httpPorts[0]}/default`);
    await ch.exec("CREATE TABLE tx_all AS tx_local ENGINE = Distributed(clvbench, default, tx_local, cityHash64(customer_id))");
    ch.settings = { insert_distributed_sync: "1" };
    const tLoad = await seconds(() => ch.insertCsv("tx_all", csv));
    ch.settings = {};
    record({ name: "engines clickhouse 2 shards: CSV loaded through the Distributed table", value: tLoad, unit: "s", sizes: chSizes });
    await ch.attach({ source: "tx_all", countDuplicates: false });
    const sumSql = (d, from) => {
      const q = generateSql({ dialect: d, step: "summary", table: from, columns: { customer: "customer_id", date: d === "duckdb" ? "ts" : "date", amount: "amount" }, observationEnd: opts.observationEnd });
      return `SELECT ${d === "duckdb" ? "count(*)" : "count()"} AS n, sum(frequency) AS f, sum(first_day) AS a, sum(last_day) AS l, sum(repeat_cents) AS r, sum(total_cents) AS t FROM (${q}) AS s`;
    };
    let chSum;
    const tSum = await seconds(async () => {
      chSum = (await ch.query(sumSql("clickhouse", "tx_all")))[0];
    });
    const dSum = (await db.query(sumSql("duckdb", "clv_tx")))[0];
    const same = ["n", "f", "a", "l", "r", "t"].every((k) => Number(chSum[k]) === Number(dSum[k]));
    record({ name: "engines clickhouse 2 shards: summary (checksums equal to DuckDB's)", value: tSum, unit: "s", sizes: chSizes, notes: `identical to duckdb: ${same}` });
    if (!same) throw new Error(`clickhouse summary differs from duckdb: ${JSON.stringify(chSum)} vs ${JSON.stringify(dSum)}`);
    let chH;
    const tHistCh = await seconds(async () => {
      chH = await ch.histogram({ ...opts, cellBudget: 500_000 });
    });
    record({ name: "engines clickhouse 2 shards: histogram (resolution chosen against 500k cells)", value: tHistCh, unit: "s", sizes: chSizes, notes: `${chH.cells} cells at ${chH.resolutionDays} days` });
    let chBg;
    const tFitCh = await seconds(async () => {
      chBg = fitHistogram(chH, "bg-nbd").model;
    });
    record({ name: "engines clickhouse 2 shards: BG/NBD fitted on its histogram", value: tFitCh, unit: "s", sizes: chSizes, notes: `converged ${chBg.converged}` });
    let chGg;
    const tGgCh = await seconds(async () => {
      chGg = fitSpend(await ch.spendData(opts));
    });
    record({ name: "engines clickhouse 2 shards: Gamma-Gamma (spend data from the engine)", value: tGgCh, unit: "s", sizes: chSizes, notes: `${chGg.sample ? `hash sample ${chGg.sample}` : "exact"}` });
    const tScoreCh = await seconds(async () => {
      await ch.score(opts, cellPredictions(chBg, chH, { months: 12 }), { resolutionDays: chH.resolutionDays, spend: chGg.model.params, margin: 0.3 }, { table: "clv_scores" });
    });
    record({ name: "engines clickhouse 2 shards: scores written to a table by the engine", value: tScoreCh, unit: "s", sizes: chSizes });
  } finally {
    await cluster.stop();
  }
}
await db.close();
rmSync(join(dir, "spill"), { recursive: true, force: true });
