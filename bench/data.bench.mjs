// Data layer benchmark (issues 3 and 15): 10 million transactions of 1 million customers, from CSV and from
// Parquet, to the customer summary. Targets on the 2-core machine: CSV → summary ≤ 10 s, Parquet faster,
// peak memory ≤ 700 MB for CSV. The input files are generated once into os.tmpdir() and reused by later runs.
// Each measurement runs in a child process so its peak RSS is its own.
//
// No two customers alike (as in ../shared/peers' transaction log): each customer is acquired on its own day
// (uniform over 2023-01-01..2024-09-30, with a purchase that day), the other rows go to customers in proportion
// to a Gamma(0.6) activity weight on days uniform between acquisition and 2024-12-31, ~15% of them repeat a
// (customer, day) pair (several lines of one order), amounts are lognormal(3.5, 0.8) in cents; date-sorted.
// Recorded with each figure: the input's compression ratio (distinct rows / rows, and distinct customer summaries /
// customers; 1 = nothing repeats) and peak RSS.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, closeSync, writeSync, renameSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { record, recordPeerRatios, peakRssMb } from "./lib.mjs";

const ROWS = Number(process.env.CLVLAB_BENCH_ROWS ?? 10_000_000);
const CUSTOMERS = Number(process.env.CLVLAB_BENCH_CUSTOMERS ?? 1_000_000);
const START = 19358; // 2023-01-01
const END = 20088; // 2024-12-31
const ACQ_DAYS = 639; // acquisitions 2023-01-01 .. 2024-09-30
const dir = join(tmpdir(), "clvlab-bench-data");
// Customer ids are integers (as in CDNOW and most warehouses), the same ids in both formats; a third file holds
// string ids ("C0000001") in Parquet to show the cost of per-value strings in hyparquet (recorded, no target).
const csvPath = join(dir, `tx_${ROWS}_${CUSTOMERS}_v3.csv`);
const pqPath = join(dir, `tx_${ROWS}_${CUSTOMERS}_v3.parquet`);
const pqStrPath = join(dir, `tx_${ROWS}_${CUSTOMERS}_v3_strid.parquet`);
const sizes = { rows: ROWS, customers: CUSTOMERS };

/** The whole log as typed arrays (customer index, day, amount in cents), date-sorted; seeded. */
async function simulateLog() {
  const { createRng } = await import("../dist/index.js");
  const rng = createRng(20240101);
  const acq = new Int32Array(CUSTOMERS);
  const cum = new Float64Array(CUSTOMERS);
  let w = 0;
  for (let c = 0; c < CUSTOMERS; c++) {
    acq[c] = START + rng.int(ACQ_DAYS);
    cum[c] = w += rng.gamma(0.6, 1);
  }
  const extra = ROWS - CUSTOMERS, same = Math.floor(extra * 0.15);
  const cust = new Int32Array(ROWS), day = new Int32Array(ROWS);
  for (let c = 0; c < CUSTOMERS; c++) {
    cust[c] = c;
    day[c] = acq[c];
  }
  for (let k = CUSTOMERS; k < ROWS - same; k++) {
    const u = rng.uniform() * w;
    let lo = 0, hi = CUSTOMERS - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    cust[k] = lo;
    day[k] = acq[lo] + Math.floor(rng.uniform() * (END - acq[lo] + 1));
  }
  for (let k = ROWS - same; k < ROWS; k++) {
    const src = CUSTOMERS + rng.int(ROWS - same - CUSTOMERS);
    cust[k] = cust[src];
    day[k] = day[src];
  }
  // Date order (a counting sort by day, stable), then amounts in that order.
  const first = new Int32Array(END - START + 2);
  for (let k = 0; k < ROWS; k++) first[day[k] - START + 1]++;
  for (let d = 0; d < END - START + 1; d++) first[d + 1] += first[d];
  const sc = new Int32Array(ROWS), sd = new Int32Array(ROWS), cents = new Int32Array(ROWS);
  for (let k = 0; k < ROWS; k++) {
    const j = first[day[k] - START]++;
    sc[j] = cust[k];
    sd[j] = day[k];
  }
  for (let k = 0; k < ROWS; k++) cents[k] = Math.round(100 * Math.exp(3.5 + 0.8 * rng.normal(0, 1)));
  return { cust: sc, day: sd, cents };
}

let simulated;
async function* rowBatches(batch) {
  simulated ??= await simulateLog();
  for (let start = 0; start < ROWS; start += batch) {
    const end = Math.min(ROWS, start + batch);
    yield { n: end - start, cust: simulated.cust.subarray(start, end), day: simulated.day.subarray(start, end), cents: simulated.cents.subarray(start, end) };
  }
}

const iso = (day) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const custId = (c) => "C" + String(c).padStart(7, "0");
const custNum = (c) => c + 1;

async function generateCsv() {
  const tmp = csvPath + ".tmp";
  const fd = openSync(tmp, "w");
  writeSync(fd, "customer_id,date,amount\n");
  const dates = new Map();
  for await (const { n, cust, day, cents } of rowBatches(1_000_000)) {
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
  for await (const { n, cust, day, cents } of rowBatches(1_000_000)) {
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
  const rss = peakRssMb(); // before the distinct-summary count below, which is not part of the work
  let repeat = 0;
  for (let i = 0; i < s.frequency.length; i++) repeat += s.frequency[i];
  const seen = new Set();
  for (let i = 0; i < s.frequency.length; i++) seen.add(`${s.frequency[i]},${s.recency[i]},${s.T[i]},${s.monetaryValue[i]}`);
  process.stdout.write(
    JSON.stringify({
      load: Number(t1 - t0) / 1e9, summarize: Number(t2 - t1) / 1e9, rows: log.length, customers: s.customerId.length, repeat, rss,
      distinctRows: (log.length - log.report.duplicateRows) / log.length, distinctCustomers: seen.size / s.customerId.length,
    }) + "\n",
  );
}

// Child: summary time per row from 10k to 2M customers (5 rows each, date-ordered, amounts all distinct), built in
// memory so only the summary is timed (it must grow linearly).
async function scaling() {
  const { summarizeCustomers } = await import("../dist/index.js");
  const out = [];
  for (const C of [10_000, 100_000, 1_000_000, 2_000_000]) {
    const n = 5 * C;
    const rand = makeRand(C);
    const customer = new Int32Array(n), day = new Int32Array(n), amount = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      customer[i] = i < C ? i : Math.floor(rand() * C);
      day[i] = START + Math.floor((i * (END - START)) / n);
      amount[i] = 1 + i / n + rand();
    }
    const log = { length: n, customerIds: Array.from({ length: C }, (_, i) => String(i + 1)), customer, day, timestamp: Float64Array.from(day, (d) => d * 86_400_000), amount, attributes: {}, timeZone: "UTC", report: { rowsRead: n, rowsUsed: n, counts: {}, examples: [], returns: 0, duplicateRows: 0 } };
    let best = Infinity;
    // best of at least 3 runs and of 2M rows in all, so the small sizes are timed after the JIT has warmed up
    for (let r = 0; r < Math.max(3, Math.ceil(2e6 / n)); r++) {
      const t0 = process.hrtime.bigint();
      summarizeCustomers(log, { timeUnit: "weeks", observationEnd: "2024-12-31" });
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
    }
    out.push({ customers: C, rows: n, seconds: best });
  }
  process.stdout.write(JSON.stringify({ sizes: out, rss: peakRssMb() }) + "\n");
}

// xorshift32: a fixed, fast stream for the scaling input (not a statistical procedure).
function makeRand(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

async function main() {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(csvPath)) {
    process.stdout.write(`  generating ${csvPath}\n`);
    await generateCsv();
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
    const input = `input compression ratio ${fig.distinctRows.toFixed(4)} (distinct rows / rows), ${fig.distinctCustomers.toFixed(4)} (distinct customer summaries / customers); peak RSS ${fig.rss.toFixed(0)} MB`;
    record({ name: `data.${kind}_to_summary_seconds`, value: total, unit: "s", sizes, target, notes: `load ${fig.load.toFixed(2)} s + summarize ${fig.summarize.toFixed(2)} s; ${fig.customers} customers, ${fig.repeat} calibration repeat purchases; ${input}` });
    record({ name: `data.${kind}_rows_per_second`, value: ROWS / total, unit: "rows/s", sizes });
    record({ name: `data.${kind}_peak_rss_mb`, value: fig.rss, unit: "MB", sizes, target: kind === "csv" ? 700 : 3072 });
    record({ name: `data.${kind}_input_distinct_row_ratio`, value: fig.distinctRows, unit: "distinct rows / rows", sizes });
    record({ name: `data.${kind}_input_distinct_customer_ratio`, value: fig.distinctCustomers, unit: "distinct summaries / customers", sizes });
  }
  const sc = spawnSync(process.execPath, ["--max-old-space-size=6144", fileURLToPath(import.meta.url), "--child", "scaling"], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (sc.status !== 0) throw new Error(`scaling run failed: ${sc.stderr}`);
  const scale = JSON.parse(sc.stdout.trim().split("\n").pop());
  const base = scale.sizes[0];
  for (const z of scale.sizes) {
    const perRow = (z.seconds / z.rows) * 1e9;
    record({ name: `data.summary_ns_per_row_${z.customers}_customers`, value: perRow, unit: "ns/row", sizes: { rows: z.rows, customers: z.customers },
      notes: `summary only, in memory, date-ordered, 5 rows per customer; ${(z.seconds / base.seconds).toFixed(1)}x the time of ${base.customers} customers for ${(z.rows / base.rows).toFixed(0)}x the rows; input compression ratio 1 (all amounts distinct); peak RSS ${scale.rss.toFixed(0)} MB` });
  }
  const p = results.parquet, c = results.csv, q = results.parquet_string_ids;
  if (c.repeat !== p.repeat || c.customers !== p.customers || q.repeat !== p.repeat || q.customers !== p.customers) {
    throw new Error(`CSV and Parquet summaries differ: ${JSON.stringify(results)}`);
  }
  // Side by side with pandas (goal ≥ 3x) and DuckDB (goal ≥ 1x) on the harness's 10M-row log (CSV read included).
  recordPeerRatios("summary", (w) => ({ name: `data.csv_to_summary_vs_${w.peer}`, target: w.peer === "pandas" ? 3 : 1, sizes: { rows: 10_000_000 } }));
}

if (process.argv[2] === "--child" && process.argv[3] === "scaling") await scaling();
else if (process.argv[2] === "--child") await child(process.argv[3]);
else await main();
