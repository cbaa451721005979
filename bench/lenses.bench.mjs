// Five Lenses audit on 10 million synthetic transactions of 1 million customers (target: at most 10 s).
// The TransactionLog arrays are built here, so CSV parsing speed is not part of the figure. Each stage of the audit
// is timed too (wall and CPU seconds, with the load average: the machine may be shared), so a slow stage shows.
import { availableParallelism, loadavg } from "node:os";
import {
  assignCohorts, c3Chart, cohortHeatmapChart, createRng, decilesChart, fiveLensesReport, fiveLensesReportFromPanel, healthFactorsChart,
  lens1, lens2, lens3, lens4, lens5, lorenzChart, migrationChart, periodPanel, projectAnnualRevenue, retentionCurvesChart, summarizeCustomers,
} from "../dist/index.js";
import { peakRssMb, record } from "./lib.mjs";

const N = Number(process.env.LENSES_BENCH_ROWS ?? 10_000_000);
const CUSTOMERS = Math.round(N / 10); // LENSES_BENCH_ROWS: a smaller log for a quick look; the target is for 10M
const START = Date.UTC(2022, 0, 1) / 86_400_000;
const DAYS = 3 * 365;

function syntheticLog() {
  const rng = createRng(20240501);
  const customerTmp = new Int32Array(N);
  const dayTmp = new Int32Array(N);
  const amountTmp = new Float64Array(N);
  let i = 0;
  for (let c = 0; c < CUSTOMERS && i < N; c++) {
    const acq = START + rng.int(DAYS);
    // ~10 rows per customer on average, over the customer's remaining window
    const rows = c === CUSTOMERS - 1 ? N - i : Math.min(N - i, 1 + rng.int(19));
    for (let k = 0; k < rows; k++) {
      customerTmp[i] = c;
      dayTmp[i] = k === 0 ? acq : acq + rng.int(START + DAYS - acq);
      const cents = 100 + rng.int(9900);
      amountTmp[i] = (rng.uniform() < 0.01 ? -cents : cents) / 100; // 1% returns
      i++;
    }
  }
  // Date-sorted like a real export (counting sort by day).
  const count = new Int32Array(DAYS + 1);
  for (let j = 0; j < N; j++) count[dayTmp[j] - START + 1]++;
  for (let d = 0; d < DAYS; d++) count[d + 1] += count[d];
  const customer = new Int32Array(N);
  const day = new Int32Array(N);
  const amount = new Float64Array(N);
  const cost = new Float64Array(N);
  for (let j = 0; j < N; j++) {
    const p = count[dayTmp[j] - START]++;
    customer[p] = customerTmp[j];
    day[p] = dayTmp[j];
    amount[p] = amountTmp[j];
    cost[p] = Math.round(amountTmp[j] * 60) / 100;
  }
  const timestamp = new Float64Array(N);
  for (let j = 0; j < N; j++) timestamp[j] = day[j] * 86_400_000;
  const customerIds = Array.from({ length: CUSTOMERS }, (_, c) => `c${c}`);
  return { length: N, customerIds, customer, day, timestamp, amount, cost, attributes: {}, timeZone: "UTC", report: { rowsRead: N, rowsUsed: N, counts: {}, examples: [] } };
}

/** Runs `fn` once; wall and CPU (user + system, all threads) seconds. */
function timed(fn) {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const value = fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1e6 };
}

const log = syntheticLog();
globalThis.gc?.();
const panelRun = timed(() => periodPanel(log, { period: "month" }));
const panel = panelRun.value;
const cohorts = assignCohorts(panel, { by: panel.period }, log);
const lensesRun = timed(() => ({ lens1: lens1(panel), lens2: lens2(panel), lens3: lens3(panel, { cohorts }), lens4: lens4(panel, { cohorts }), lens5: lens5(panel) }));
const l = lensesRun.value;
const chartsRun = timed(() => [
  lorenzChart(l.lens1), decilesChart(l.lens1), migrationChart(l.lens2), retentionCurvesChart(l.lens4), cohortHeatmapChart(l.lens4),
  c3Chart(l.lens5), c3Chart(l.lens5, { metric: "activeCustomers" }), healthFactorsChart(l.lens5),
]);
const fromPanelRun = timed(() => fiveLensesReportFromPanel(panel, { period: "month" }, { cohorts }));
const projectionRun = timed(() => projectAnnualRevenue(() => summarizeCustomers(log, { timeUnit: "weeks", observationEnd: panel.observationEnd })));
const fullRun = timed(() => fiveLensesReport(log, { period: "month" }));
const report = fullRun.value;
if (!report.lenses.lens5.reconciliation.exact || !report.lenses.lens4.reconciliation.exact || !report.lenses.lens2.reconciliation.revenue)
  throw new Error("reconciliation failed on the synthetic log");
const sizes = { transactions: N, customers: CUSTOMERS, periods: panel.periodLabels.length, panelRows: panel.customer.length };
const notes = (r) => `CPU ${r.cpu.toFixed(2)} s; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`;
/** Records a timed stage (wall seconds) with its CPU seconds and the load in the notes, and prints them. */
function stage(name, run, extra = {}) {
  record({ name, value: run.wall, unit: "s", sizes, notes: notes(run), ...extra });
  process.stdout.write(`    (${notes(run)})\n`);
}
stage(`lenses: period panel (month), ${N / 1e6}M transactions`, panelRun);
stage("lenses: lens1-lens5 on the panel", lensesRun);
stage("lenses: the 8 charts of the audit from the lens results", chartsRun);
stage("lenses: audit from the panel without projection (5 lenses, 8 charts, md + html)", fromPanelRun);
stage("lenses: lens 5 projection (weekly summary, BG/NBD and Gamma-Gamma fits, 12-month CLV)", projectionRun);
stage("lenses: full audit fiveLensesReport (panel, 5 lenses, projection, 8 charts, md + html)", fullRun, { target: 10 });
record({ name: "lenses: full audit throughput", value: N / fullRun.wall, unit: "rows/s", sizes });
record({ name: "lenses: peak memory", value: peakRssMb(), unit: "MB", sizes });
if (fullRun.wall > 10) {
  process.stderr.write(`full audit took ${fullRun.wall.toFixed(2)} s (CPU ${fullRun.cpu.toFixed(2)} s), above the 10 s target\n`);
  process.exit(1);
}
