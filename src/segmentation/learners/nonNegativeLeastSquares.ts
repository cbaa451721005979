import { solveAugmented } from "../../numeric/linearAlgebra.js";
import type { FeatureMatrix } from "../types.js";

export interface NonNegativeLeastSquaresOptions {
  /** Ridge penalty λ|w|². Default 0. */
  lambda?: number;
  /** Row weights; default all 1. */
  weights?: Float64Array;
  /** Constrain the weights to sum to 1 (a convex combination, so the fit's total stays within the columns' totals). Default false. */
  sumToOne?: boolean;
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
  return nonNegativeGram(g, b, p, options);
}

/** Minimizes ½βᵀGβ − bᵀβ over β ≥ 0 (or the simplex with `sumToOne`) given the Gram matrix G (penalty included) and b = Zᵀy. */
export function nonNegativeGram(g: Float64Array, b: Float64Array, p: number, options: Pick<NonNegativeLeastSquaresOptions, "sumToOne" | "tolerance" | "maxSweeps"> = {}): Float64Array {
  if (options.sumToOne) return convexGram(g, b, p);
  return nnlsGram(g, b, p, options.tolerance ?? 1e-12, options.maxSweeps ?? 100_000);
}

/**
 * Minimizes ½βᵀGβ − bᵀβ over the simplex (β ≥ 0, Σβ = 1) exactly, by trying every support: for each subset of
 * coordinates, the equality-constrained minimum from its KKT system; the best one with β ≥ 0 wins. For the handful of
 * base learners of a stack (2^p systems of size ≤ p + 1); in-house, as no kept library solves small simplex QPs.
 */
export function convexGram(g: Float64Array, b: Float64Array, p: number): Float64Array {
  if (p > 16) throw new Error(`convex weights over ${p} columns: at most 16 are supported`);
  // Scale G and b together (the minimizer is unchanged) so the KKT systems mix O(1) entries with the 1s of the constraint.
  let d = 0;
  for (let a = 0; a < p; a++) d = Math.max(d, g[a * p + a]!);
  if (!(d > 0)) throw new Error("convex weights: every column is zero");
  g = g.map((v) => v / d);
  b = b.map((v) => v / d);
  let best: Float64Array | undefined;
  let bestValue = Infinity;
  for (let mask = 1; mask < 1 << p; mask++) {
    const idx: number[] = [];
    for (let j = 0; j < p; j++) if (mask & (1 << j)) idx.push(j);
    const s = idx.length;
    // KKT: [G_SS 1; 1ᵀ 0] [β_S; ν] = [b_S; 1].
    const m = s + 1;
    const a = new Float64Array(m * (m + 1));
    idx.forEach((u, r) => {
      idx.forEach((v, c) => (a[r * (m + 1) + c] = g[u * p + v]!));
      a[r * (m + 1) + s] = 1;
      a[r * (m + 1) + m] = b[u]!;
    });
    for (let c = 0; c < s; c++) a[s * (m + 1) + c] = 1;
    a[s * (m + 1) + m] = 1;
    const x = solveAugmented(a, m);
    if (!x) continue;
    const beta = new Float64Array(p);
    let ok = true;
    idx.forEach((u, r) => {
      if (x[r]! < -1e-12) ok = false;
      beta[u] = Math.max(0, x[r]!);
    });
    if (!ok) continue;
    let value = 0;
    for (let u = 0; u < p; u++) {
      if (beta[u] === 0) continue;
      value -= b[u]! * beta[u]!;
      for (let v = 0; v < p; v++) value += 0.5 * beta[u]! * g[u * p + v]! * beta[v]!;
    }
    if (value < bestValue) {
      bestValue = value;
      best = beta;
    }
  }
  if (!best) throw new Error("convex weights: no support gave a solution (the Gram matrix is degenerate)");
  return best;
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
