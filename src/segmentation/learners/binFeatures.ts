// Feature binning for the histogram trees: quantile bin edges per feature and each row's bin code.
import type { FeatureMatrix } from "../types.js";
import { orderStatistics } from "./orderStatistics.js";

/** Quantile bin edges per feature and each row's bin code, row-major (a row's codes share a cache line in the histogram pass); `finite` when no value is NaN or infinite. */
export function binFeatures(x: FeatureMatrix, nBins: number): { edges: Float64Array[]; codes: Uint8Array; finite: boolean } {
  const { rows: n, cols: d, data } = x;
  const edges: Float64Array[] = [];
  const codes = new Uint8Array(n * d);
  const col = new Float64Array(n);
  let finite = true;
  for (let f = 0; f < d; f++) {
    for (let i = 0; i < n; i++) {
      const v = (col[i] = data[i * d + f]!);
      if (!Number.isFinite(v)) finite = false;
    }
    const positions: number[] = [];
    for (let b = 1; b < nBins; b++) positions.push(Math.min(n - 1, Math.floor((b * n) / nBins)));
    const ranked = orderStatistics(Float64Array.from(col), positions);
    const e: number[] = [];
    for (const v of ranked) if (e.length === 0 || v > e[e.length - 1]!) e.push(v);
    // Edge b separates codes ≤ b from > b: x ≤ e[b] has code ≤ b.
    const ef = Float64Array.from(e);
    edges.push(ef);
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      let lo = 0;
      let hi = ef.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (v <= ef[mid]!) hi = mid;
        else lo = mid + 1;
      }
      codes[i * d + f] = lo;
    }
  }
  return { edges, codes, finite };
}
