// Inverse of a small symmetric positive-definite matrix (the observed information of a fit, k <= 4).

/**
 * Lower Cholesky factor L (A = L Lᵀ) of a small symmetric positive-definite matrix, row-major; undefined when a
 * pivot is not positive.
 * @see Golub & Van Loan, Matrix Computations (4th ed.), algorithm 4.2.1
 * @example choleskyLower(Float64Array.of(4, 2, 2, 3), 2) // [2, 0, 1, 1.414…]
 */
export function choleskyLower(A: ArrayLike<number>, k: number): Float64Array | undefined {
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j <= i; j++) {
      let s = A[i * k + j]!;
      for (let m = 0; m < j; m++) s -= L[i * k + m]! * L[j * k + m]!;
      if (i === j) {
        if (!(s > 0)) return undefined;
        L[i * k + i] = Math.sqrt(s);
      } else L[i * k + j] = s / L[j * k + j]!;
    }
  return L;
}

/**
 * Inverse of a k × k symmetric positive-definite matrix (row-major) by its Cholesky factor L: A⁻¹ = L⁻ᵀ L⁻¹.
 * Returns undefined when A is not positive definite (a pivot <= 0), which callers read as "no interior maximum".
 * @see Golub & Van Loan, Matrix Computations (4th ed.), section 4.2
 * @example invertSymmetric(Float64Array.of(4, 2, 2, 3), 2) // [0.375, -0.25, -0.25, 0.5]
 */
export function invertSymmetric(A: Float64Array, k: number): Float64Array | undefined {
  const L = choleskyLower(A, k);
  if (!L) return undefined;
  // inverse of L, then L^-T L^-1
  const Li = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    Li[i * k + i] = 1 / L[i * k + i]!;
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let m = j; m < i; m++) s -= L[i * k + m]! * Li[m * k + j]!;
      Li[i * k + j] = s / L[i * k + i]!;
    }
  }
  const inv = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let m = Math.max(i, j); m < k; m++) s += Li[m * k + i]! * Li[m * k + j]!;
      inv[i * k + j] = s;
    }
  return inv;
}

