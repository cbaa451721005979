// Monitoring at scale: features + predictions + tracking of 1M customers (monitorModel), snapshot size, and the
// warm-started BTYD refit against a cold fit at 1M customers (likelihood evaluations, time, log-likelihood gap).
import { fitBgNbd, monitorModel, simulateBgNbd, summarizeCustomers, trainClvBundle, isoDate } from "../dist/index.js";
import { peakRssMb, record, seconds } from "./lib.mjs";

const n = Number(process.env.CLVLAB_BENCH_MONITOR_N ?? 1_000_000);
const sim = simulateBgNbd({ r: 0.5, alpha: 6, a: 0.7, b: 3 }, { seed: 7, customers: n, T: { min: 26, max: 104 }, startDate: "2022-01-01", spend: { p: 6, q: 4, v: 15 } });
const log = sim.transactions;
let last = 0;
for (let i = 0; i < log.length; i++) if (log.day[i] > last) last = log.day[i];
const sizes = { customers: n, rows: log.length };

// Monitoring: the model trained 13 weeks before the data end, monitored on everything since.
const refEnd = isoDate(last - 91);
const bundle = trainClvBundle(log, { trainingEnd: refEnd });
let snap;
const cpu0 = process.cpuUsage();
const tMon = await seconds(() => { snap = monitorModel(bundle, log, { currentEnd: isoDate(last) }); });
const cpu = process.cpuUsage(cpu0);
record({ name: "monitor (features + predictions + weekly tracking)", value: tMon, unit: "s", sizes, notes: `status ${snap.status}; ${snap.features.length} features, ${snap.tracking.periods.length} weeks` });
record({ name: "monitor CPU time (user + system)", value: (cpu.user + cpu.system) / 1e6, unit: "s", sizes, notes: "wall time above includes waiting for a shared CPU" });
record({ name: "monitoring snapshot size", value: JSON.stringify(snap).length / 1024, unit: "KiB", sizes });

// Warm vs cold BG/NBD refit after one week and after 13 weeks of new data.
for (const days of [7, 91]) {
  const before = summarizeCustomers(log, { timeUnit: "weeks", observationEnd: isoDate(last - days) });
  const after = summarizeCustomers(log, { timeUnit: "weeks", observationEnd: isoDate(last) });
  const stored = fitBgNbd(before);
  let cold, warm;
  const tCold = await seconds(() => { cold = fitBgNbd(after); });
  const tWarm = await seconds(() => { warm = fitBgNbd(after, { initialParams: stored.params, initialInverseHessian: stored.inverseHessianLog }); });
  const gap = Math.abs(warm.logLikelihood - cold.logLikelihood);
  if (gap > 1e-6) throw new Error(`warm and cold optima differ: log-likelihood gap ${gap}`);
  const s = { customers: n, newDays: days };
  const coldTotal = cold.likelihoodEvaluations + cold.subsampleEvaluations;
  record({ name: "cold bg-nbd refit: likelihood evaluations (full data + subsample pre-fit)", value: coldTotal, unit: "evaluations", sizes: s, notes: `${cold.likelihoodEvaluations} full + ${cold.subsampleEvaluations} on strided subsamples (a warm-start chain)` });
  record({ name: "warm bg-nbd refit: likelihood evaluations (full data)", value: warm.likelihoodEvaluations, unit: "evaluations", sizes: s, notes: `ratio cold/warm ${(coldTotal / warm.likelihoodEvaluations).toFixed(2)} in evaluations; log-likelihood gap ${gap.toExponential(1)}` });
  record({ name: "cold bg-nbd refit time", value: tCold, unit: "s", sizes: s });
  record({ name: "warm bg-nbd refit time", value: tWarm, unit: "s", sizes: s });
}
record({ name: "monitoring bench peak memory", value: peakRssMb(), unit: "MB", sizes });
