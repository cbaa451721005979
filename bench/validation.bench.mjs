// Validation benchmarks: the holdout comparison and a 4-fold expanding-window cross-validation on 100,000 simulated
// customers (simulateSegmentedLog: heterogeneous, regular and seasonal buyers acquired over two years), as
// `clvlab validate --folds 4` does: first with the baselines and the three BTYD models (count scores included), then
// with the stacked predictor added (no bootstrap; opt-in).
import { simulateSegmentedLog, evaluateHoldout, crossValidateTemporal } from "../dist/index.js";
import { loadavg } from "node:os";
import { peakRssMb, record, seconds } from "./lib.mjs";

const customers = 100_000;
const { log } = simulateSegmentedLog({ seed: 1, customers, end: "2023-12-31" });
const sizes = { customers, transactions: log.length, folds: 4 };
const CAL = "2022-12-31", END = "2023-12-31";
const validate = (models) => {
  const ev = evaluateHoldout(log, { calibrationEnd: CAL, observationEnd: END, models, stacked: { seed: 1, replicates: 0 } });
  // Folds as the CLI lays them out: the first calibrates to the calibration end, then 3-month steps.
  const cv = crossValidateTemporal(log, { start: "2021-01-01", initial: "24m", step: "3m", horizon: "3m", folds: 4, models, stacked: { seed: 1, replicates: 0 } });
  return { ev, cv };
};

{
  const models = ["naive-rate", "naive-cohort", "bg-nbd", "pareto-nbd", "mbg-nbd"];
  let out;
  const t = await seconds(() => {
    out = validate(models);
  });
  const pn = out.ev.rows.find((r) => r.model === "pareto-nbd" && r.target === "purchases");
  record({ name: "validate_btyd_100k_4folds", value: t, unit: "s", sizes, target: 60, notes: `holdout + 4 CV folds, 5 models, count scores; Pareto/NBD holdout MAE ${pn.mae.toFixed(3)}; peak RSS ${peakRssMb().toFixed(0)} MB; CV folds on 2 threads; load average ${loadavg()[0].toFixed(1)}` });
}
// Opt-in (CLVLAB_BENCH_STACKED=1): one pipeline training per fold makes this run take about 17 minutes here.
if (process.env.CLVLAB_BENCH_STACKED === "1") {
  const models = ["naive-rate", "bg-nbd", "pareto-nbd", "stacked"];
  const t = await seconds(() => validate(models));
  record({ name: "validate_with_stacked_100k_4folds", value: t, unit: "s", sizes, notes: `holdout + 4 CV folds with the stacked predictor (no bootstrap); peak RSS ${peakRssMb().toFixed(0)} MB` });
}
