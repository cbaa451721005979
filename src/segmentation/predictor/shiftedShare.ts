import type { FeatureMatrix } from "../types.js";

/**
 * Per column, the share of `target` rows outside the 1st–99th percentile range of the same column in `reference`:
 * 0 when the two samples cover the same range, 1 when every target row lies beyond the reference (a model fitted on
 * the reference would extrapolate). The stacked predictor's covariate-shift guard.
 * @see https://doi.org/10.1016/S0378-3758(00)00115-4 (Shimodaira 2000, covariate shift)
 * @example shiftedShare({ data: Float64Array.of(0, 1, 2), rows: 3, cols: 1 }, { data: Float64Array.of(5), rows: 1, cols: 1 }); // Float64Array [1]
 */
export function shiftedShare(reference: FeatureMatrix, target: FeatureMatrix): Float64Array {
  if (reference.cols !== target.cols) throw new Error(`column counts differ (${reference.cols} vs ${target.cols}): give matrices of the same features`);
  if (reference.rows === 0 || target.rows === 0) throw new Error("empty matrix: give at least one row in each");
  const { cols } = reference;
  const out = new Float64Array(cols);
  const col = new Float64Array(reference.rows);
  for (let j = 0; j < cols; j++) {
    for (let i = 0; i < reference.rows; i++) col[i] = reference.data[i * cols + j]!;
    col.sort();
    const lo = col[Math.floor(0.01 * (reference.rows - 1))]!;
    const hi = col[Math.ceil(0.99 * (reference.rows - 1))]!;
    let outside = 0;
    for (let i = 0; i < target.rows; i++) {
      const v = target.data[i * cols + j]!;
      if (v < lo || v > hi) outside++;
    }
    out[j] = outside / target.rows;
  }
  return out;
}
