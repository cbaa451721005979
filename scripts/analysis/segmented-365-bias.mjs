// Where does the stacked predictor's 365-day over-forecast on the segmented simulated log come from? Run after
// `npm run build`: node scripts/analysis/segmented-365-bias.mjs [FROM-TO=1-3] [--customers 1500] [--stacked JSON].
// For the stack trained as evaluateHoldout trains it (365-day target, the same-calendar window a year back), it prints,
// pooled over the seeds, per true segment and per age band:
// - "window": the training window (origin 2022-06-30, target to 2023-06-30) — actual / base (the primary Pareto/NBD
//   fit of the calibration end, applied to the customers as of the origin), and each ratio learner's in-sample error;
// - "holdout": the scoring customers at 2023-06-30 over the next 365 days — actual / base, and the signed % error of
//   each base learner (Pareto/NBD, BG/NBD, ridge, segment ridge, trees: ratio × base) and of the stack.
// Ages are days since the first purchase at the origin (window) or the calibration end (holdout).
import { predictClv, simulateSegmentedLog, trainClvPipeline } from "../../dist/index.js";
import { btydFeatures, btydPredict, btydSummary } from "../../dist/segmentation/predictor/btydBase.js";
import { encodeSequences } from "../../dist/segmentation/features/encodeSequences.js";
import { predictGmm } from "../../dist/segmentation/segments/predictGmm.js";
import { scoreInputs, stackAtHorizon } from "../../dist/segmentation/predictor/scoreInputs.js";
import { designMatrix, learnerRatios } from "../../dist/segmentation/predictor/stackedHead.js";
import { selectColumns } from "../../dist/segmentation/predictor/learnerDesign.js";
import { withLag } from "../../dist/segmentation/predictor/seasonalLag.js";
import { windowTotals } from "../../dist/segmentation/predictor/windowTotals.js";
import { dayNumber, isoDate } from "../../dist/time/dayNumber.js";

const args = process.argv.slice(2);
const [from, to] = (args.find((a) => /^\d+-\d+$/.test(a)) ?? "1-3").split("-").map(Number);
const at = args.indexOf("--customers");
const customers = at >= 0 ? Number(args[at + 1]) : 1500;
const so = args.indexOf("--stacked");
const STACKED = { replicates: 0, kMax: 2, folds: 2, trees: { trees: 60, depth: 3 }, ...(so >= 0 ? JSON.parse(args[so + 1]) : {}) };
const CAL = dayNumber("2023-06-30");
const H = 365;
const SEGMENTS = ["heterogeneous", "regular", "holiday"];
const band = (age) => (age < 182 ? "0-0.5y" : age < 365 ? "0.5-1y" : age < 548 ? "1-1.5y" : age < 730 ? "1.5-2y" : "2y+");

/** The log's rows up to `day` (inclusive). */
function upTo(log, day) {
  const keep = [];
  for (let i = 0; i < log.length; i++) if (log.day[i] <= day) keep.push(i);
  const take = (a, T) => T.from(keep, (i) => a[i]);
  return { ...log, length: keep.length, customer: take(log.customer, Int32Array), day: take(log.day, Int32Array), timestamp: take(log.timestamp, Float64Array), amount: take(log.amount, Float64Array) };
}

/** acc[part][key] = { n, actual, base, learners[] } summed over customers. */
const acc = { window: {}, holdout: {} };
function add(part, keys, actual, base, learners) {
  for (const key of keys) {
    const a = (acc[part][key] ??= { n: 0, actual: 0, base: 0, learners: learners.map(() => 0) });
    a.n++;
    a.actual += actual;
    a.base += base;
    learners.forEach((v, j) => (a.learners[j] += v));
  }
}

for (let seed = from; seed <= to; seed++) {
  const sim = simulateSegmentedLog({ seed, customers, end: "2024-06-30" });
  const segmentOf = new Map(sim.log.customerIds.map((id, i) => [id, SEGMENTS[sim.segment[i]]]));
  const calLog = upTo(sim.log, CAL);
  const p = trainClvPipeline(calLog, { ...STACKED, seed, targetHorizonDays: H, calibrationEnd: isoDate(CAL) });
  if (seed === from) console.log(`learner features: ${p.learnerFeatures.join(", ")}\n${p.warnings.join("\n")}`);
  console.log(`seed ${seed}: meta-learner weights (${["pareto-nbd", "bg-nbd", "ridge", "segment ridge", "trees"].join(", ")}) purchases ${Array.from(p.purchases.meta, (w) => w.toFixed(2)).join(" ")}`);

  // Training window: customers as of the origin, the calibration end's fits, targets to the calibration end.
  const origin = CAL - H;
  const before = upTo(calLog, origin);
  const enc = encodeSequences(before, { asOf: isoDate(origin), halfLifeDays: p.halfLifeDays, normalization: p.normalization });
  const sum = btydSummary(enc, origin);
  const x = selectColumns(withLag(designMatrix(enc, btydFeatures(p.btydOther, p.btyd, sum)), before, enc, origin, p.seasonalLagDays), p.learnerColumns);
  const b = btydPredict(p.btyd, sum, [H / 7]).expected[0];
  const r = learnerRatios(p.purchases, x, predictGmm(p.gmm, selectColumns(enc, p.segmentColumns)).probabilities, p.gmm.k);
  const y = windowTotals(calLog, enc.customerIds, origin, CAL).purchases;
  for (let i = 0; i < enc.rows; i++) {
    const s = segmentOf.get(enc.customerIds[i]), g = band(origin - enc.firstPurchase[i]);
    add("window", ["all", s, g, `${s} ${g}`], y[i], b[i], [0, 1, 2].map((j) => r[i * 3 + j] * b[i]));
  }

  // Holdout: the scoring customers at the calibration end over the next 365 days.
  const si = scoreInputs(p, calLog, isoDate(CAL));
  const z = stackAtHorizon(p, si, H).purchases;
  const stack = predictClv(p, calLog, { asOf: isoDate(CAL), horizonsDays: [H], intervals: false }).purchases[0];
  const actual = windowTotals(sim.log, si.enc.customerIds, CAL, CAL + H).purchases;
  for (let i = 0; i < si.enc.rows; i++) {
    const s = segmentOf.get(si.enc.customerIds[i]), g = band(CAL - si.enc.firstPurchase[i]);
    add("holdout", ["all", s, g, `${s} ${g}`], actual[i], z.data[i * z.cols], [...z.data.subarray(i * z.cols, (i + 1) * z.cols), stack[i]]);
  }
}

const pct = (v, a) => `${v >= a ? "+" : "−"}${Math.abs((100 * (v - a)) / a).toFixed(1)}`.padStart(7);
for (const [part, names] of [["window", ["ridge", "seg ridge", "trees"]], ["holdout", ["pareto", "bg-nbd", "ridge", "seg ridge", "trees", "STACK"]]]) {
  console.log(`\n${part}: customers, actual purchases, actual / base, then signed % error of ${names.join(" · ")}`);
  for (const [key, a] of Object.entries(acc[part]).sort()) console.log(`${key.padEnd(22)}${String(a.n).padStart(6)}${a.actual.toFixed(0).padStart(8)}${(a.actual / a.base).toFixed(3).padStart(8)} ${a.learners.map((v) => pct(v, a.actual)).join("")}`);
}
