// Chebyshev interpolation on an interval (internal): the fit at Chebyshev points of the first kind, an adaptive degree
// with a relative tolerance, and Clenshaw's evaluation. In-house: a few lines, and no npm package offers it on typed
// arrays without per-call allocation.

/**
 * Coefficients c_0..c_{n−1} of the degree n−1 interpolant of `f` on [lo, hi] at the n Chebyshev points of the first
 * kind: f(x) ≈ Σ c_k T_k(s), s = (2x − lo − hi)/(hi − lo). `values` (optional, length n) receives f at the points.
 * @see Trefethen (2019) "Approximation Theory and Approximation Practice", ch. 3 and 8; Press et al., Numerical Recipes §5.8
 * @example chebyshevFit(Math.exp, 0, 1, 16) // |c_15| ~ 1e-20
 */
export function chebyshevFit(f: (x: number) => number, lo: number, hi: number, n: number, values?: Float64Array): Float64Array {
  const fx = values ?? new Float64Array(n);
  const mid = 0.5 * (lo + hi), half = 0.5 * (hi - lo);
  for (let j = 0; j < n; j++) fx[j] = f(mid + half * Math.cos((Math.PI * (j + 0.5)) / n));
  const c = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += fx[j]! * Math.cos((Math.PI * k * (j + 0.5)) / n);
    c[k] = ((k === 0 ? 1 : 2) / n) * s;
  }
  return c;
}

/**
 * An interpolant of `f` on [lo, hi] whose error is below `tol` times the smallest |f| at the points (so a relative
 * error bound where f keeps its sign): the degree doubles from `minPoints` to `maxPoints` until the last three
 * coefficients are below the bound; trailing coefficients whose sum stays below a tenth of it are dropped.
 * Undefined when `maxPoints` do not reach the tolerance (or f is not finite): the caller evaluates f directly.
 * @example chebyshevAdaptive((x) => 1 / (2 + x), -1, 1, 1e-14)!.length // about 28
 */
export function chebyshevAdaptive(f: (x: number) => number, lo: number, hi: number, tol: number, minPoints = 16, maxPoints = 64): Float64Array | undefined {
  for (let n = minPoints; n <= maxPoints; n *= 2) {
    const values = new Float64Array(n);
    const c = chebyshevFit(f, lo, hi, n, values);
    let smallest = Infinity;
    for (let j = 0; j < n; j++) {
      const v = Math.abs(values[j]!);
      if (!Number.isFinite(v)) return undefined;
      if (v < smallest) smallest = v;
    }
    const bound = tol * smallest;
    if (Math.abs(c[n - 1]!) + Math.abs(c[n - 2]!) + Math.abs(c[n - 3]!) > bound) continue;
    let keep = n, dropped = 0;
    while (keep > 1 && dropped + Math.abs(c[keep - 1]!) <= 0.1 * bound) dropped += Math.abs(c[--keep]!);
    return c.slice(0, keep);
  }
  return undefined;
}

/**
 * Clenshaw's recurrence for Σ c_k T_k(s) at s = (2x − lo − hi)/(hi − lo), coefficients c[offset .. offset+len).
 * @see Press et al., Numerical Recipes §5.8
 * @example chebyshevEval(chebyshevFit(Math.exp, 0, 1, 16), 0, 16, 0, 1, 0.5) // ≈ e^0.5
 */
export function chebyshevEval(c: Float64Array, offset: number, len: number, lo: number, hi: number, x: number): number {
  const s = (2 * x - lo - hi) / (hi - lo), s2 = 2 * s;
  let b1 = 0, b2 = 0;
  for (let k = offset + len - 1; k > offset; k--) {
    const b0 = s2 * b1 - b2 + c[k]!;
    b2 = b1;
    b1 = b0;
  }
  return s * b1 - b2 + c[offset]!;
}
