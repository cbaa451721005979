import gammainc from "@stdlib/math-base-special-gammainc";

/**
 * Smallest k with P(X ≤ k) ≥ p for X ~ Poisson(λ), using P(X ≤ k) = Q(k + 1, λ), the regularised upper incomplete
 * gamma function (@stdlib); the search starts at the normal approximation.
 * @see Johnson, Kemp & Kotz (2005), Univariate Discrete Distributions, §4.2 (Poisson–gamma relation)
 * @example poissonQuantile(0.975, 100) // 120
 */
export function poissonQuantile(p: number, lambda: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`invalid probability ${p}: use a number in (0, 1)`);
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new Error(`invalid poisson mean ${lambda}: use a finite number >= 0`);
  if (lambda === 0) return 0;
  const cdf = (k: number) => gammainc(lambda, k + 1, true, true);
  // Normal start (with the two-sided z of p by bisection on the erf-free logistic bound is not needed: step from there).
  let k = Math.max(0, Math.floor(lambda + normalZ(p) * Math.sqrt(lambda)));
  if (cdf(k) >= p) {
    while (k > 0 && cdf(k - 1) >= p) k--;
  } else {
    while (cdf(k) < p) k++;
  }
  return k;
}

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalZ(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -normalZ(1 - p);
  const q = p - 0.5, r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
