import type { FeatureMatrix } from "./types.js";

export interface NonNegativeLeastSquaresOptions {
  /** Ridge penalty λ|w|². Default 0. */
  lambda?: number;
  /** Row weights; default all 1. */
  weights?: Float64Array;
  /** Stop when no coefficient moves more than this. Default 1e-12. */
  tolerance?: number;
  maxSweeps?: number;
}

/**
 * Non-negative (ridge) least squares: minimizes Σ wᵢ (yᵢ - zᵢ·β)² + λ|β|² subject to β ≥ 0, the meta-learner of stacked
 * generalization (Breiman 1996). In-house exact coordinate descent on the Gram matrix (a convex quadratic program, so it
 * reaches the Lawson–Hanson solution); no intercept, as in Breiman's stacking.
 * @see https://doi.org/10.1007/BF00117832 (Breiman 1996, Stacked regressions)
 * @example nonNegativeLeastSquares({ data: Float64Array.of(1, 0, 1, 0, 0, 1), rows: 3, cols: 2 }, Float64Array.of(2, 1, 1)); // [1.5, 1]
 */
export function nonNegativeLeastSquares(z: FeatureMatrix, y: Float64Array, options: NonNegativeLeastSquaresOptions = {}): Float64Array {
  const { rows: n, cols: p, data } = z;
  const lambda = options.lambda ?? 0;
  const w = options.weights;
  if (y.length !== n) throw new Error(`target has ${y.length} values for ${n} rows: give one target per row`);
  if (!(lambda >= 0)) throw new Error(`invalid lambda ${lambda}: use a number ≥ 0`);
  const g = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    if (wi === 0) continue;
    const o = i * p;
    for (let a = 0; a < p; a++) {
      const za = wi * data[o + a]!;
      b[a]! += za * y[i]!;
      for (let c = 0; c <= a; c++) g[a * p + c]! += za * data[o + c]!;
    }
  }
  for (let a = 0; a < p; a++) {
    for (let c = 0; c < a; c++) g[c * p + a] = g[a * p + c]!;
    g[a * p + a]! += lambda;
  }
  return nnlsGram(g, b, p, options.tolerance ?? 1e-12, options.maxSweeps ?? 100_000);
}

/** Coordinate descent for min ½βᵀGβ - bᵀβ, β ≥ 0. */
export function nnlsGram(g: Float64Array, b: Float64Array, p: number, tol = 1e-12, maxSweeps = 100_000): Float64Array {
  const beta = new Float64Array(p);
  const grad = new Float64Array(p); // Gβ
  let scale = 0;
  for (let j = 0; j < p; j++) scale = Math.max(scale, Math.abs(b[j]!) / (g[j * p + j]! || 1));
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let moved = 0;
    for (let j = 0; j < p; j++) {
      const gjj = g[j * p + j]!;
      if (!(gjj > 0)) continue; // an all-zero column gets weight 0
      const next = Math.max(0, beta[j]! + (b[j]! - grad[j]!) / gjj);
      const delta = next - beta[j]!;
      if (delta !== 0) {
        beta[j] = next;
        for (let a = 0; a < p; a++) grad[a]! += g[a * p + j]! * delta;
        moved = Math.max(moved, Math.abs(delta));
      }
    }
    if (moved <= tol * Math.max(1, scale)) break;
  }
  return beta;
}
