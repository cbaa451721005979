import { digamma, gammaln, trigamma } from "./gamma.js";

/**
 * ln of the rising factorial (Pochhammer symbol) (r)ₓ = Γ(r+x) / Γ(r), and its derivative in r, ψ(r+x) − ψ(r), written
 * into `dr[0]` when given, and its second derivative ψ₁(r+x) − ψ₁(r) into `d2r[0]` when given (for analytic Hessians). For large r with whole x it sums ln(r+j) and 1/(r+j) directly: the difference of two
 * ln Γ values near r·ln r would otherwise lose every digit (at r = 10^12 each is about 3·10^13).
 * @see https://dlmf.nist.gov/5.2#iii (DLMF 5.2.5, Pochhammer's symbol)
 * @example logPochhammer(2, 3); // ln(2·3·4) = ln 24
 */
export function logPochhammer(r: number, x: number, dr?: Float64Array, d2r?: Float64Array): number {
  if (x === 0) {
    if (dr) dr[0] = 0;
    if (d2r) d2r[0] = 0;
    return 0;
  }
  if (r > 1e6 && Number.isInteger(x) && x > 0 && x <= 1e5) {
    let v = 0;
    let d = 0;
    let d2 = 0;
    for (let j = 0; j < x; j++) {
      const u = 1 / (r + j);
      v += Math.log(r + j);
      d += u;
      d2 -= u * u;
    }
    if (dr) dr[0] = d;
    if (d2r) d2r[0] = d2;
    return v;
  }
  if (dr) dr[0] = digamma(r + x) - digamma(r);
  if (d2r) d2r[0] = trigamma(r + x) - trigamma(r);
  return gammaln(r + x) - gammaln(r);
}
