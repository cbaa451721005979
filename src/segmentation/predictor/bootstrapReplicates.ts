// Bootstrap refits of the stacked predictor (internal; intervals are computed by bootstrapIntervals).
import { createRng } from "../../random/createRng.js";
import { btydCurvature, fitBtyd, type BtydCurvature, type BtydFit, type BtydSummary } from "./btydBase.js";
import { solveSpd } from "../../numeric/linearAlgebra.js";
import { nonNegativeGram } from "../learners/nonNegativeLeastSquares.js";
import { randomFolds } from "./randomFolds.js";
import type { BootstrapReplicate } from "./pipelineTypes.js";
import type { MetaFit } from "./metaLearner.js";
import { defaultWorkers, runParallelSync, sharedCopy, workersAvailable } from "../parallel/runParallel.js";
import type { FeatureMatrix } from "../types.js";

/** Refit settings the training data hands on to every replicate unchanged. */
export interface BootstrapSettings {
  scoringSummary: BtydSummary;
  btyd: BtydFit;
  ridgeLambda: number;
  segmentLambda: number;
}

export interface BootstrapTrainingData extends BootstrapSettings {
  x: FeatureMatrix;
  probabilities: Float64Array;
  k: number;
  yPurchases: Float64Array;
  yValue: Float64Array;
  /** Primary BTYD forecast of each training row's target: the ratio learners' row weights (y / base is their target). */
  basePurchases: Float64Array;
  baseValue: Float64Array;
  /** The meta-learner fits of the two heads (out-of-fold columns, row weights, penalty, constraint), resampled as they are. */
  metaPurchases: MetaFit;
  metaValue: MetaFit;
  /** Scoring-customer index of each training row (a customer can have rows from several inner origins). */
  trainingGroups: Int32Array;
}

/**
 * Sufficient statistics per block of customers, so a replicate's refit costs O(blocks · p²) instead of O(n · p²):
 * a weighted least-squares fit only needs Σ w aaᵀ and Σ w a y, and resampling whole blocks multiplies each block's sums
 * by its count. Blocks are random sets of customers; with as many blocks as customers this is the ordinary bootstrap.
 */
export interface PreparedBootstrap extends BootstrapSettings {
  blocks: number;
  q: number;
  k: number;
  m: number;
  /** Block of each scoring customer. */
  scoringBlock: Int32Array;
  /** blocks × (k + 1) × q × q per head: Σ b aaᵀ (slot 0) and Σ b p_c aaᵀ (slot c + 1), a = [1, x], b the row's BTYD forecast. */
  gramPurchases: Float64Array;
  gramValue: Float64Array;
  /** blocks × (k + 1) × q, per head: Σ b a (y / b) = Σ a y (weighted by p_c in slot c + 1). */
  xyPurchases: Float64Array;
  xyValue: Float64Array;
  /** blocks × m × m and blocks × m for the meta-learner, per head. */
  zzPurchases: Float64Array;
  zyPurchases: Float64Array;
  zzValue: Float64Array;
  zyValue: Float64Array;
  /** The meta-learners' absolute penalties and constraints (from the heads' fits). */
  metaPurchases: MetaSettings;
  metaValue: MetaSettings;
  /** The full fit's curvature: every replicate's BTYD refit starts from its parameters and this inverse Hessian. */
  btydCurvature: BtydCurvature;
  seed: number;
}

export interface BootstrapReplicatesOptions {
  replicates: number;
  seed: number;
  /** Most blocks of customers. Default 1000. */
  maxBlocks?: number;
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

export function bootstrapReplicates(d: BootstrapTrainingData, options: BootstrapReplicatesOptions): BootstrapReplicate[] {
  const B = options.replicates;
  if (!Number.isInteger(B) || B < 0) throw new Error(`invalid replicates ${B}: use a whole number ≥ 0`);
  if (B === 0) return [];
  const prep = prepareBootstrap(d, options);
  const nScoring = d.scoringSummary.frequency.length;
  const workers = Math.min(B, options.workers ?? (nScoring * B > 2e6 ? defaultWorkers(2) : 1));
  let out: BootstrapReplicate[];
  if (workers > 1 && workersAvailable()) {
    // Replicates split into one range per thread; the first range runs on this thread while the workers run the others.
    const tasks = [];
    // The block sums (tens of MB) go to the workers in shared memory, not as copies.
    const shared = { ...prep, gramPurchases: sharedCopy(prep.gramPurchases), gramValue: sharedCopy(prep.gramValue) };
    for (let w = 1; w < workers; w++) tasks.push({ kind: "bootstrap", prep: shared, from: Math.floor((w * B) / workers), to: Math.floor(((w + 1) * B) / workers) });
    options.onProgress?.(0, B);
    let here: BootstrapReplicate[] = [];
    const rest = runParallelSync<BootstrapReplicate[]>(tasks, () => {
      here = runReplicates(prep, 0, Math.floor(B / workers));
    });
    out = [...here, ...rest.flat()];
    options.onProgress?.(B, B);
  } else out = runReplicates(prep, 0, B, options.onProgress);
  return out;
}

export function prepareBootstrap(d: BootstrapTrainingData, options: BootstrapReplicatesOptions): PreparedBootstrap {
  const rng = createRng(options.seed);
  const nS = d.scoringSummary.frequency.length;
  const blocks = Math.max(1, Math.min(nS, options.maxBlocks ?? 1000));
  const scoringBlock = randomFolds(nS, blocks, rng);
  const { x, k } = d;
  const p = x.cols;
  const q = p + 1;
  const gramP = new Float64Array(blocks * (k + 1) * q * q);
  const gramV = new Float64Array(blocks * (k + 1) * q * q);
  const xyP = new Float64Array(blocks * (k + 1) * q);
  const xyV = new Float64Array(blocks * (k + 1) * q);
  const rowBlock = new Int32Array(x.rows);
  const a = new Float64Array(q);
  for (let i = 0; i < x.rows; i++) {
    const s = d.trainingGroups[i]!;
    if (!(s >= 0 && s < nS)) throw new Error(`training row ${i} has no scoring customer (group ${s})`);
    const b = (rowBlock[i] = scoringBlock[s]!);
    const bp = d.basePurchases[i]!;
    const bv = d.baseValue[i]!;
    a[0] = 1;
    for (let j = 0; j < p; j++) a[j + 1] = x.data[i * p + j]!;
    const yp = d.yPurchases[i]!;
    const yv = d.yValue[i]!;
    for (let c = 0; c <= k; c++) {
      const w = c === 0 ? 1 : d.probabilities[i * k + c - 1]!;
      if (w < 1e-12) continue;
      const go = (b * (k + 1) + c) * q * q;
      const xo = (b * (k + 1) + c) * q;
      for (let u = 0; u < q; u++) {
        const wu = w * a[u]!;
        xyP[xo + u]! += wu * yp;
        xyV[xo + u]! += wu * yv;
        for (let v = 0; v <= u; v++) {
          gramP[go + u * q + v]! += bp * wu * a[v]!;
          gramV[go + u * q + v]! += bv * wu * a[v]!;
        }
      }
    }
  }
  const metaP = metaBlockSums(d.metaPurchases, d.yPurchases, rowBlock, blocks);
  const metaV = metaBlockSums(d.metaValue, d.yValue, rowBlock, blocks);
  return {
    blocks,
    q,
    k,
    m: d.metaPurchases.oof.cols,
    scoringBlock,
    gramPurchases: gramP,
    gramValue: gramV,
    xyPurchases: xyP,
    xyValue: xyV,
    zzPurchases: metaP.zz,
    zyPurchases: metaP.zy,
    zzValue: metaV.zz,
    zyValue: metaV.zy,
    scoringSummary: d.scoringSummary,
    btyd: d.btyd,
    ridgeLambda: d.ridgeLambda,
    segmentLambda: d.segmentLambda,
    metaPurchases: { lambda: d.metaPurchases.lambda, sumToOne: d.metaPurchases.sumToOne },
    metaValue: { lambda: d.metaValue.lambda, sumToOne: d.metaValue.sumToOne },
    btydCurvature: btydCurvature(d.scoringSummary, d.btyd),
    seed: options.seed,
  };
}

/** Replicates from..to-1; replicate b's draws depend only on (seed, b), so any split over workers gives the same result. */
export function runReplicates(prep: PreparedBootstrap, from: number, to: number, onProgress?: (done: number, total: number) => void): BootstrapReplicate[] {
  const { blocks, q, k, m } = prep;
  const nS = prep.scoringBlock.length;
  const out: BootstrapReplicate[] = [];
  const counts = new Float64Array(blocks);
  const w = new Float64Array(nS);
  for (let b = from; b < to; b++) {
    const rng = createRng((Math.imul(prep.seed + 1, 0x9e3779b1) + Math.imul(b + 1, 0x85ebca6b)) >>> 0);
    counts.fill(0);
    for (let j = 0; j < blocks; j++) counts[rng.int(blocks)]!++;
    for (let i = 0; i < nS; i++) w[i] = counts[prep.scoringBlock[i]!]!;
    // A replicate keeps only the parameters: its fits skip the standard errors' extra likelihood evaluations.
    const btyd = fitBtyd(prep.scoringSummary, prep.btyd.model, w, prep.btyd, prep.btydCurvature, false);
    const head = (gram: Float64Array, xy: Float64Array, zz: Float64Array, zy: Float64Array, meta: MetaSettings) => {
      const ridge = solveBlock(prep, counts, 0, gram, xy, prep.ridgeLambda);
      const segments = new Float64Array(k * q);
      for (let c = 0; c < k; c++) segments.set(solveBlock(prep, counts, c + 1, gram, xy, prep.segmentLambda), c * q);
      return { ridge, segments, meta: resampledMeta({ zz, zy }, counts, m, meta) };
    };
    out.push({
      btyd: { ...btyd, warnings: [] },
      purchases: head(prep.gramPurchases, prep.xyPurchases, prep.zzPurchases, prep.zyPurchases, prep.metaPurchases),
      value: head(prep.gramValue, prep.xyValue, prep.zzValue, prep.zyValue, prep.metaValue),
    });
    onProgress?.(b + 1 - from, to - from);
  }
  return out;
}

/** Weighted ridge [intercept, β] of the ratio from block sums: (Σ c A + λ diag(0, 1, …, 1)) θ = Σ c a y. */
function solveBlock(prep: PreparedBootstrap, counts: Float64Array, slot: number, gram: Float64Array, xy: Float64Array, lambda: number): Float64Array {
  const { blocks, q, k } = prep;
  const A = new Float64Array(q * q);
  const r = new Float64Array(q);
  for (let j = 0; j < blocks; j++) {
    const c = counts[j]!;
    if (c === 0) continue;
    const go = (j * (k + 1) + slot) * q * q;
    const xo = (j * (k + 1) + slot) * q;
    for (let u = 0; u < q; u++) {
      r[u]! += c * xy[xo + u]!;
      for (let v = 0; v <= u; v++) A[u * q + v]! += c * gram[go + u * q + v]!;
    }
  }
  for (let u = 0; u < q; u++) {
    for (let v = 0; v < u; v++) A[v * q + u] = A[u * q + v]!;
    if (u > 0) A[u * q + u]! += lambda;
  }
  return solveSpd(A, r, q, 0);
}

/** Absolute ridge penalty and constraint of a meta-learner fit. */
export interface MetaSettings {
  lambda: number;
  sumToOne: boolean;
}

/** Per-block sums of a meta-learner's rows: Σ w z zᵀ (blocks × m × m) and Σ w z y (blocks × m), w its row weights. */
export function metaBlockSums(meta: MetaFit, y: Float64Array, rowBlock: Int32Array, blocks: number): { zz: Float64Array; zy: Float64Array } {
  const { data, rows, cols: m } = meta.oof;
  const zz = new Float64Array(blocks * m * m);
  const zy = new Float64Array(blocks * m);
  for (let i = 0; i < rows; i++) {
    const b = rowBlock[i]!;
    const w = meta.rowWeights[i]!;
    for (let u = 0; u < m; u++) {
      const wz = w * data[i * m + u]!;
      zy[b * m + u]! += wz * y[i]!;
      for (let v = 0; v < m; v++) zz[(b * m + u) * m + v]! += wz * data[i * m + v]!;
    }
  }
  return { zz, zy };
}

/** Meta-learner weights refitted on blocks resampled `counts` times each: the head's penalty, row weights and constraint. */
export function resampledMeta(sums: { zz: Float64Array; zy: Float64Array }, counts: Float64Array, m: number, meta: MetaSettings): Float64Array {
  const g = new Float64Array(m * m);
  const r = new Float64Array(m);
  for (let j = 0; j < counts.length; j++) {
    const cj = counts[j]!;
    if (cj === 0) continue;
    for (let u = 0; u < m; u++) {
      r[u]! += cj * sums.zy[j * m + u]!;
      for (let v = 0; v < m; v++) g[u * m + v]! += cj * sums.zz[(j * m + u) * m + v]!;
    }
  }
  for (let u = 0; u < m; u++) g[u * m + u]! += meta.lambda;
  return nonNegativeGram(g, r, m, { sumToOne: meta.sumToOne });
}
