// Stacked generalization internals (Wolpert 1992; Breiman 1996): design matrix, K-fold out-of-fold base learners,
// non-negative meta-learner, predictions.
import type { Rng } from "../random/createRng.js";
import type { BtydPrediction } from "./btydBase.js";
import { fitBoostedTrees, type FitBoostedTreesOptions } from "./fitBoostedTrees.js";
import { fitRidge, type LinearModel } from "./fitRidge.js";
import { nonNegativeLeastSquares } from "./nonNegativeLeastSquares.js";
import { BASE_LEARNERS, type StackedHead } from "./pipelineTypes.js";
import { predictBoostedTrees } from "./predictBoostedTrees.js";
import { predictLinear } from "./predictLinear.js";
import type { FeatureMatrix } from "./types.js";

/** Learner features: the encoder's z-scores plus BTYD summaries (expected purchases and value over the inner horizon, P(alive)). */
export function designMatrix(enc: FeatureMatrix, btyd: BtydPrediction, horizonIndex: number): FeatureMatrix {
  const { rows, cols } = enc;
  const p = cols + 3;
  const data = new Float64Array(rows * p);
  const ex = btyd.expected[horizonIndex]!;
  for (let i = 0; i < rows; i++) {
    data.set(enc.data.subarray(i * cols, i * cols + cols), i * p);
    data[i * p + cols] = Math.log1p(ex[i]!);
    data[i * p + cols + 1] = btyd.alive[i]!;
    data[i * p + cols + 2] = Math.log1p(ex[i]! * btyd.spend[i]!);
  }
  return { data, rows, cols: p };
}

export interface HeadOptions {
  folds: number;
  ridgeLambda: number;
  segmentLambda: number;
  metaLambda: number;
  trees: FitBoostedTreesOptions;
}

function subset(x: FeatureMatrix, idx: Int32Array): FeatureMatrix {
  const data = new Float64Array(idx.length * x.cols);
  for (let j = 0; j < idx.length; j++) data.set(x.data.subarray(idx[j]! * x.cols, idx[j]! * x.cols + x.cols), j * x.cols);
  return { data, rows: idx.length, cols: x.cols };
}

function pick(a: Float64Array, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let j = 0; j < idx.length; j++) out[j] = a[idx[j]!]!;
  return out;
}

function segmentColumn(p: Float64Array, k: number, c: number, idx?: Int32Array): Float64Array {
  const n = idx ? idx.length : p.length / k;
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) out[j] = p[(idx ? idx[j]! : j) * k + c]!;
  return out;
}

export function segmentPredict(models: readonly LinearModel[], x: FeatureMatrix, p: Float64Array, k: number): Float64Array {
  const out = new Float64Array(x.rows);
  models.forEach((m, c) => {
    const y = predictLinear(m, x);
    for (let i = 0; i < x.rows; i++) out[i]! += p[i * k + c]! * y[i]!;
  });
  return out;
}

function fitLearners(x: FeatureMatrix, y: Float64Array, p: Float64Array, k: number, o: HeadOptions, seed: number) {
  const ridge = fitRidge(x, y, { lambda: o.ridgeLambda });
  const segments: LinearModel[] = [];
  for (let c = 0; c < k; c++) segments.push(fitRidge(x, y, { lambda: o.segmentLambda, weights: segmentColumn(p, k, c) }));
  const trees = fitBoostedTrees(x, y, { ...o.trees, seed });
  return { ridge, segments, trees };
}

function mae(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
}

/**
 * Fits one head: K-fold out-of-fold predictions of each learner (BTYD needs no fold: it never sees the target), the
 * non-negative ridge meta-learner on those, then every learner refitted on all rows.
 */
export function fitHead(x: FeatureMatrix, y: Float64Array, btydCol: Float64Array, p: Float64Array, k: number, o: HeadOptions, rng: Rng): { head: StackedHead; oof: FeatureMatrix } {
  const n = x.rows;
  const m = BASE_LEARNERS.length;
  const folds = Math.max(2, Math.min(o.folds, n));
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  const fold = new Int32Array(n);
  for (let r = 0; r < n; r++) fold[perm[r]!] = r % folds;
  const z = new Float64Array(n * m);
  for (let i = 0; i < n; i++) z[i * m] = btydCol[i]!;
  for (let f = 0; f < folds; f++) {
    const tr: number[] = [];
    const te: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? te : tr).push(i);
    const trI = Int32Array.from(tr);
    const teI = Int32Array.from(te);
    const xTr = subset(x, trI);
    const pTr = new Float64Array(trI.length * k);
    for (let j = 0; j < trI.length; j++) for (let c = 0; c < k; c++) pTr[j * k + c] = p[trI[j]! * k + c]!;
    const learners = fitLearners(xTr, pick(y, trI), pTr, k, o, rng.int(2 ** 31));
    const xTe = subset(x, teI);
    const pTe = new Float64Array(teI.length * k);
    for (let j = 0; j < teI.length; j++) for (let c = 0; c < k; c++) pTe[j * k + c] = p[teI[j]! * k + c]!;
    const r = predictLinear(learners.ridge, xTe);
    const s = segmentPredict(learners.segments, xTe, pTe, k);
    const t = predictBoostedTrees(learners.trees, xTe);
    for (let j = 0; j < teI.length; j++) {
      const i = teI[j]!;
      z[i * m + 1] = r[j]!;
      z[i * m + 2] = s[j]!;
      z[i * m + 3] = t[j]!;
    }
  }
  const oof = { data: z, rows: n, cols: m };
  // Meta-learner penalty relative to the scale of the base predictions.
  let scale = 0;
  for (let i = 0; i < n * m; i++) scale += z[i]! * z[i]!;
  const meta = nonNegativeLeastSquares(oof, y, { lambda: (o.metaLambda * scale) / m });
  const learners = fitLearners(x, y, p, k, o, rng.int(2 ** 31));
  const oofMae: Record<string, number> = {};
  BASE_LEARNERS.forEach((name, j) => {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = z[i * m + j]!;
    oofMae[name] = mae(col, y);
  });
  const st = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += meta[j]! * z[i * m + j]!;
    st[i] = Math.max(0, s);
  }
  oofMae.stacked = mae(st, y);
  return { head: { ...learners, meta, oofMae }, oof };
}

/** Base-learner predictions (rows × 4) of a head for new rows. */
export function headBasePredictions(head: StackedHead, x: FeatureMatrix, btydCol: Float64Array, p: Float64Array, k: number): FeatureMatrix {
  const n = x.rows;
  const m = BASE_LEARNERS.length;
  const r = predictLinear(head.ridge, x);
  const s = segmentPredict(head.segments, x, p, k);
  const t = predictBoostedTrees(head.trees, x);
  const z = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    z[i * m] = btydCol[i]!;
    z[i * m + 1] = r[i]!;
    z[i * m + 2] = s[i]!;
    z[i * m + 3] = t[i]!;
  }
  return { data: z, rows: n, cols: m };
}

export function combine(meta: Float64Array, z: FeatureMatrix): Float64Array {
  const out = new Float64Array(z.rows);
  for (let i = 0; i < z.rows; i++) {
    let s = 0;
    for (let j = 0; j < z.cols; j++) s += meta[j]! * z.data[i * z.cols + j]!;
    out[i] = Math.max(0, s);
  }
  return out;
}
