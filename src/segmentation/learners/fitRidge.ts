import { solveSpd } from "../../numeric/linearAlgebra.js";
import type { FeatureMatrix } from "../types.js";

/** A linear model y ≈ intercept + x·coefficients. */
export interface LinearModel {
  readonly intercept: number;
  readonly coefficients: Float64Array;
}

export interface FitRidgeOptions {
  /** L2 penalty on the coefficients (the intercept is not penalized). Default 1. */
  lambda?: number;
  /** Row weights (soft segment probabilities, bootstrap counts); default all 1. */
  weights?: Float64Array;
}

/**
 * Weighted ridge regression (Hoerl & Kennard 1970): minimizes Σ wᵢ (yᵢ - b - xᵢ·β)² + λ|β|², solved in closed form
 * through the Cholesky factor of the centered weighted Gram matrix (the intercept is left unpenalized).
 * @see https://doi.org/10.1080/00401706.1970.10488634
 * @example const m = fitRidge({ data, rows, cols }, y, { lambda: 1 }); predictLinear(m, x);
 */
export function fitRidge(x: FeatureMatrix, y: Float64Array, options: FitRidgeOptions = {}): LinearModel {
  const { rows: n, cols: p, data } = x;
  const lambda = options.lambda ?? 1;
  const w = options.weights;
  if (y.length !== n) throw new Error(`target has ${y.length} values for ${n} rows: give one target per row`);
  if (w && w.length !== n) throw new Error(`weights have ${w.length} values for ${n} rows: give one weight per row`);
  if (!(lambda >= 0)) throw new Error(`invalid lambda ${lambda}: use a number ≥ 0`);
  let sw = 0;
  let my = 0;
  const mx = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    if (wi === 0) continue;
    sw += wi;
    my += wi * y[i]!;
    for (let j = 0; j < p; j++) mx[j]! += wi * data[i * p + j]!;
  }
  if (!(sw > 0)) return { intercept: 0, coefficients: new Float64Array(p) };
  my /= sw;
  for (let j = 0; j < p; j++) mx[j]! /= sw;
  const g = new Float64Array(p * p);
  const b = new Float64Array(p);
  const z = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i]! : 1;
    if (wi === 0) continue;
    for (let j = 0; j < p; j++) z[j] = data[i * p + j]! - mx[j]!;
    const r = wi * (y[i]! - my);
    for (let a = 0; a < p; a++) {
      const za = wi * z[a]!;
      b[a]! += r * z[a]!;
      for (let c = 0; c <= a; c++) g[a * p + c]! += za * z[c]!;
    }
  }
  return ridgeFromCentered(g, b, mx, my, p, lambda);
}

/**
 * The ridge solution from centered moments (internal): G (lower triangle filled; mirrored here) and b = Σ w z (y − ȳ)
 * about the weighted means `mx`, `my`; the intercept restores the means.
 */
export function ridgeFromCentered(g: Float64Array, b: Float64Array, mx: Float64Array, my: number, p: number, lambda: number): { intercept: number; coefficients: Float64Array } {
  for (let a = 0; a < p; a++) for (let c = 0; c < a; c++) g[c * p + a] = g[a * p + c]!;
  const coefficients = solveSpd(g, b, p, lambda);
  let intercept = my;
  for (let j = 0; j < p; j++) intercept -= coefficients[j]! * mx[j]!;
  return { intercept, coefficients };
}
