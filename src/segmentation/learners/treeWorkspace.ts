// Buffers of one boosted-trees fit, allocated once and reused by every tree: gradients, the row sample and its
// partition into nodes, and the histograms.
import type { TreeSettings } from "./treeSettings.js";

/** Buffers reused by every tree. @internal (read by fitBoostedTrees.ts and growHistogramTree.ts) */
export interface Workspace {
  n: number;
  d: number;
  grad: Float64Array;
  hess: Float64Array;
  inSample: Uint8Array;
  /** Row order of the subsample draw (a partial Fisher-Yates shuffle carried from tree to tree). */
  idx: Int32Array;
  take: number;
  /** Sampled rows grouped by node (ascending within a node); node nd of the current level owns act[start[nd]..start[nd + 1]). */
  act: Int32Array;
  tmp: Int32Array;
  start: Int32Array;
  next: Int32Array;
  /**
   * Histograms interleave (gradient, count, hessian) per bin; one buffer per level (parent and children), so a child's
   * histogram can be the parent's minus its sibling's (LightGBM's subtraction trick: only the smaller child is built).
   */
  stride: number;
  hist: Float64Array;
  parentHist: Float64Array;
}

/**
 * Buffers for a fit on `n` rows of `d` features, sized by the settings' depth and bins (histograms as in LightGBM).
 * @internal
 * @see https://papers.nips.cc/paper/6907-lightgbm-a-highly-efficient-gradient-boosting-decision-tree (Ke et al. 2017)
 * @example const w = workspace(x.rows, x.cols, resolveOptions({}, y, x.rows)); w.take; // rows drawn per tree
 */
export function workspace(n: number, d: number, o: TreeSettings): Workspace {
  const leaves = 1 << o.depth;
  const stride = d * o.bins * 3;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return {
    n,
    d,
    grad: new Float64Array(n),
    hess: new Float64Array(n).fill(1),
    inSample: new Uint8Array(n),
    idx,
    take: Math.max(1, Math.min(Math.floor(o.maxSampleRows), Math.round(o.subsample * n))),
    act: new Int32Array(n),
    tmp: new Int32Array(n),
    start: new Int32Array(leaves + 1),
    next: new Int32Array(leaves + 1),
    stride,
    hist: new Float64Array(leaves * stride),
    parentHist: new Float64Array(leaves * stride),
  };
}
