// Warm-up draws estimate the posterior covariance, which becomes the inverse metric so HMC moves well on correlated targets.

/** Welford mean and covariance of the draws in one adaptation window, regularised as Stan does. */
export class CovarianceEstimator {
  n = 0;
  mean: Float64Array;
  m2: Float64Array;
  constructor(readonly k: number) {
    this.mean = new Float64Array(k);
    this.m2 = new Float64Array(k * k);
  }
  reset(): void {
    this.n = 0;
    this.mean.fill(0);
    this.m2.fill(0);
  }
  add(q: Float64Array): void {
    const k = this.k;
    this.n++;
    const d = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      d[i] = q[i]! - this.mean[i]!;
      this.mean[i] = this.mean[i]! + d[i]! / this.n;
    }
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) this.m2[i * k + j] = this.m2[i * k + j]! + d[i]! * (q[j]! - this.mean[j]!);
  }
  /** (n/(n+5))·S + 1e-3·(5/(n+5))·I, S the sample covariance (Stan's shrinkage toward a small identity). */
  regularized(dense: boolean): Float64Array {
    const k = this.k, n = this.n, S = new Float64Array(k * k);
    const a = n / (n + 5), b = 1e-3 * (5 / (n + 5));
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) {
        if (!dense && i !== j) continue;
        S[i * k + j] = (a * this.m2[i * k + j]!) / Math.max(n - 1, 1) + (i === j ? b : 0);
      }
    return S;
  }
}
