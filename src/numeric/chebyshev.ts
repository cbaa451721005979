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
  return chebyshevCoefficients(fx);
}

/**
 * Coefficients from values at the n Chebyshev points of the first kind. T_k(x_j) = cos(π k(2j+1)/(2n)) is read from a
 * table of cos(π m/(2n)), m = k(2j+1) mod 4n: exact cosines (a recurrence in k would add rounding growing with k), and
 * 4n cos calls instead of n².
 */
function chebyshevCoefficients(fx: Float64Array): Float64Array {
  const n = fx.length, period = 4 * n;
  const cosine = new Float64Array(period);
  for (let m = 0; m < period; m++) cosine[m] = Math.cos((Math.PI * m) / (2 * n));
  const c = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sum = 0;
    for (let j = 0, m = k; j < n; j++, m = (m + 2 * k) % period) sum += fx[j]! * cosine[m]!;
    c[k] = ((k === 0 ? 1 : 2) / n) * sum;
  }
  return c;
}

/**
 * An interpolant of `f` on [lo, hi] whose error is below `tol` times the smallest |f| at the points (so a relative
 * error bound where f keeps its sign): the points triple from `minPoints` (first-kind points nest under tripling, so
 * every value is reused) up to `maxPoints` until the last three coefficients are below the bound; trailing
 * coefficients whose sum stays below half of it are dropped. Undefined when `maxPoints` do not reach the tolerance
 * (or f is not finite): the caller evaluates f directly.
 * @example chebyshevAdaptive((x) => 1 / (2 + x), -1, 1, 1e-14)!.length // about 28
 */
export function chebyshevAdaptive(f: (x: number) => number, lo: number, hi: number, tol: number, minPoints = 15, maxPoints = 135): Float64Array | undefined {
  const mid = 0.5 * (lo + hi), half = 0.5 * (hi - lo);
  let prev: Float64Array | undefined;
  for (let n = minPoints; n <= maxPoints; n *= 3) {
    const values = new Float64Array(n);
    let smallest = Infinity;
    for (let j = 0; j < n; j++) {
      // Point j of n is point (j − 1)/3 of n/3 when j ≡ 1 (mod 3).
      const v = prev && j % 3 === 1 ? prev[(j - 1) / 3]! : f(mid + half * Math.cos((Math.PI * (j + 0.5)) / n));
      if (!Number.isFinite(v)) return undefined;
      values[j] = v;
      if (Math.abs(v) < smallest) smallest = Math.abs(v);
    }
    prev = values;
    const c = chebyshevCoefficients(values);
    const bound = tol * smallest;
    if (Math.abs(c[n - 1]!) + Math.abs(c[n - 2]!) + Math.abs(c[n - 3]!) > bound) continue;
    let keep = n, dropped = 0;
    while (keep > 1 && dropped + Math.abs(c[keep - 1]!) <= 0.5 * bound) dropped += Math.abs(c[--keep]!);
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
