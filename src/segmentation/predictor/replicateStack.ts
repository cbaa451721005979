// A bootstrap replicate's stacked prediction in one pass (internal).
import { BASE_LEARNERS, type BootstrapReplicate } from "./pipelineTypes.js";
import type { FeatureMatrix } from "../types.js";

/**
 * A replicate's stacked prediction per row into `out`: its refitted ridge and segment ridges (flat [intercept, β] rows)
 * and the full fit's tree ratios, as ratios to `base`, combined with `alt` by its meta-learner — what
 * combine(meta, basePredictions(fadeRatios(ratioColumns(predictLinear, segmentPredict, trees)), base, alt)) gives, bit for bit (the
 * same operations in the same order, less additions of exact zeros), in one pass without the intermediate arrays, which
 * cost more than the arithmetic. `xFinite`: every feature is finite. `fade`: per row, the power the linear learners'
 * ratios are raised to (fadeRatios; the tree ratios come faded).
 */
export function replicateStack(th: BootstrapReplicate["value"], x: FeatureMatrix, xFinite: boolean, probabilities: Float64Array, k: number, treeRatios: Float64Array, base: Float64Array, alt: Float64Array, out: Float64Array, fade?: Float64Array): void {
  const p = x.cols;
  const q = p + 1;
  const ridge = th.ridge, seg = th.segments, meta = th.meta, xd = x.data;
  if (ridge.length !== q || seg.length !== k * q) throw new Error(`features have ${p} columns, the replicate's learners have ${ridge.length - 1}`);
  if (meta.length !== BASE_LEARNERS.length) throw new Error(`the replicate's meta-learner has ${meta.length} weights, expected ${BASE_LEARNERS.length}`);
  const m0 = meta[0]!, m1 = meta[1]!, m2 = meta[2]!, m3 = meta[3]!, m4 = meta[4]!;
  const finite = xFinite && seg.every(Number.isFinite);
  for (let i = 0; i < x.rows; i++) {
    const o = i * p;
    let r = ridge[0]!;
    for (let j = 0; j < p; j++) r += ridge[j + 1]! * xd[o + j]!;
    let sg = 0;
    for (let c = 0; c < k; c++) {
      const pc = probabilities[i * k + c]!;
      // A segment the customer is surely not in (p exactly 0, most of them) adds 0 · y = 0 when y is finite: skipped.
      if (pc === 0 && finite) continue;
      let y = seg[c * q]!;
      for (let j = 0; j < p; j++) y += seg[c * q + j + 1]! * xd[o + j]!;
      sg += pc * y;
    }
    let rr = Math.max(0, r), sr = Math.max(0, sg);
    const f = fade === undefined ? 1 : fade[i]!;
    if (f !== 1) {
      rr = rr ** f;
      sr = sr ** f;
    }
    const b = base[i]!;
    let s = 0;
    s += m0 * b;
    s += m1 * alt[i]!;
    s += m2 * (rr * b);
    s += m3 * (sr * b);
    s += m4 * (treeRatios[i]! * b);
    out[i] = Math.max(0, s);
  }
}
