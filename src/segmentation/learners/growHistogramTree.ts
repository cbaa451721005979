// Growing one histogram regression tree level by level on binned features: histograms, best splits, row partition, leaf values.
import type { TreeSettings } from "./treeSettings.js";
import type { Workspace } from "./treeWorkspace.js";

/** Histogram of node nd's rows act[from..to) into h; one pass over the rows (each bin still sums its rows in act order). */
function buildHistogram(codes: Uint8Array, nBins: number, w: Workspace, h: Float64Array, nd: number, from: number, to: number): void {
  const { d, act, grad, hess, stride } = w;
  const o = nd * stride;
  h.fill(0, o, o + stride);
  const fStride = nBins * 3;
  for (let j = from; j < to; j++) {
    const i = act[j]!;
    const g = grad[i]!;
    const hs = hess[i]!;
    const co = i * d;
    for (let f = 0, fo = o; f < d; f++, fo += fStride) {
      const k = fo + codes[co + f]! * 3;
      h[k]! += g;
      h[k + 1]!++;
      h[k + 2]! += hs;
    }
  }
}

/** Grows one tree level by level, writing its split features and thresholds at `off`; leaves end in w.act / w.start. */
export function growTree(codes: Uint8Array, edges: readonly Float64Array[], o: TreeSettings, w: Workspace, feature: Int32Array, threshold: Float64Array, off: number, splitBin: Int32Array): void {
  splitBin.fill(-1);
  buildHistogram(codes, o.bins, w, w.hist, 0, 0, w.start[1]!);
  for (let level = 0; level < o.depth; level++) {
    const width = 1 << level;
    const { splitF, splitB } = bestSplits(edges, o, w, width);
    for (let nd = 0; nd < width; nd++) {
      if (splitF[nd]! >= 0) {
        feature[off + width - 1 + nd] = splitF[nd]!;
        threshold[off + width - 1 + nd] = edges[splitF[nd]!]![splitB[nd]!]!;
        splitBin[width - 1 + nd] = splitB[nd]!;
      }
    }
    partitionRows(codes, w, width, splitF, splitB);
    if (level + 1 === o.depth) break;
    childHistograms(codes, o.bins, w, width);
  }
}

/** Best split (feature, bin) of each node of a level by the second-order gain (XGBoost); feature -1 when none gains. */
function bestSplits(edges: readonly Float64Array[], o: TreeSettings, w: Workspace, width: number): { splitF: Int32Array; splitB: Int32Array } {
  const { d, hist, start, stride } = w;
  const { minLeaf, bins: nBins, leafPenalty: lambda } = o;
  const splitF = new Int32Array(width).fill(-1);
  const splitB = new Int32Array(width);
  for (let nd = 0; nd < width; nd++) {
    const C = start[nd + 1]! - start[nd]!;
    if (C < 2 * minLeaf) continue;
    let G = 0;
    let Hs = 0;
    const o0 = nd * stride;
    for (let b = 0; b < nBins; b++) {
      G += hist[o0 + b * 3]!;
      Hs += hist[o0 + b * 3 + 2]!;
    }
    const parent = (G * G) / (Hs + lambda);
    let bestGain = 1e-12;
    for (let f = 0; f < d; f++) {
      const off = o0 + f * nBins * 3;
      let gl = 0;
      let cl = 0;
      let hl = 0;
      const nb = edges[f]!.length;
      for (let b = 0; b < nb; b++) {
        gl += hist[off + b * 3]!;
        cl += hist[off + b * 3 + 1]!;
        hl += hist[off + b * 3 + 2]!;
        if (cl < minLeaf) continue;
        const cr = C - cl;
        if (cr < minLeaf) break;
        const gr = G - gl;
        const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (Hs - hl + lambda) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          splitF[nd] = f;
          splitB[nd] = b;
        }
      }
    }
  }
  return { splitF, splitB };
}

/** Stable partition of each node's rows into its children 2nd (code ≤ split bin, or no split) and 2nd + 1. */
function partitionRows(codes: Uint8Array, w: Workspace, width: number, splitF: Int32Array, splitB: Int32Array): void {
  const { d, act, tmp, start, next } = w;
  for (let nd = 0; nd < width; nd++) {
    const from = start[nd]!;
    const to = start[nd + 1]!;
    const f = splitF[nd]!;
    let l = from;
    let r = 0;
    if (f < 0) l = to;
    else {
      const cut = splitB[nd]!;
      for (let j = from; j < to; j++) {
        const i = act[j]!;
        if (codes[i * d + f]! > cut) tmp[r++] = i;
        else act[l++] = i;
      }
      act.set(tmp.subarray(0, r), l);
    }
    next[2 * nd] = from;
    next[2 * nd + 1] = l;
  }
  next[2 * width] = start[width]!;
  w.start = next;
  w.next = start;
}

/** Children's histograms: build the smaller child, subtract it from the parent for the other. */
function childHistograms(codes: Uint8Array, nBins: number, w: Workspace, width: number): void {
  [w.parentHist, w.hist] = [w.hist, w.parentHist];
  const { hist, parentHist, start, stride } = w;
  for (let nd = 0; nd < width; nd++) {
    const L = 2 * nd;
    const R = L + 1;
    const nL = start[L + 1]! - start[L]!;
    const nR = start[R + 1]! - start[R]!;
    const small = nL <= nR ? L : R;
    const big = small === L ? R : L;
    buildHistogram(codes, nBins, w, hist, small, start[small]!, start[small + 1]!);
    const po = nd * stride;
    const so = small * stride;
    const bo = big * stride;
    for (let k = 0; k < stride; k++) hist[bo + k] = parentHist[po + k]! - hist[so + k]!;
  }
}

/** Leaf values: Newton step G / (H + λ) over the sampled rows in each leaf (for squared loss H is the row count), clipped for Poisson, times the learning rate. */
export function leafValues(o: TreeSettings, w: Workspace, leaf: Float64Array, off: number): void {
  const { act, start, grad, hess } = w;
  const leaves = 1 << o.depth;
  for (let l = 0; l < leaves; l++) {
    let g = 0;
    let h = 0;
    for (let j = start[l]!; j < start[l + 1]!; j++) {
      const i = act[j]!;
      g += grad[i]!;
      h += hess[i]!;
    }
    let step = g / (h + o.leafPenalty);
    if (o.poisson) step = Math.max(-o.maxDeltaStep, Math.min(o.maxDeltaStep, step));
    leaf[off + l] = o.learningRate * step;
  }
}
