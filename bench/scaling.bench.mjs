// Scaling benchmark: the customer summary (from an in-memory transaction log) and the BG/NBD fit with standard
// errors, at 10k, 100k, 1M and 10M customers; both must grow linearly. Recorded per size: time per customer, peak
// RSS, the input's compression ratio (distinct rows / rows) and the fit's likelihood evaluations; then the growth
// factors 10k → 10M and 1M → 10M (time ratio; 1000x and 10x when linear).
//
// Each size runs in its own child process, so its peak RSS is its own and no size inherits another's heap.
// The log (about 4 rows per customer, so 40M rows at 10M customers) is built as by ../shared/peers and
// bench/data.bench.mjs, so no two customers are alike: each customer is acquired on their own day (uniform over
// 2023-01-01..2024-09-30, a purchase that day); 3 further rows on average go to customers in proportion to a
// Gamma(0.6) activity weight (Poisson counts), on days uniform between acquisition and 2024-12-31, 15% of them a
// further line of an order already placed that day; amounts lognormal(3.5, 0.8) in cents; the log is date-sorted and
// customers are numbered in order of first appearance (as a reader numbers them). Summary: weeks, calibration to
// 2024-06-30, observation to 2024-12-31; timed on the date-sorted log (the one-pass path) and on the same rows
// shuffled (the sorting path). Fits: BG/NBD with standard errors (a) on that summary (T in whole days) and (b) on
// simulated BG/NBD customers with continuous T (uniform 26..78 weeks), where no two rows are alike.
// Each time is also taken as CPU time of the process, the steadier figure on a shared machine; the notes give the
// load average.
//
// CLVLAB_BENCH_SCALE_MAX (default 10000000) caps the largest size; a size whose estimated peak memory does not fit
// in the machine's available memory (less 2 GB headroom) is skipped and reported as such.
import { spawnSync } from "node:child_process";
import { cpus, freemem, loadavg } from "node:os";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { peakRssMb, record } from "./lib.mjs";

const START = 19358; // 2023-01-01
const END = 20088; // 2024-12-31
const ACQ_DAYS = 639; // acquisitions 2023-01-01 .. 2024-09-30
const SIZES = [10_000, 100_000, 1_000_000, 10_000_000];
const MAX = Number(process.env.CLVLAB_BENCH_SCALE_MAX ?? 10_000_000);
const SUMMARY_OPTIONS = { timeUnit: "weeks", calibrationEnd: "2024-06-30", observationEnd: "2024-12-31" };
// Peak RSS per customer measured at 1M customers (~0.5 KB: 4 log rows at 24 bytes, ids, summary, fits), with margin.
const BYTES_PER_CUSTOMER = 600;

/** Available memory in bytes (MemAvailable, which counts reclaimable page cache; freemem() elsewhere). */
function availableBytes() {
  try {
    const m = /MemAvailable:\s+(\d+) kB/.exec(readFileSync("/proc/meminfo", "utf8"));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return freemem();
}

/** The date-sorted log of C customers as a TransactionLog, and the number of distinct (customer, day, amount) rows. */
function simulateLog(createRng, C) {
  const rng = createRng(20240101 + C);
  // Per customer, in generation order: acquisition day and the number of further rows.
  const acq = new Int32Array(C), extra = new Int32Array(C);
  let n = 0;
  for (let c = 0; c < C; c++) {
    acq[c] = START + rng.int(ACQ_DAYS);
    extra[c] = rng.poisson(3 * rng.gamma(0.6, 0.6));
    n += 1 + extra[c];
  }
  const cust = new Int32Array(n), day = new Int32Array(n), cents = new Int32Array(n);
  let k = 0, distinct = 0;
  for (let c = 0; c < C; c++) {
    const k0 = k;
    cust[k] = c;
    day[k] = acq[c];
    cents[k++] = Math.round(100 * Math.exp(3.5 + 0.8 * rng.normal(0, 1)));
    for (let e = 0; e < extra[c]; e++) {
      cust[k] = c;
      day[k] = rng.uniform() < 0.15 ? day[k0 + rng.int(k - k0)] : acq[c] + rng.int(END - acq[c] + 1);
      cents[k++] = Math.round(100 * Math.exp(3.5 + 0.8 * rng.normal(0, 1)));
    }
    // Distinct rows of this customer (a handful: pairwise), for the compression ratio.
    for (let i = k0; i < k; i++) {
      let dup = false;
      for (let j = k0; j < i && !dup; j++) dup = day[j] === day[i] && cents[j] === cents[i];
      if (!dup) distinct++;
    }
  }
  // Date order by a stable counting sort, then customers renumbered by first appearance.
  const first = new Int32Array(END - START + 2);
  for (let i = 0; i < n; i++) first[day[i] - START + 1]++;
  for (let d = 0; d <= END - START; d++) first[d + 1] += first[d];
  const customer = new Int32Array(n), sday = new Int32Array(n), amount = new Float64Array(n), timestamp = new Float64Array(n);
  const code = new Int32Array(C).fill(-1);
  for (let i = 0; i < n; i++) {
    const j = first[day[i] - START]++;
    customer[j] = cust[i];
    sday[j] = day[i];
    amount[j] = cents[i] / 100;
  }
  let next = 0;
  for (let j = 0; j < n; j++) {
    const c = customer[j];
    if (code[c] < 0) code[c] = next++;
    customer[j] = code[c];
    timestamp[j] = sday[j] * 86_400_000;
  }
  const customerIds = new Array(C);
  for (let c = 0; c < C; c++) customerIds[c] = "C" + String(c + 1).padStart(8, "0");
  const report = { rowsRead: n, rowsUsed: n, counts: {}, examples: [], returns: 0, duplicateRows: n - distinct };
  return { log: { length: n, customerIds, customer, day: sday, timestamp, amount, attributes: {}, timeZone: "UTC", report }, distinct };
}

/** Distinct (frequency, recency, T) rows of a summary in whole days / customers (an exact integer key per row). */
function summaryCompression(s, calEndDay) {
  const m = s.frequency.length;
  const keys = new Float64Array(m);
  for (let i = 0; i < m; i++) keys[i] = s.frequency[i] * 2 ** 24 + (s.lastPurchase[i] - s.firstPurchase[i]) * 2 ** 12 + (calEndDay - s.firstPurchase[i]);
  keys.sort();
  let d = m > 0 ? 1 : 0;
  for (let i = 1; i < m; i++) if (keys[i] !== keys[i - 1]) d++;
  return d / m;
}

/**
 * Seconds of one call of fn, best of `repeats` (wall clock, and CPU time of the process: on a shared machine the
 * CPU time is the steadier of the two), with the last result.
 */
function timed(fn, repeats) {
  let best = Infinity, cpu = Infinity, out;
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    out = fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
  }
  return { seconds: best, cpu, out };
}

/** The summary of the date-sorted log, then of the same rows shuffled; the log is released on return. */
function summaries(createRng, summarizeCustomers, C) {
  const { log, distinct } = simulateLog(createRng, C);
  // Best of several runs below 1M customers (warm JIT, quiet moments); two at 1M and more (each is long).
  const repeats = C <= 100_000 ? Math.ceil(2e6 / log.length) + 2 : 2;
  const sorted = timed(() => summarizeCustomers(log, SUMMARY_OPTIONS), repeats);
  const rss = peakRssMb();
  // The same rows in random order (the summary's sorting path), shuffled in place by Fisher-Yates.
  const rng = createRng(7);
  for (let i = log.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    for (const a of [log.customer, log.day, log.amount, log.timestamp]) {
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
  const unsorted = timed(() => summarizeCustomers(log, SUMMARY_OPTIONS), repeats);
  const s = sorted.out;
  if (unsorted.out.frequency.length !== s.frequency.length) throw new Error("the shuffled log's summary lost customers");
  return {
    s, rows: log.length, logDistinct: distinct / log.length,
    summary: { seconds: sorted.seconds, cpu: sorted.cpu, repeats, rss },
    summaryUnsorted: { seconds: unsorted.seconds, cpu: unsorted.cpu, repeats, rss: peakRssMb() },
  };
}

// Child: one size; prints its figures as JSON.
async function child(C) {
  const { createRng, summarizeCustomers, fitBgNbd, simulateBgNbd } = await import("../dist/index.js");
  const { s, rows, logDistinct, summary, summaryUnsorted } = summaries(createRng, summarizeCustomers, C);
  const fitRepeats = C <= 100_000 ? 3 : 1;
  const fit = timed(() => fitBgNbd(s), fitRepeats);
  const rssFit = peakRssMb();
  const calEndDay = Math.round(Date.parse("2024-06-30") / 86_400_000);
  const sim = simulateBgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { seed: 1, customers: C, T: { min: 26, max: 78 }, transactions: false }).summary;
  const cont = timed(() => fitBgNbd(sim), fitRepeats);
  const fitInfo = (m) => ({ evaluations: m.likelihoodEvaluations, subsampleEvaluations: m.subsampleEvaluations, iterations: m.iterations, method: m.method, converged: m.converged, params: m.params, se: m.standardErrors });
  process.stdout.write(JSON.stringify({
    customers: C, rows, summarized: s.frequency.length, logDistinct, summaryDistinct: summaryCompression(s, calEndDay),
    summary, summaryUnsorted,
    fit: { seconds: fit.seconds, cpu: fit.cpu, repeats: fitRepeats, rss: rssFit, ...fitInfo(fit.out) },
    fitContinuous: { seconds: cont.seconds, cpu: cont.cpu, repeats: fitRepeats, rss: peakRssMb(), ...fitInfo(cont.out) },
    load: loadavg()[0],
  }) + "\n");
}

async function main() {
  const results = [];
  for (const C of SIZES) {
    if (C > MAX) {
      process.stdout.write(`  ${C} customers: skipped (CLVLAB_BENCH_SCALE_MAX=${MAX})\n`);
      continue;
    }
    const need = C * BYTES_PER_CUSTOMER, avail = availableBytes() - 2 * 2 ** 30;
    if (need > avail) {
      process.stdout.write(`  ${C} customers: skipped (needs ~${(need / 2 ** 30).toFixed(1)} GB, ${(avail / 2 ** 30).toFixed(1)} GB available beyond 2 GB headroom)\n`);
      continue;
    }
    const heap = Math.max(2048, Math.ceil((need * 1.5) / 2 ** 20));
    const r = spawnSync(process.execPath, [`--max-old-space-size=${heap}`, fileURLToPath(import.meta.url), "--child", String(C)], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`scaling run at ${C} customers failed: ${r.stderr}`);
    const z = JSON.parse(r.stdout.trim().split("\n").pop());
    results.push(z);
    const sizes = { customers: C, rows: z.rows };
    const input = `input: ${z.rows} log rows, compression ratio ${z.logDistinct.toFixed(4)} (distinct rows / rows)`;
    record({ name: `scaling.summary_us_per_customer_${C}`, value: (z.summary.seconds / C) * 1e6, unit: "µs/customer", sizes,
      notes: `summarizeCustomers ${z.summary.seconds.toFixed(3)} s (best of ${z.summary.repeats}; CPU ${z.summary.cpu.toFixed(3)} s), ${((z.summary.seconds / z.rows) * 1e9).toFixed(1)} ns/row; ${input}; peak RSS ${z.summary.rss.toFixed(0)} MB; 1-minute load average ${z.load.toFixed(1)} on ${cpus().length} cores` });
    record({ name: `scaling.summary_unsorted_us_per_customer_${C}`, value: (z.summaryUnsorted.seconds / C) * 1e6, unit: "µs/customer", sizes,
      notes: `summarizeCustomers on the same rows in random order (sorting path) ${z.summaryUnsorted.seconds.toFixed(3)} s (best of ${z.summaryUnsorted.repeats}; CPU ${z.summaryUnsorted.cpu.toFixed(3)} s), ${((z.summaryUnsorted.seconds / z.rows) * 1e9).toFixed(1)} ns/row; ${input}; 1-minute load average ${z.load.toFixed(1)} on ${cpus().length} cores` });
    const fitNotes = (f, ratio) => `fitBgNbd with standard errors ${f.seconds.toFixed(3)} s (best of ${f.repeats}; CPU ${f.cpu.toFixed(3)} s); input compression ratio ${ratio} (distinct rows / rows); likelihood evaluations ${f.evaluations} on the full data + ${f.subsampleEvaluations} on warm-start subsamples; ${f.iterations} iterations (${f.method}); peak RSS ${f.rss.toFixed(0)} MB`;
    record({ name: `scaling.fit_bg_nbd_us_per_customer_${C}`, value: (z.fit.seconds / z.summarized) * 1e6, unit: "µs/customer", sizes: { customers: z.summarized },
      notes: `on the summary above (T in whole days); ` + fitNotes(z.fit, z.summaryDistinct.toFixed(4)) });
    record({ name: `scaling.fit_bg_nbd_continuous_t_us_per_customer_${C}`, value: (z.fitContinuous.seconds / C) * 1e6, unit: "µs/customer", sizes: { customers: C },
      notes: `simulated BG/NBD customers, continuous T; ` + fitNotes(z.fitContinuous, "1") });
    record({ name: `scaling.fit_bg_nbd_likelihood_evaluations_${C}`, value: z.fit.evaluations, unit: "evaluations", sizes: { customers: z.summarized }, notes: `plus ${z.fit.subsampleEvaluations} on warm-start subsamples; continuous T: ${z.fitContinuous.evaluations} + ${z.fitContinuous.subsampleEvaluations}` });
    record({ name: `scaling.peak_rss_mb_${C}`, value: z.fitContinuous.rss, unit: "MB", sizes });
  }
  const at = (C) => results.find((z) => z.customers === C);
  const largest = results[results.length - 1];
  for (const [from, to] of [[at(10_000), largest], [at(1_000_000), largest]]) {
    if (!from || !to || from === to) continue;
    const label = `${from.customers}_to_${to.customers}`;
    const sizes = { from: from.customers, to: to.customers };
    // The fit of the summary covers the customers summarized (those with a calibration purchase).
    const n = (z, what) => (what === "fit" ? z.summarized : z.customers);
    for (const [what, name] of [["summary", "summary"], ["summaryUnsorted", "summary_unsorted"], ["fit", "fit_bg_nbd"], ["fitContinuous", "fit_bg_nbd_continuous_t"]]) {
      const a = from[what], b = to[what], k = n(to, what) / n(from, what);
      record({ name: `scaling.${name}_growth_${label}`, value: b.seconds / a.seconds, unit: "x", sizes, target: k,
        notes: `time ratio for ${k.toFixed(1)}x the customers (${k.toFixed(1)}x when linear): ${a.seconds.toFixed(3)} s → ${b.seconds.toFixed(3)} s, per customer ${(b.seconds / a.seconds / k).toFixed(2)}x; CPU time ratio ${(b.cpu / a.cpu).toFixed(1)}x (${a.cpu.toFixed(3)} s → ${b.cpu.toFixed(3)} s)` });
    }
  }
  if (process.env.CLVLAB_BENCH_SCALE_JSON) process.stdout.write(JSON.stringify(results) + "\n");
}

if (process.argv[2] === "--child") await child(Number(process.argv[3]));
else await main();
