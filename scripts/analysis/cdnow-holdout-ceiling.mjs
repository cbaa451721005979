// What per-customer error could any mean forecast reach on the CDNOW holdout? (Evidence for issue 6; run after
// `npm run build`: node scripts/analysis/cdnow-holdout-ceiling.mjs.) It prints, for holdout repeat purchases
// (1997-10-01..1998-06-30): BG/NBD and Pareto/NBD (MAE, RMSE, total, AUC of buying again); Pareto/NBD scaled in
// hindsight to the actual total; and boosted trees and ridge (both learning the ratio to Pareto/NBD, as in the stack)
// trained by 5-fold cross-validation on the holdout outcomes themselves (features: the encoder's plus the BTYD
// summaries) — an optimistic bound on what these features can learn.
import { loadTransactions } from "../../dist/data/loadTransactions.js";
import { btydFeatures, btydPredict, btydSummary, fitBtyd } from "../../dist/segmentation/predictor/btydBase.js";
import { encodeSequences } from "../../dist/segmentation/features/encodeSequences.js";
import { fitBoostedTrees } from "../../dist/segmentation/learners/fitBoostedTrees.js";
import { fitRidge } from "../../dist/segmentation/learners/fitRidge.js";
import { predictLinear } from "../../dist/segmentation/learners/predictLinear.js";
import { predictBoostedTrees } from "../../dist/segmentation/learners/predictBoostedTrees.js";
import { designMatrix } from "../../dist/segmentation/predictor/stackedHead.js";
import { windowTotals } from "../../dist/segmentation/predictor/windowTotals.js";
import { dayNumber } from "../../dist/time/dayNumber.js";

const CAL = "1997-09-30";
const END = "1998-06-30";
const log = await loadTransactions(new URL("../../data/cdnow_transactions.csv", import.meta.url).pathname);
const enc = encodeSequences(log, { asOf: CAL });
const sum = btydSummary(enc, dayNumber(CAL));
const truth = windowTotals(log, enc.customerIds, dayNumber(CAL), dayNumber(END)).purchases;
const n = truth.length;

function report(name, f) {
  let mae = 0, sq = 0, total = 0;
  for (let i = 0; i < n; i++) { mae += Math.abs(f[i] - truth[i]); sq += (f[i] - truth[i]) ** 2; total += f[i]; }
  // AUC of "buys again in the holdout" (Mann-Whitney), ties broken by index.
  const order = [...Array(n).keys()].sort((a, b) => f[a] - f[b]);
  let pos = 0, rankSum = 0;
  order.forEach((i, r) => { if (truth[i] > 0) { pos++; rankSum += r + 1; } });
  const auc = (rankSum - (pos * (pos + 1)) / 2) / (pos * (n - pos));
  console.log(`${name.padEnd(52)} MAE ${(mae / n).toFixed(4)}  RMSE ${Math.sqrt(sq / n).toFixed(3)}  total ${total.toFixed(0)}  AUC ${auc.toFixed(4)}`);
}

const actual = truth.reduce((a, b) => a + b, 0);
const bg = fitBtyd(sum, "bg-nbd");
const pn = fitBtyd(sum, "pareto-nbd");
const pnForecast = btydPredict(pn, sum, [39]).expected[0];
console.log(`CDNOW holdout: ${n} customers, ${actual} repeat purchases`);
report("BG/NBD", btydPredict(bg, sum, [39]).expected[0]);
report("Pareto/NBD", pnForecast);
const scale = actual / pnForecast.reduce((a, b) => a + b, 0);
report("Pareto/NBD scaled to the actual total (hindsight)", pnForecast.map((v) => v * scale));

const x = designMatrix(enc, btydFeatures(bg, pn, sum));
const logBase = pnForecast.map((v) => Math.log(Math.max(v, 1e-9)));
const rowsOf = (idx) => {
  const data = new Float64Array(idx.length * x.cols);
  idx.forEach((r, j) => data.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), j * x.cols));
  return { data, rows: idx.length, cols: x.cols };
};
for (const seed of [0, 1, 2]) {
  const oof = new Float64Array(n);
  for (let f = 0; f < 5; f++) {
    const train = [], test = [];
    for (let i = 0; i < n; i++) ((i * 7 + seed * 3) % 5 === f ? test : train).push(i);
    const m = fitBoostedTrees(rowsOf(train), Float64Array.from(train, (i) => truth[i]), { loss: "poisson", offset: Float64Array.from(train, (i) => logBase[i]), trees: 150, seed });
    const p = predictBoostedTrees(m, rowsOf(test));
    test.forEach((i, j) => (oof[i] = p[j] * pnForecast[i]));
  }
  report(`trees, CV on the holdout outcomes (folds ${seed})`, oof);
}
for (const lambda of [10, 1000]) {
  const oof = new Float64Array(n);
  for (let f = 0; f < 5; f++) {
    const train = [], test = [];
    for (let i = 0; i < n; i++) ((i * 7) % 5 === f ? test : train).push(i);
    const m = fitRidge(rowsOf(train), Float64Array.from(train, (i) => truth[i] / pnForecast[i]), { lambda, weights: Float64Array.from(train, (i) => pnForecast[i]) });
    const p = predictLinear(m, rowsOf(test));
    test.forEach((i, j) => (oof[i] = Math.max(0, p[j]) * pnForecast[i]));
  }
  report(`ridge ratio, CV on the holdout outcomes (λ ${lambda})`, oof);
}
