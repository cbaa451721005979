// Multi-seed study of the stacked predictor against BG/NBD and Pareto/NBD on the segmented simulated log: the holdout
// at 90 and 365 days and the expanding-window CV folds, for seeds FROM..TO, with the settings of the validation tests.
// Prints, per cell and target, each model's mean signed aggregate error ± its standard error across seeds, mean
// |aggregate error|, on how many seeds the stack has the smallest |aggregate error|, MAE and RMSE, and each model's mean
// MAE and RMSE; then how far the realized holdout total strays from its expectation, and how much of the aggregate
// error the three models share across seeds and how much is each model's own.
//   npm run build && node scripts/segmented-log-study.mjs [FROM-TO=1-20] [--customers 1500] [--no-cv] [--stacked JSON]
import { conditionalCountDistribution, crossValidateTemporal, evaluateHoldout, loadModel, simulateSegmentedLog, summarizeCustomers } from "../dist/index.js";

const args = process.argv.slice(2);
const [from, to] = (args.find((a) => /^\d+-\d+$/.test(a)) ?? "1-20").split("-").map(Number);
const at = args.indexOf("--customers");
const customers = at >= 0 ? Number(args[at + 1]) : 1500;
if (!(Number.isInteger(customers) && customers > 0)) throw new Error(`invalid --customers ${args[at + 1]}: use a whole number such as 1500`);
const withCv = !args.includes("--no-cv");
const so = args.indexOf("--stacked");
// Extra stacked-predictor options as JSON (e.g. --stacked '{"trainingAges":"scoring"}'), to compare a setting with the default.
const STACKED = { replicates: 0, kMax: 2, folds: 2, trees: { trees: 60, depth: 3 }, ...(so >= 0 ? JSON.parse(args[so + 1]) : {}) };
const MODELS = ["bg-nbd", "pareto-nbd", "stacked"];
const TARGETS = ["purchases", "value"];

/** Per holdout cell, one value per seed: the sd of the realized purchase total around BG/NBD's expected total, in % of it. */
const predictiveSd = {};
/**
 * How much the realized holdout purchase total varies around its expectation: the sum over customers of the variance
 * of their predicted count distributions under the evaluation's own BG/NBD fit, as a share of the expected total.
 */
function totalSd(log, ev) {
  const s = summarizeCustomers(log, { calibrationEnd: ev.calibrationEnd, observationEnd: ev.observationEnd, timeUnit: ev.timeUnit });
  const bg = loadModel({ model: "bg-nbd", format: 1, params: ev.models.find((m) => m.model === "bg-nbd").fit.params });
  const K = 200; // far above any customer's count over a year (the tail column holds ~1e-12)
  const P = conditionalCountDistribution(bg, s, s.durationHoldout, K).distribution.probabilities;
  let m = 0, v = 0;
  for (let i = 0; i < s.frequency.length; i++) {
    let mi = 0, m2 = 0;
    for (let n = 0; n <= K; n++) {
      mi += n * P[i * (K + 1) + n];
      m2 += n * n * P[i * (K + 1) + n];
    }
    m += mi;
    v += m2 - mi * mi;
  }
  return (100 * Math.sqrt(v)) / m;
}

/** rows[cell][target][model] = one { agg, mae, rmse } per seed. */
const rows = {};
const add = (cell, target, model, r) => ((((rows[cell] ??= {})[target] ??= {})[model] ??= []).push({ agg: r.aggregateError, mae: r.mae, rmse: r.rmse }));
for (let seed = from; seed <= to; seed++) {
  const { log } = simulateSegmentedLog({ seed, customers, end: "2024-06-30" });
  for (const [days, observationEnd] of [[90, "2023-09-28"], [365, "2024-06-29"]]) {
    const ev = evaluateHoldout(log, { calibrationEnd: "2023-06-30", observationEnd, models: MODELS, countScores: false, stacked: { ...STACKED, seed } });
    for (const m of ev.models) for (const t of TARGETS) add(`holdout ${days} d`, t, m.model, m.scores[t]);
    ((predictiveSd[`holdout ${days} d`] ??= []).push(totalSd(log, ev)));
  }
  if (withCv) {
    const cv = crossValidateTemporal(log, { initial: "24m", step: "3m", horizon: "3m", folds: 3, models: MODELS, countScores: false, stacked: { ...STACKED, seed } });
    for (const f of cv.folds) for (const r of f.rows) add(`CV fold ${f.fold}`, r.target, r.model, r);
  }
  process.stderr.write(`seed ${seed} done\n`);
}

const mean = (a) => a.reduce((s, x) => s + x, 0) / a.length;
const se = (a) => Math.sqrt(a.reduce((s, x) => s + (x - mean(a)) ** 2, 0) / (a.length - 1) / a.length);
const signed = (x) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(1)}`;
console.log(`seeds ${from}-${to}, ${customers} customers; models BG/NBD · Pareto/NBD · stacked ${JSON.stringify(STACKED)}`);
console.log("| cell | target | mean signed aggregate % ± se | mean abs aggregate % | stack closest (of seeds) | lowest MAE | lowest RMSE | mean MAE | mean RMSE |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const [cell, byTarget] of Object.entries(rows)) {
  for (const t of TARGETS) {
    const [bg, pn, st] = MODELS.map((m) => byTarget[t][m]);
    const n = st.length;
    const wins = (k, abs) => st.filter((s, i) => (abs ? Math.abs : Number)(s[k]) < Math.min((abs ? Math.abs : Number)(bg[i][k]), (abs ? Math.abs : Number)(pn[i][k]))).length;
    const agg = [bg, pn, st].map((a) => a.map((r) => r.agg));
    console.log(`| ${cell} | ${t} | ${agg.map((a) => `${signed(mean(a))} ± ${se(a).toFixed(1)}`).join(" · ")} | ${agg.map((a) => mean(a.map(Math.abs)).toFixed(1)).join(" · ")} | ${wins("agg", true)}/${n} | ${wins("mae", false)}/${n} | ${wins("rmse", false)}/${n} | ${[bg, pn, st].map((a) => mean(a.map((r) => r.mae)).toFixed(4)).join(" · ")} | ${[bg, pn, st].map((a) => mean(a.map((r) => r.rmse)).toFixed(4)).join(" · ")} |`);
  }
}

// Across seeds, the three models' aggregate errors share a component: the realized holdout total's own spread around its
// expectation, and whatever all three misjudge alike. Its variance is estimated by the mean pairwise covariance of the
// models' signed errors; each model's own variance is its variance minus that. The realized total's own spread alone
// (BG/NBD's predicted count distributions, purchases) sets the floor: a forecast whose expected total were exact would
// still miss by √(2/π) × that sd on average.
const cov = (a, b) => { const ma = mean(a), mb = mean(b); return a.reduce((s, x, i) => s + (x - ma) * (b[i] - mb), 0) / (a.length - 1); };
console.log("");
console.log("| cell | target | sd of the realized total around its expectation (%) | floor: mean abs error of an exact expectation | shared sd of the models' errors (points) | own sd: BG/NBD · Pareto/NBD · stacked | mean signed aggregate % |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const [cell, byTarget] of Object.entries(rows)) {
  for (const t of TARGETS) {
    const e = MODELS.map((m) => byTarget[t][m].map((r) => r.agg));
    if (e[0].length < 3) continue;
    const shared = (cov(e[0], e[1]) + cov(e[0], e[2]) + cov(e[1], e[2])) / 3;
    const own = e.map((a) => Math.sqrt(Math.max(0, cov(a, a) - shared)).toFixed(1));
    const sd = t === "purchases" && predictiveSd[cell] ? mean(predictiveSd[cell]) : undefined;
    const floor = sd === undefined ? "–" : (Math.sqrt(2 / Math.PI) * sd).toFixed(2);
    console.log(`| ${cell} | ${t} | ${sd === undefined ? "–" : sd.toFixed(2)} | ${floor} | ${Math.sqrt(Math.max(0, shared)).toFixed(2)} | ${own.join(" · ")} | ${e.map((a) => signed(mean(a))).join(" · ")} |`);
  }
}
