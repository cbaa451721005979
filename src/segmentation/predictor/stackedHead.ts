// Stacked generalization internals (Wolpert 1992; Breiman 1996): design matrix, K-fold out-of-fold base learners,
// non-negative meta-learner, predictions. Every learned base learner predicts a ratio r(x) ≥ 0 to the primary BTYD
// forecast b(x, t), so one fitted head gives predictions r(x)·b(x, t) for any horizon t.
import type { Rng } from "../../random/createRng.js";
import { fitBoostedTrees, type FitBoostedTreesOptions } from "../learners/fitBoostedTrees.js";
import { fitRidge, type LinearModel } from "../learners/fitRidge.js";
import { ridgeBlockSums } from "../learners/ridgeBlockSums.js";
import { nonNegativeLeastSquares } from "../learners/nonNegativeLeastSquares.js";
import { BASE_LEARNERS, type StackedHead } from "./pipelineTypes.js";
import { predictBoostedTrees } from "../learners/predictBoostedTrees.js";
import { predictLinear } from "../learners/predictLinear.js";
import { randomFolds } from "./randomFolds.js";
import { defaultWorkers, runBalancedSync, sharedCopy, workersAvailable } from "../parallel/runParallel.js";
import type { FeatureMatrix } from "../types.js";
import { combine, metaPenalty, metaRowWeights, type MetaFit } from "./metaLearner.js";

/** Horizon-free BTYD features of the design matrix: P(alive) and log E[X(52 weeks)] of BG/NBD and Pareto/NBD. */
export interface BtydFeatures {
  aliveBg: Float64Array;
  alivePn: Float64Array;
  yearBg: Float64Array;
  yearPn: Float64Array;
}

/** Names of the columns designMatrix appends to the encoder's features. */
export const BTYD_FEATURES = ["p_alive_bg_nbd", "p_alive_pareto_nbd", "log_expected_52w_bg_nbd", "log_expected_52w_pareto_nbd"] as const;

/**
 * Learner features: the encoder's z-scores plus horizon-free BTYD summaries (P(alive) and the log of the expected
 * purchases over a fixed 52 weeks, from BG/NBD and Pareto/NBD), so training rows (inner origins) and scoring rows
 * (calibration end) describe a customer on the same scale whatever the forecast horizon.
 */
export function designMatrix(enc: FeatureMatrix, f: BtydFeatures): FeatureMatrix {
  const { rows, cols } = enc;
  const p = cols + BTYD_FEATURES.length;
  const data = new Float64Array(rows * p);
  for (let i = 0; i < rows; i++) {
    data.set(enc.data.subarray(i * cols, i * cols + cols), i * p);
    data[i * p + cols] = f.aliveBg[i]!;
    data[i * p + cols + 1] = f.alivePn[i]!;
    data[i * p + cols + 2] = Math.log1p(f.yearBg[i]!);
    data[i * p + cols + 3] = Math.log1p(f.yearPn[i]!);
  }
  return { data, rows, cols: p };
}

export interface HeadOptions {
  folds: number;
  ridgeLambda: number;
  segmentLambda: number;
  metaLambda: number;
  /** Meta-learner row weights: "poisson" = 1 / (primary BTYD forecast), the inverse Poisson variance; "none" = 1. */
  metaWeighting: "poisson" | "none";
  trees: FitBoostedTreesOptions;
  /** Out-of-fold scheme: "customer" (K folds of customers) or "customer-origin" (also hold out the row's inner origin). */
  oof: "customer" | "customer-origin";
  /** Meta-learner weights: "convex" (non-negative, summing to 1) or "non-negative" (Breiman's, unconstrained sum). */
  metaWeights: "convex" | "non-negative";
  /** Worker threads for the learner fits. Default: one per core (at most 2) from 20,000 training rows. */
  workers?: number;
}

/** Learner fits of one head: on the `train` rows (all when absent), predicting ratios of the `test` rows, or kept (no test). */
export interface LearnerJob {
  train?: Int32Array;
  test?: Int32Array;
  seed: number;
  /** The ridge and per-segment ridge learners of the train rows, when already fitted (from block sums). */
  linear?: LinearLearners;
}

/** The ridge and per-segment ridge learners of one fit. */
export interface LinearLearners {
  ridge: LinearModel;
  segments: LinearModel[];
}

export interface LearnerJobData {
  x: FeatureMatrix;
  y: Float64Array;
  base: Float64Array;
  p: Float64Array;
  k: number;
  options: HeadOptions;
}

export interface LearnerJobResult {
  ratios?: Float64Array;
  learners?: ReturnType<typeof fitLearners>;
}

/** Runs learner jobs in this thread (also the body of the "learners" worker task). */
export function runLearnerJobs(d: LearnerJobData, jobs: readonly LearnerJob[]): LearnerJobResult[] {
  const { x, y, base, p, k, options } = d;
  return jobs.map((job) => {
    const tr = job.train;
    // With the linear learners given, only the trees read the train rows: they take them by index, uncopied.
    const learners = tr && job.linear ? fitLearners(x, pick(y, tr), pick(base, tr), pick(p, tr, k), k, options, job.seed, job.linear, tr) : tr ? fitLearners(subset(x, tr), pick(y, tr), pick(base, tr), pick(p, tr, k), k, options, job.seed, job.linear) : fitLearners(x, y, base, p, k, options, job.seed, job.linear);
    if (!job.test) return { learners };
    return { ratios: learnerRatios(learners, subset(x, job.test), pick(p, job.test, k), k) };
  });
}

/** Spreads learner jobs over worker threads when it pays (greedy by training rows), else runs them here. */
function runLearnerJobsParallel(d: LearnerJobData, jobs: readonly LearnerJob[], workers?: number): LearnerJobResult[] {
  const w = Math.min(jobs.length, workers ?? (d.x.rows >= 20_000 ? defaultWorkers(2) : 1));
  if (w <= 1 || !workersAvailable()) return runLearnerJobs(d, jobs);
  const { options, ...rest } = d;
  // The rows go to the worker in shared memory (tens of MB at 100,000 customers), not as a copy.
  rest.x = { ...rest.x, data: sharedCopy(rest.x.data) };
  // The first group runs on this thread while the workers run the others (one copy of the rows fewer, no idle thread).
  // A job's cost: the trees, on at most trees.maxRows rows (the bulk), plus the linear learners when not given.
  const cap = d.options.trees.maxRows ?? Infinity;
  const cost = (job: LearnerJob) => {
    const rows = job.train?.length ?? d.x.rows;
    return Math.min(rows, cap) + (job.linear ? 0.05 * rows : rows);
  };
  return runBalancedSync<LearnerJob, LearnerJobResult>(jobs, w, cost, (group) => ({ kind: "learners", data: { ...rest, options: { ...options, workers: 1 } }, jobs: group }), (group) => runLearnerJobs(d, group));
}

/** Inputs of one head: features, target, primary and alternative BTYD forecasts of the target's window, segments. */
export interface HeadData {
  x: FeatureMatrix;
  y: Float64Array;
  /** Primary BTYD forecast of each row's target (its window), > 0. */
  base: Float64Array;
  /** The other BTYD model's forecast of the same window (the second BTYD base learner). */
  alt: Float64Array;
  /** Soft segment probabilities, rows × k. */
  p: Float64Array;
  k: number;
  /** Fold group of each row (the customer): rows of one customer from several inner origins share a fold. */
  group: Int32Array;
  /**
   * Inner origin of each row. With the "customer-origin" scheme and several origins, a row's out-of-fold prediction comes from
   * learners fitted on other customers at other origins only, so the meta-learner weighs each learner by how well it
   * carries over to customers of another age, as scoring asks of it.
   */
  origin?: Int32Array;
}

function subset(x: FeatureMatrix, idx: Int32Array): FeatureMatrix {
  const data = new Float64Array(idx.length * x.cols);
  for (let j = 0; j < idx.length; j++) data.set(x.data.subarray(idx[j]! * x.cols, idx[j]! * x.cols + x.cols), j * x.cols);
  return { data, rows: idx.length, cols: x.cols };
}

function pick(a: Float64Array, idx: Int32Array, width = 1): Float64Array {
  const out = new Float64Array(idx.length * width);
  for (let j = 0; j < idx.length; j++) for (let c = 0; c < width; c++) out[j * width + c] = a[idx[j]! * width + c]!;
  return out;
}

/** Σ_c p_c · model_c(x): the per-segment learner's prediction. */
export function segmentPredict(models: readonly LinearModel[], x: FeatureMatrix, p: Float64Array, k: number): Float64Array {
  const out = new Float64Array(x.rows);
  models.forEach((m, c) => {
    const y = predictLinear(m, x);
    for (let i = 0; i < x.rows; i++) out[i]! += p[i * k + c]! * y[i]!;
  });
  return out;
}

/**
 * Learners of the ratio y / b: ridge and per-segment ridge by weighted least squares with weights b (so the loss is
 * Σ (y - b·r)² / b, the Poisson variance), boosted trees by Poisson deviance with offset log b.
 */
export function fitLearners(x: FeatureMatrix, y: Float64Array, base: Float64Array, p: Float64Array, k: number, o: HeadOptions, seed: number, linear?: LinearLearners, rows?: Int32Array) {
  const n = y.length;
  const ratio = new Float64Array(n);
  const logB = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ratio[i] = y[i]! / base[i]!;
    logB[i] = Math.log(base[i]!);
  }
  const { ridge, segments } = linear ?? fitLinearLearners(x, ratio, base, p, k, o);
  const yPos = new Float64Array(n);
  for (let i = 0; i < n; i++) yPos[i] = Math.max(0, y[i]!); // net returns can make a window's value negative
  const trees = fitBoostedTrees(x, yPos, { ...o.trees, loss: "poisson", offset: logB, seed, ...(rows ? { rows } : {}) });
  return { ridge, segments, trees };
}

/** Ridge and per-segment ridge of the ratio, weighted by the base forecast (times the segment probability). */
function fitLinearLearners(x: FeatureMatrix, ratio: Float64Array, base: Float64Array, p: Float64Array, k: number, o: HeadOptions): LinearLearners {
  const ridge = fitRidge(x, ratio, { lambda: o.ridgeLambda, weights: base });
  const segments: LinearModel[] = [];
  const w = new Float64Array(x.rows);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < x.rows; i++) w[i] = base[i]! * p[i * k + c]!;
    segments.push(fitRidge(x, ratio, { lambda: o.segmentLambda, weights: w }));
  }
  return { ridge, segments };
}

/** Ratios to the primary BTYD forecast of the learned base learners (ridge, segment ridge, trees), rows × 3, clipped at 0. */
export function learnerRatios(l: { ridge: LinearModel; segments: readonly LinearModel[]; trees: StackedHead["trees"] }, x: FeatureMatrix, p: Float64Array, k: number): Float64Array {
  return ratioColumns(predictLinear(l.ridge, x), segmentPredict(l.segments, x, p, k), predictBoostedTrees(l.trees, x));
}

/** Ratio columns (ridge, segment ridge, trees), rows × 3, from each learner's raw predictions; the linear ones are clipped at 0. */
export function ratioColumns(ridge: Float64Array, segments: Float64Array, trees: Float64Array): Float64Array {
  const out = new Float64Array(ridge.length * 3);
  for (let i = 0; i < ridge.length; i++) {
    out[i * 3] = Math.max(0, ridge[i]!);
    out[i * 3 + 1] = Math.max(0, segments[i]!);
    out[i * 3 + 2] = trees[i]!;
  }
  return out;
}

/** Base-learner predictions (rows × BASE_LEARNERS) from ratios and the BTYD forecasts of one horizon. */
export function basePredictions(ratios: Float64Array, base: Float64Array, alt: Float64Array): FeatureMatrix {
  const n = base.length;
  const m = BASE_LEARNERS.length;
  const z = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const b = base[i]!;
    z[i * m] = b;
    z[i * m + 1] = alt[i]!;
    z[i * m + 2] = ratios[i * 3]! * b;
    z[i * m + 3] = ratios[i * 3 + 1]! * b;
    z[i * m + 4] = ratios[i * 3 + 2]! * b;
  }
  return { data: z, rows: n, cols: m };
}

function mae(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
}

/**
 * Fits one head: out-of-fold predictions of each learner (K folds of customers, crossed with the inner origins under
 * the "customer-origin" scheme; the BTYD columns need no fold: they never see the target), the non-negative ridge
 * meta-learner on those only, then every learner refitted on all rows. The learner fits run on worker threads when it pays.
 */
export function fitHead(d: HeadData, o: HeadOptions, rng: Rng): { head: StackedHead; oof: FeatureMatrix; metaFit: MetaFit; seconds: { learners: number; meta: number } } {
  const t0 = performance.now();
  const { x, y, base, alt, p, k, group, origin } = d;
  const n = x.rows;
  const m = BASE_LEARNERS.length;
  let groups = 0;
  for (let i = 0; i < n; i++) groups = Math.max(groups, group[i]! + 1);
  const folds = Math.max(2, Math.min(o.folds, groups));
  const groupFold = randomFolds(groups, folds, rng);
  const ratios = new Float64Array(n * 3);
  let origins = 1;
  if (origin && o.oof === "customer-origin") for (let i = 0; i < n; i++) origins = Math.max(origins, origin[i]! + 1);
  const sums = linearCellFits(d, o, groupFold, folds, origins);
  // One job per (fold, origin) cell with test rows, then the refit on all rows; seeds are drawn in that order so the
  // result does not depend on how many threads run the jobs.
  const jobs: LearnerJob[] = [];
  for (let cell = 0; cell < folds * origins; cell++) {
    const f = cell % folds;
    const heldOrigin = Math.floor(cell / folds);
    const tr: number[] = [];
    const te: number[] = [];
    for (let i = 0; i < n; i++) {
      const inFold = groupFold[group[i]!] === f;
      if (origins === 1) (inFold ? te : tr).push(i);
      else if (inFold && origin![i] === heldOrigin) te.push(i);
      else if (!inFold && origin![i] !== heldOrigin) tr.push(i);
    }
    if (te.length === 0) continue;
    jobs.push({ train: Int32Array.from(tr), test: Int32Array.from(te), seed: rng.int(2 ** 31), linear: sums.cell(f, heldOrigin) });
  }
  jobs.push({ seed: rng.int(2 ** 31), linear: sums.cell(-1, -1) });
  const results = runLearnerJobsParallel({ x, y, base, p, k, options: o }, jobs, o.workers);
  const t1 = performance.now();
  jobs.forEach((job, j) => {
    if (!job.test) return;
    const r = results[j]!.ratios!;
    for (let t = 0; t < job.test.length; t++) for (let c = 0; c < 3; c++) ratios[job.test[t]! * 3 + c] = r[t * 3 + c]!;
  });
  const oof = basePredictions(ratios, base, alt);
  const rowWeights = metaRowWeights(base, o.metaWeighting);
  const metaFit: MetaFit = { oof, rowWeights, lambda: metaPenalty(oof, rowWeights, o.metaLambda), sumToOne: o.metaWeights === "convex" };
  const meta = nonNegativeLeastSquares(oof, y, { lambda: metaFit.lambda, weights: rowWeights, sumToOne: metaFit.sumToOne });
  const learners = results[results.length - 1]!.learners!;
  const oofMae: Record<string, number> = {};
  BASE_LEARNERS.forEach((name, j) => {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = oof.data[i * m + j]!;
    oofMae[name] = mae(col, y);
  });
  oofMae.stacked = mae(combine(meta, oof), y);
  // Wall-clock seconds of the learner fits (out-of-fold and full) and of everything else (folds, meta-learner).
  const t2 = performance.now();
  return { head: { ...learners, meta, oofMae }, oof, metaFit, seconds: { learners: (t1 - t0) / 1000, meta: (t2 - t1) / 1000 } };
}

/**
 * The linear learners of every out-of-fold cell (the rows outside fold f and, with several origins, outside origin o)
 * and of all rows (f = o = −1), from per-(fold, origin) block sums built in one pass instead of one pass per cell.
 */
function linearCellFits(d: HeadData, o: HeadOptions, groupFold: Int32Array, folds: number, origins: number): { cell(f: number, o: number): LinearLearners } {
  const { x, y, base, p, k, group, origin } = d;
  const n = x.rows;
  const ratio = new Float64Array(n);
  const block = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    ratio[i] = y[i]! / base[i]!;
    block[i] = (origins > 1 ? origin![i]! * folds : 0) + groupFold[group[i]!]!;
  }
  const weights = [base];
  for (let c = 0; c < k; c++) weights.push(Float64Array.from(base, (b, i) => b * p[i * k + c]!));
  const sums = ridgeBlockSums(x, ratio, weights, block, folds * origins);
  return {
    cell(f, heldOrigin) {
      const include = Array.from({ length: folds * origins }, (_, b) => f < 0 || (b % folds !== f && (origins === 1 || Math.floor(b / folds) !== heldOrigin)));
      const segments: LinearModel[] = [];
      for (let c = 0; c < k; c++) segments.push(sums.fit(include, c + 1, o.segmentLambda));
      return { ridge: sums.fit(include, 0, o.ridgeLambda), segments };
    },
  };
}
