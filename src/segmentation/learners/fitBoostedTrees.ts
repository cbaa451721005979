import { uniformStream, type UniformStream } from "../../random/uniformStream.js";
import type { FeatureMatrix } from "../types.js";
import { binFeatures } from "./binFeatures.js";
import { growTree, leafValues } from "./growHistogramTree.js";
import { resolveOptions, type TreeSettings } from "./treeSettings.js";
import { workspace, type Workspace } from "./treeWorkspace.js";

/**
 * Gradient-boosted regression trees, stored as complete binary trees of fixed depth: node j's children are 2j+1 and
 * 2j+2; a node that did not split has threshold +Infinity (every row goes left).
 */
export interface BoostedTrees {
  readonly depth: number;
  readonly trees: number;
  readonly cols: number;
  readonly baseScore: number;
  /** "identity" for squared loss; "log" for Poisson deviance (prediction = exp(score + offset)). Absent means identity. */
  readonly link?: "identity" | "log";
  /** trees × (2^depth - 1) split features and thresholds (go right when x > threshold). */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** trees × 2^depth leaf values (learning rate included). */
  readonly leaf: Float64Array;
}

export interface FitBoostedTreesOptions {
  /** Number of trees. Default 150. */
  trees?: number;
  /** Depth of every tree. Default 3. */
  depth?: number;
  /** Shrinkage per tree. Default 0.05. */
  learningRate?: number;
  /** Minimum rows in a leaf. Default 20. */
  minLeaf?: number;
  /** L2 penalty on leaf values. Default 1. */
  leafPenalty?: number;
  /** Histogram bins per feature (quantile edges), ≤ 255. Default 32. */
  bins?: number;
  /** Fraction of rows drawn (without replacement) for each tree. Default 0.8. */
  subsample?: number;
  /**
   * Most rows drawn for each tree: on large data the subsample is capped at this count (a tree's splits and leaf values
   * need tens of thousands of rows, not all of them; every row is still drawn for some trees). Default: no cap.
   */
  maxSampleRows?: number;
  /**
   * Most rows the ensemble is fitted on: larger inputs are fitted on a random subset of this many rows (drawn once, from
   * the seed), which bounds the per-fit cost of binning and of keeping every row's score current. Default: no cap.
   */
  maxRows?: number;
  /**
   * Fit on these rows of `x` only, as on the matrix of those rows (then `y` and `offset` hold one value per listed row),
   * without copying rows the row cap leaves out. Default: every row.
   */
  rows?: Int32Array;
  /** "squared" (default) or "poisson": Poisson deviance with a log link, for counts. */
  loss?: "squared" | "poisson";
  /** Per-row offset on the log scale (Poisson only), e.g. the log of a baseline model's forecast; the trees then learn a multiplicative correction. */
  offset?: Float64Array;
  /** Poisson only: largest |leaf step| on the log scale before shrinkage (as XGBoost's max_delta_step). Default 0.7. */
  maxDeltaStep?: number;
  seed?: number;
}

/**
 * Fits gradient-boosted regression trees for squared loss (Friedman 2001) or Poisson deviance with a log link and an
 * optional offset (second-order leaf steps, as in XGBoost's count:poisson), with histogram split finding on quantile bins
 * (as in LightGBM) and stochastic row subsampling (Friedman 2002). In-house: ml-random-forest is too slow for 100,000
 * rows. Used as the tree-ensemble base learner of the stacked CLV predictor.
 * @see https://doi.org/10.1214/aos/1013203451 (Friedman 2001)
 * @example const m = fitBoostedTrees(x, y, { trees: 100, seed: 1 }); predictBoostedTrees(m, x);
 */
export function fitBoostedTrees(x: FeatureMatrix, y: Float64Array, options: FitBoostedTreesOptions = {}): BoostedTrees {
  const { cols: d, data } = x;
  const n = options.rows ? options.rows.length : x.rows;
  const o = resolveOptions(options, y, n);
  // createRng(seed)'s uniform stream, drawn faster (row subsampling draws ~20,000 per tree).
  const rng = uniformStream(options.seed ?? 0);
  if (n > o.maxRows) return fitOnSubset(x, y, options, o.maxRows, rng);
  if (options.rows) return fitOnSubset(x, y, options, n, rng);
  const { edges, codes, finite } = binFeatures(x, o.bins);
  const base = initialScore(y, o.offset, o.poisson);
  const pred = new Float64Array(n).fill(base);
  const w = workspace(n, d, o);
  const internal = (1 << o.depth) - 1;
  const leaves = 1 << o.depth;
  const feature = new Int32Array(o.trees * internal);
  const threshold = new Float64Array(o.trees * internal).fill(Infinity);
  const leaf = new Float64Array(o.trees * leaves);
  // Split bin of every node of every tree (-1: no split), for routing rows by bin code.
  const splitBins = new Int32Array(o.trees * internal);
  // Trees already added to each row's score: a row's score is brought up to date only when it is sampled, since only
  // sampled rows' gradients are read (each catch-up reads the row's codes once for all the trees it missed).
  const upTo = new Int32Array(n);
  for (let t = 0; t < o.trees; t++) {
    sampleRows(w, rng);
    if (finite) catchUp(codes, d, o.depth, feature, splitBins, leaf, t, pred, upTo, w);
    // Only the sampled rows' gradients are read (histograms and leaf values).
    gradients(y, pred, o, w);
    growTree(codes, edges, o, w, feature, threshold, t * internal, splitBins.subarray(t * internal, (t + 1) * internal));
    leafValues(o, w, leaf, t * leaves);
    // Sampled rows get the new tree's value from the leaf the partition put them in; the others later, by bin code
    // (catchUp: x > edge b ⇔ code > b when every value is finite), else every row now by value (a NaN goes left, as in treeValue).
    if (finite) addLeafValues(w, leaf, t * leaves, pred);
    else {
      const model = { depth: o.depth, trees: t + 1, cols: d, baseScore: 0, feature, threshold, leaf };
      for (let i = 0; i < n; i++) pred[i]! += treeValue(model, t, data, i * d);
    }
  }
  return { depth: o.depth, trees: o.trees, cols: d, baseScore: base, link: o.poisson ? "log" : "identity", feature, threshold, leaf };
}

/**
 * The ensemble fitted on `m` rows drawn without replacement (kept in row order), its trees seeded from the same
 * generator; with m = all of `options.rows`, on those rows as given (no draw, the same seed).
 */
function fitOnSubset(x: FeatureMatrix, y: Float64Array, options: FitBoostedTreesOptions, m: number, rng: UniformStream): BoostedTrees {
  const { cols: d } = x;
  const listed = options.rows;
  const n = listed ? listed.length : x.rows;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (m < n)
    for (let i = 0; i < m; i++) {
      const j = i + rng.int(n - i);
      const s = idx[i]!;
      idx[i] = idx[j]!;
      idx[j] = s;
    }
  const rows = idx.subarray(0, m).sort();
  const data = new Float64Array(m * d);
  const ys = new Float64Array(m);
  const offset = options.offset ? new Float64Array(m) : undefined;
  for (let j = 0; j < m; j++) {
    const i = rows[j]!;
    const r = listed ? listed[i]! : i;
    data.set(x.data.subarray(r * d, r * d + d), j * d);
    ys[j] = y[i]!;
    if (offset) offset[j] = options.offset![i]!;
  }
  const { rows: _listed, ...rest } = options;
  return fitBoostedTrees({ data, rows: m, cols: d }, ys, { ...rest, ...(offset ? { offset } : {}), maxRows: m, seed: m < n ? rng.int(2 ** 31) : (options.seed ?? 0) });
}

/** Starting score: the mean target (squared loss) or log(Σy / Σ exp(offset)) (Poisson). */
function initialScore(y: Float64Array, offset: Float64Array | undefined, poisson: boolean): number {
  const n = y.length;
  let base = 0;
  if (poisson) {
    let sy = 0;
    let se = 0;
    for (let i = 0; i < n; i++) {
      sy += y[i]!;
      se += offset ? Math.exp(offset[i]!) : 1;
    }
    base = sy > 0 && se > 0 ? Math.log(sy / se) : -10;
  } else {
    for (let i = 0; i < n; i++) base += y[i]!;
    base = n ? base / n : 0;
  }
  return base;
}

/** Negative gradient and hessian: squared loss y - F and 1; Poisson deviance y - μ and μ, μ = exp(F + offset). */
function gradients(y: Float64Array, pred: Float64Array, o: TreeSettings, w: Workspace): void {
  const { grad, hess, act } = w;
  const active = w.start[1]!;
  const offset = o.offset;
  if (o.poisson)
    for (let j = 0; j < active; j++) {
      const i = act[j]!;
      const mu = Math.exp(pred[i]! + (offset ? offset[i]! : 0));
      grad[i] = y[i]! - mu;
      hess[i] = mu;
    }
  else
    for (let j = 0; j < active; j++) {
      const i = act[j]!;
      grad[i] = y[i]! - pred[i]!;
    }
}

/** Draws the tree's rows without replacement (Friedman 2002) and lists them, ascending, as the root node's rows. */
function sampleRows(w: Workspace, rng: UniformStream): void {
  const { n, take, idx, inSample, act } = w;
  let active = 0;
  if (take === n) for (let i = 0; i < n; i++) act[active++] = i;
  else {
    for (let i = 0; i < take; i++) {
      const j = i + rng.int(n - i);
      const s = idx[i]!;
      idx[i] = idx[j]!;
      idx[j] = s;
    }
    if (take * 8 < n) {
      // A small sample (capped by maxSampleRows): sorting it costs less than a pass over every row.
      act.set(idx.subarray(0, take));
      act.subarray(0, take).sort();
      active = take;
    } else {
      inSample.fill(0);
      for (let i = 0; i < take; i++) inSample[idx[i]!] = 1;
      for (let i = 0; i < n; i++) if (inSample[i]) act[active++] = i;
    }
  }
  w.start[0] = 0;
  w.start[1] = active;
}

/** Adds each leaf's value to the scores of the sampled rows the partition left in it. */
function addLeafValues(w: Workspace, leaf: Float64Array, off: number, pred: Float64Array): void {
  const { act, start } = w;
  for (let l = 0; l + 1 < start.length; l++) {
    const v = leaf[off + l]!;
    for (let j = start[l]!; j < start[l + 1]!; j++) pred[act[j]!]! += v;
  }
}

/**
 * Brings the scores of tree t's sampled rows up to date: adds the trees each one missed since it was last sampled,
 * routing it by bin code (right when code > the node's split bin; unsplit nodes send every row left), in tree order, so
 * each score is the same sum, in the same order, as when every row is routed after every tree.
 */
function catchUp(codes: Uint8Array, d: number, depth: number, feature: Int32Array, splitBins: Int32Array, leaf: Float64Array, t: number, pred: Float64Array, upTo: Int32Array, w: Workspace): void {
  const internal = (1 << depth) - 1;
  const { act } = w;
  const active = w.start[1]!;
  for (let j = 0; j < active; j++) {
    const i = act[j]!;
    let s = upTo[i]!;
    upTo[i] = t + 1;
    if (s >= t) continue;
    const co = i * d;
    let score = pred[i]!;
    for (; s < t; s++) {
      const fo = s * internal;
      let nd = 0;
      for (let level = 0; level < depth; level++) {
        const b = splitBins[fo + nd]!;
        nd = 2 * nd + 1 + (b >= 0 && codes[co + feature[fo + nd]!]! > b ? 1 : 0);
      }
      score += leaf[fo + s + nd - internal]!;
    }
    pred[i] = score;
  }
}

/** Value of tree t for the row starting at data[o]. */
export function treeValue(m: BoostedTrees, t: number, data: Float64Array, o: number): number {
  const internal = (1 << m.depth) - 1;
  const fo = t * internal;
  let nd = 0;
  for (let level = 0; level < m.depth; level++) {
    const j = fo + nd;
    nd = 2 * nd + 1 + (data[o + m.feature[j]!]! > m.threshold[j]! ? 1 : 0);
  }
  return m.leaf[t * (internal + 1) + nd - internal]!;
}
