// Data layer benchmark (issue 3, item 12): 10 million transactions of 1 million customers, from CSV and from
// Parquet, to the customer summary. Targets on the 2-core machine: CSV → summary ≤ 10 s, Parquet faster,
// peak memory ≤ 3 GB. The input files are generated once into os.tmpdir() and reused by later runs.
// Each measurement runs in a child process so its peak RSS is its own.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, closeSync, writeSync, renameSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { record, peakRssMb } from "./lib.mjs";

const ROWS = Number(process.env.CLVLAB_BENCH_ROWS ?? 10_000_000);
const CUSTOMERS = Number(process.env.CLVLAB_BENCH_CUSTOMERS ?? 1_000_000);
const DAYS = 730; // 2023-01-01 .. 2024-12-30
const dir = join(tmpdir(), "clvlab-bench-data");
// Customer ids are integers (as in CDNOW and most warehouses), the same ids in both formats; a third file holds
// string ids ("C0000001") in Parquet to show the cost of per-value strings in hyparquet (recorded, no target).
const csvPath = join(dir, `tx_${ROWS}_${CUSTOMERS}_v2.csv`);
const pqPath = join(dir, `tx_${ROWS}_${CUSTOMERS}_v2.parquet`);
const pqStrPath = join(dir, `tx_${ROWS}_${CUSTOMERS}_strid.parquet`);
const sizes = { rows: ROWS, customers: CUSTOMERS };

// xorshift32: a fixed, fast stream for the synthetic input (not a statistical procedure).
function makeRand(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

// Row i: day floor(i * DAYS / ROWS) (a date-ordered log), a uniformly drawn customer, amount 1.00-200.99.
function* rowBatches(batch) {
  const rand = makeRand(20240101);
  for (let start = 0; start < ROWS; start += batch) {
    const n = Math.min(batch, ROWS - start);
    const cust = new Int32Array(n), day = new Int32Array(n), cents = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      cust[k] = Math.floor(rand() * CUSTOMERS);
      day[k] = 19358 + Math.floor(((start + k) * DAYS) / ROWS); // 19358 = 2023-01-01
      cents[k] = 100 + Math.floor(rand() * 20000);
    }
    yield { n, cust, day, cents };
  }
}

const iso = (day) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const custId = (c) => "C" + String(c).padStart(7, "0");
const custNum = (c) => c + 1;

function generateCsv() {
  const tmp = csvPath + ".tmp";
  const fd = openSync(tmp, "w");
  writeSync(fd, "customer_id,date,amount\n");
  const dates = new Map();
  for (const { n, cust, day, cents } of rowBatches(1_000_000)) {
    const parts = new Array(n);
    for (let k = 0; k < n; k++) {
      let d = dates.get(day[k]);
      if (!d) dates.set(day[k], (d = iso(day[k])));
      const c = cents[k];
      parts[k] = `${custNum(cust[k])},${d},${(c / 100) | 0}.${String(c % 100).padStart(2, "0")}\n`;
    }
    writeSync(fd, parts.join(""));
  }
  closeSync(fd);
  renameSync(tmp, csvPath);
}

async function generateParquet(path, stringIds) {
  const { ParquetWriter, fileWriter } = await import("hyparquet-writer");
  const tmp = path + ".tmp";
  const writer = new ParquetWriter({
    writer: fileWriter(tmp),
    schema: [
      { name: "root", num_children: 3 },
      stringIds
        ? { name: "customer_id", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" }
        : { name: "customer_id", type: "INT32", repetition_type: "REQUIRED" },
      { name: "date", type: "INT32", converted_type: "DATE", repetition_type: "REQUIRED" },
      { name: "amount", type: "DOUBLE", repetition_type: "REQUIRED" },
    ],
  });
  for (const { n, cust, day, cents } of rowBatches(1_000_000)) {
    const ids = stringIds ? new Array(n) : new Int32Array(n);
    const amount = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      ids[k] = stringIds ? custId(cust[k]) : custNum(cust[k]);
      amount[k] = cents[k] / 100;
    }
    writer.write({ columnData: [{ name: "customer_id", data: ids }, { name: "date", data: day }, { name: "amount", data: amount }], rowGroupSize: n });
  }
  writer.finish();
  renameSync(tmp, path);
}

// Child: load one file and summarize it; print the figures as JSON.
async function child(kind) {
  const { loadTransactions, summarizeCustomers } = await import("../dist/index.js");
  const path = kind === "csv" ? csvPath : kind === "parquet" ? pqPath : pqStrPath;
  const t0 = process.hrtime.bigint();
  const log = await loadTransactions(path, { attributes: "none" });
  const t1 = process.hrtime.bigint();
  const s = summarizeCustomers(log, { timeUnit: "weeks", calibrationEnd: "2024-06-30", observationEnd: "2024-12-31" });
  const t2 = process.hrtime.bigint();
  let repeat = 0;
  for (let i = 0; i < s.frequency.length; i++) repeat += s.frequency[i];
  process.stdout.write(
    JSON.stringify({ load: Number(t1 - t0) / 1e9, summarize: Number(t2 - t1) / 1e9, rows: log.length, customers: s.customerId.length, repeat, rss: peakRssMb() }) + "\n",
  );
}

async function main() {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(csvPath)) {
    process.stdout.write(`  generating ${csvPath}\n`);
    generateCsv();
  }
  for (const [path, stringIds] of [[pqPath, false], [pqStrPath, true]]) {
    if (!existsSync(path)) {
      process.stdout.write(`  generating ${path}\n`);
      await generateParquet(path, stringIds);
    }
  }
  process.stdout.write(`  input: CSV ${(statSync(csvPath).size / 1e6).toFixed(0)} MB, Parquet ${(statSync(pqPath).size / 1e6).toFixed(0)} MB (string ids ${(statSync(pqStrPath).size / 1e6).toFixed(0)} MB)\n`);
  const results = {};
  for (const kind of ["csv", "parquet", "parquet_string_ids"]) {
    const r = spawnSync(process.execPath, ["--max-old-space-size=6144", fileURLToPath(import.meta.url), "--child", kind], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`${kind} run failed: ${r.stderr}`);
    const fig = JSON.parse(r.stdout.trim().split("\n").pop());
    results[kind] = fig;
    const total = fig.load + fig.summarize;
    const target = kind === "csv" ? 10 : kind === "parquet" ? results.csv.load + results.csv.summarize : undefined;
    record({ name: `data.${kind}_to_summary_seconds`, value: total, unit: "s", sizes, target, notes: `load ${fig.load.toFixed(2)} s + summarize ${fig.summarize.toFixed(2)} s; ${fig.customers} customers, ${fig.repeat} calibration repeat purchases` });
    record({ name: `data.${kind}_rows_per_second`, value: ROWS / total, unit: "rows/s", sizes });
    record({ name: `data.${kind}_peak_rss_mb`, value: fig.rss, unit: "MB", sizes, target: 3072 });
  }
  const p = results.parquet, c = results.csv, q = results.parquet_string_ids;
  if (c.repeat !== p.repeat || c.customers !== p.customers || q.repeat !== p.repeat || q.customers !== p.customers) {
    throw new Error(`CSV and Parquet summaries differ: ${JSON.stringify(results)}`);
  }
}

if (process.argv[2] === "--child") await child(process.argv[3]);
else await main();
