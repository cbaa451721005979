// Five Lenses audit on 10 million synthetic transactions of 1 million customers (target: at most 10 s).
// The TransactionLog arrays are built here, so CSV parsing speed is not part of the figure.
import { createRng, fiveLensesReport, periodPanel, lens1, lens2, lens3, lens4, lens5 } from "../dist/index.js";
import { peakRssMb, record, seconds } from "./lib.mjs";

const N = 10_000_000;
const CUSTOMERS = 1_000_000;
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

const log = syntheticLog();
globalThis.gc?.();
let panel;
const tPanel = await seconds(() => {
  panel = periodPanel(log, { period: "month" });
});
const tLenses = await seconds(() => {
  lens1(panel);
  lens2(panel);
  lens3(panel);
  lens4(panel);
  lens5(panel);
});
let report;
const tFull = await seconds(() => {
  report = fiveLensesReport(log, { period: "month" });
});
if (!report.lenses.lens5.reconciliation.exact || !report.lenses.lens4.reconciliation.exact || !report.lenses.lens2.reconciliation.revenue)
  throw new Error("reconciliation failed on the synthetic log");
const sizes = { transactions: N, customers: CUSTOMERS, periods: panel.periodLabels.length, panelRows: panel.customer.length };
record({ name: "lenses: period panel (month), 10M transactions", value: tPanel, unit: "s", sizes });
record({ name: "lenses: lens1-lens5 on the panel", value: tLenses, unit: "s", sizes });
record({ name: "lenses: full audit fiveLensesReport (panel, 5 lenses, 8 charts, md + html)", value: tFull, unit: "s", sizes, target: 10 });
record({ name: "lenses: full audit throughput", value: N / tFull, unit: "rows/s", sizes });
record({ name: "lenses: peak memory", value: peakRssMb(), unit: "MB", sizes });
if (tFull > 10) {
  process.stderr.write(`full audit took ${tFull.toFixed(2)} s, above the 10 s target\n`);
  process.exit(1);
}
