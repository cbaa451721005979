/**
 * ln (r)ₓ = ln Γ(r+x)/Γ(r) and its derivative ψ(r+x) − ψ(r) for every whole x from 0 to `max` at once, by the
 * recurrence (r)ₓ₊₁ = (r)ₓ·(r+x): `max` logarithms and divisions instead of two ln Γ and two ψ per x, which pays when
 * a likelihood needs many frequencies at the same r (CDNOW: 23 distinct frequencies up to 29). Summing ln(r+j) also
 * keeps every digit for large r, where the difference of two ln Γ values cancels. Fills v[0..max] and d[0..max], and
 * the second derivative ψ₁(r+x) − ψ₁(r) = −Σ 1/(r+j)² into d2[0..max] when given (analytic Hessians).
 * @see https://dlmf.nist.gov/5.2#iii (DLMF 5.2.5, Pochhammer's symbol)
 * @example const v = new Float64Array(4), d = new Float64Array(4); logPochhammerTable(2, 3, v, d); // v[3] = ln 24
 */
export function logPochhammerTable(r: number, max: number, v: Float64Array, d: Float64Array, d2?: Float64Array): void {
  let sv = 0, sd = 0, s2 = 0;
  v[0] = 0;
  d[0] = 0;
  if (d2) d2[0] = 0;
  for (let j = 0; j < max; j++) {
    sv += Math.log(r + j);
    sd += 1 / (r + j);
    v[j + 1] = sv;
    d[j + 1] = sd;
    if (d2) {
      const u = 1 / (r + j);
      s2 -= u * u;
      d2[j + 1] = s2;
    }
  }
}
