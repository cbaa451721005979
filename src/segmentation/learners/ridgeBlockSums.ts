import type { FeatureMatrix } from "../types.js";
import { ridgeFromCentered, type LinearModel } from "./fitRidge.js";

/** Weighted ridge fits on any union of row blocks, from per-block sums built in one pass (see {@link ridgeBlockSums}). */
export interface RidgeBlockSums {
  /** The ridge fit (as fitRidge: Σ w (y − b − x·β)² + λ|β|², intercept unpenalized) of weighting `slot` on the rows of the blocks where `include[block]` is true. */
  fit(include: ArrayLike<boolean>, slot: number, lambda: number): LinearModel;
}

/**
 * Sufficient statistics of weighted ridge regression per block of rows and per weighting (Σw, weighted means,
 * centered cross-products): every fit on a union of blocks
 * then costs O(blocks · p²) instead of a pass over its rows, as the K-fold (× origin) out-of-fold fits of the stacked
 * predictor's ridge learners need. A fit agrees with fitRidge on the same rows up to rounding (the sums are
 * accumulated in another order; about 1e-12 relative).
 * @see https://doi.org/10.1080/00401706.1970.10488634 (Hoerl & Kennard 1970)
 * @example const s = ridgeBlockSums(x, y, [w], block, 2); s.fit([false, true], 0, 10); // the ridge on block 1's rows
 */
export function ridgeBlockSums(x: FeatureMatrix, y: Float64Array, weights: readonly Float64Array[], block: Int32Array, blocks: number): RidgeBlockSums {
  const { rows: n, cols: p, data } = x;
  const slots = weights.length;
  const tri = (p * (p + 1)) / 2;
  // Per block and slot: [Σw, weighted mean of y, weighted means of x (p), Σw(x − m)(y − ȳ) (p), Σw(x − m)(x − m)ᵀ
  // (lower triangle)], centered at the block's own means (two passes) so nearly constant features lose no precision.
  const width = 2 + 2 * p + tri;
  const sums = new Float64Array(blocks * slots * width);
  for (let i = 0; i < n; i++) {
    const yi = y[i]!;
    for (let s = 0; s < slots; s++) {
      const w = weights[s]![i]!;
      if (w === 0) continue;
      const o = (block[i]! * slots + s) * width;
      sums[o]! += w;
      sums[o + 1]! += w * yi;
      for (let a = 0; a < p; a++) sums[o + 2 + a]! += w * data[i * p + a]!;
    }
  }
  for (let o = 0; o < sums.length; o += width) {
    const sw = sums[o]!;
    if (sw > 0) for (let u = 1; u < 2 + p; u++) sums[o + u]! /= sw;
  }
  const z = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < slots; s++) {
      const w = weights[s]![i]!;
      if (w === 0) continue;
      const o = (block[i]! * slots + s) * width;
      const r = w * (y[i]! - sums[o + 1]!);
      for (let a = 0; a < p; a++) z[a] = data[i * p + a]! - sums[o + 2 + a]!;
      let t = o + 2 + 2 * p;
      for (let a = 0; a < p; a++) {
        const wa = w * z[a]!;
        sums[o + 2 + p + a]! += r * z[a]!;
        for (let c = 0; c <= a; c++) sums[t++]! += wa * z[c]!;
      }
    }
  }
  return {
    fit(include, slot, lambda) {
      // Blocks pooled as in Chan, Golub & LeVeque (1983): each block's centered sums plus sw_b (m_b − m)(m_b − m)ᵀ.
      let sw = 0;
      let my = 0;
      const m = new Float64Array(p);
      for (let b = 0; b < blocks; b++) {
        const o = (b * slots + slot) * width;
        const wb = sums[o]!;
        if (!include[b] || !(wb > 0)) continue;
        sw += wb;
        my += wb * sums[o + 1]!;
        for (let a = 0; a < p; a++) m[a]! += wb * sums[o + 2 + a]!;
      }
      if (!(sw > 0)) return { intercept: 0, coefficients: new Float64Array(p) };
      my /= sw;
      for (let a = 0; a < p; a++) m[a]! /= sw;
      const g = new Float64Array(p * p);
      const r = new Float64Array(p);
      const dm = new Float64Array(p);
      for (let b = 0; b < blocks; b++) {
        const o = (b * slots + slot) * width;
        const wb = sums[o]!;
        if (!include[b] || !(wb > 0)) continue;
        const dy = sums[o + 1]! - my;
        for (let a = 0; a < p; a++) dm[a] = sums[o + 2 + a]! - m[a]!;
        let t = o + 2 + 2 * p;
        for (let a = 0; a < p; a++) {
          r[a]! += sums[o + 2 + p + a]! + wb * dm[a]! * dy;
          for (let c = 0; c <= a; c++) g[a * p + c]! += sums[t++]! + wb * dm[a]! * dm[c]!;
        }
      }
      return ridgeFromCentered(g, r, m, my, p, lambda);
    },
  };
}
