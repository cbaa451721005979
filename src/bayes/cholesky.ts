// Cholesky factor of a small symmetric matrix (internal; the metrics and covariances here are 3×3 or 4×4).

/** Lower-triangular L with S = L Lᵀ (k×k row-major), or undefined when S is not positive definite. */
export function choleskyLower(S: Float64Array, k: number): Float64Array | undefined {
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j <= i; j++) {
      let s = S[i * k + j]!;
      for (let m = 0; m < j; m++) s -= L[i * k + m]! * L[j * k + m]!;
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return undefined;
        L[i * k + i] = Math.sqrt(s);
      } else L[i * k + j] = s / L[j * k + j]!;
    }
  return L;
}
