// Dense small linear algebra (ridge and mixture covariances, Hessian inversion, the convex meta-weights' KKT systems).
// Typed-array kernels in-house rather than ml-matrix: ml-matrix's Cholesky and LU accumulate in another order, so they
// change fitted values in the last bits (every published figure must stay byte-identical), and its Matrix objects cost
// more than these loops on the mixture's E/M steps, the hot path (bench/linearAlgebra.bench.mjs).

/**
 * Cholesky factor A = L Lᵀ of the d×d symmetric matrix stored row-major at `a[off..]`, written (lower, upper zeroed)
 * to `out[outOff..]`. Returns false when A is not positive definite.
 * @see Golub & Van Loan (2013), Matrix Computations, 4th ed., algorithm 4.2.1
 * @example const l = new Float64Array(4); cholesky(Float64Array.of(4, 2, 2, 5), 0, 2, l, 0); // l = [2, 0, 1, 2]
 */
export function cholesky(a: Float64Array, off: number, d: number, out: Float64Array, outOff: number): boolean {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[off + i * d + j]!;
      for (let l = 0; l < j; l++) s -= out[outOff + i * d + l]! * out[outOff + j * d + l]!;
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return false;
        out[outOff + i * d + i] = Math.sqrt(s);
      } else out[outOff + i * d + j] = s / out[outOff + j * d + j]!;
    }
    for (let j = i + 1; j < d; j++) out[outOff + i * d + j] = 0;
  }
  return true;
}

/**
 * Makes the k×k row-major matrix H symmetric in place by averaging each off-diagonal pair, (H + Hᵀ) / 2, as finite-
 * difference Hessians need; returns H.
 * @see Nocedal & Wright (2006), Numerical Optimization, 2nd ed., section 8.1
 * @example symmetrize(Float64Array.of(1, 2, 4, 3), 2); // [1, 3, 3, 3]
 */
export function symmetrize(H: Float64Array, k: number): Float64Array {
  for (let i = 0; i < k; i++)
    for (let j = 0; j < i; j++) {
      const v = (H[i * k + j]! + H[j * k + i]!) / 2;
      H[i * k + j] = v;
      H[j * k + i] = v;
    }
  return H;
}

/**
 * Solves (G + λI) β = b for a symmetric positive semi-definite p×p matrix G by Cholesky and two triangular solves; when
 * G + λI is not positive definite, adds a growing jitter to the diagonal (10⁻¹² of the mean diagonal, then ×10).
 * @see Golub & Van Loan (2013), Matrix Computations, 4th ed., section 4.2
 * @example solveSpd(Float64Array.of(4, 2, 2, 5), Float64Array.of(2, 3), 2, 0); // [0.25, 0.5]
 */
export function solveSpd(g: Float64Array, b: Float64Array, p: number, lambda: number): Float64Array {
  const a = new Float64Array(g);
  let trace = 0;
  for (let j = 0; j < p; j++) trace += g[j * p + j]!;
  let jitter = lambda;
  const l = new Float64Array(p * p);
  for (let attempt = 0; ; attempt++) {
    for (let j = 0; j < p; j++) a[j * p + j] = g[j * p + j]! + jitter;
    if (cholesky(a, 0, p, l, 0)) break;
    if (attempt > 30) throw new Error("ridge: the Gram matrix is not positive definite even with jitter: check the features for NaN or infinite values");
    jitter = Math.max(jitter * 10, 1e-12 * (trace / p || 1));
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * y[k]!;
    y[i] = s / l[i * p + i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * x[k]!;
    x[i] = s / l[i * p + i]!;
  }
  return x;
}

/**
 * Lower Cholesky factor L (A = L Lᵀ) of a small symmetric positive-definite k×k matrix, row-major; undefined when
 * a pivot is not positive.
 * @see Golub & Van Loan (2013), Matrix Computations, 4th ed., algorithm 4.2.1
 * @example choleskyLower(Float64Array.of(4, 2, 2, 3), 2); // [2, 0, 1, 1.414…]
 */
export function choleskyLower(A: ArrayLike<number>, k: number): Float64Array | undefined {
  const L = new Float64Array(k * k);
  return cholesky(A instanceof Float64Array ? A : Float64Array.from(A), 0, k, L, 0) ? L : undefined;
}

/**
 * Inverse of a small symmetric positive-definite k×k matrix through its Cholesky factor (A⁻¹ = L⁻ᵀ L⁻¹); undefined
 * when A is not positive definite.
 * @see Golub & Van Loan (2013), Matrix Computations, 4th ed., section 4.2
 * @example invertSymmetric(Float64Array.of(4, 2, 2, 5), 2); // [0.3125, -0.125, -0.125, 0.25]
 */
export function invertSymmetric(A: Float64Array, k: number): Float64Array | undefined {
  const L = new Float64Array(k * k);
  if (!cholesky(A, 0, k, L, 0)) return undefined;
  const Li = new Float64Array(k * k);
  invertLower(L, 0, k, Li, 0);
  const inv = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let m = Math.max(i, j); m < k; m++) s += Li[m * k + i]! * Li[m * k + j]!;
      inv[i * k + j] = s;
    }
  return inv;
}

/**
 * Solves a general m×m system given as the m × (m + 1) augmented matrix [A | b] (overwritten), by Gauss-Jordan
 * elimination with partial pivoting; undefined when A is singular (a pivot below 10⁻¹³ of A's largest entry).
 * @see Golub & Van Loan (2013), Matrix Computations, 4th ed., section 3.4
 * @example solveAugmented(Float64Array.of(2, 1, 3, 1, 3, 5), 2); // [0.8, 1.4]
 */
export function solveAugmented(a: Float64Array, m: number): Float64Array | undefined {
  const w = m + 1;
  let scale = 0;
  for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) scale = Math.max(scale, Math.abs(a[r * w + c]!));
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(a[r * w + c]!) > Math.abs(a[piv * w + c]!)) piv = r;
    if (!(Math.abs(a[piv * w + c]!) > 1e-13 * scale)) return undefined;
    if (piv !== c) for (let k = 0; k < w; k++) [a[c * w + k], a[piv * w + k]] = [a[piv * w + k]!, a[c * w + k]!];
    for (let r = 0; r < m; r++) {
      if (r === c) continue;
      const f = a[r * w + c]! / a[c * w + c]!;
      if (f !== 0) for (let k = c; k < w; k++) a[r * w + k]! -= f * a[c * w + k]!;
    }
  }
  const x = new Float64Array(m);
  for (let r = 0; r < m; r++) x[r] = a[r * w + m]! / a[r * w + r]!;
  return x;
}

/**
 * Inverse of the d×d lower-triangular matrix L stored row-major at `l[off..]` (non-zero diagonal), written (lower,
 * upper left untouched) to `out[outOff..]`, by forward substitution column by column.
 * @see Golub & Van Loan (2013), Matrix Computations, 4th ed., section 3.1
 * @example const li = new Float64Array(4); invertLower(Float64Array.of(2, 0, 1, 2), 0, 2, li, 0); // li = [0.5, 0, -0.25, 0.5]
 */
export function invertLower(l: Float64Array, off: number, d: number, out: Float64Array, outOff: number): void {
  for (let i = 0; i < d; i++) {
    const di = l[off + i * d + i]!;
    out[outOff + i * d + i] = 1 / di;
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let m = j; m < i; m++) s -= l[off + i * d + m]! * out[outOff + m * d + j]!;
      out[outOff + i * d + j] = s / di;
    }
  }
}
