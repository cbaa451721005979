// Negative binomial (gamma-Poisson) counts shared by the BG/NBD family and Pareto/NBD (internal).
import { gammaln } from "../numeric/special/gamma.js";
import { logPochhammer } from "../numeric/special/logPochhammer.js";

/** ln P(N(t) = n) for N(t) ~ NBD(r, alpha): Poisson(λt) with λ ~ Gamma(r, rate alpha). */
export function logNbdPmf(n: number, r: number, alpha: number, t: number): number {
  if (t === 0) return n === 0 ? 0 : -Infinity;
  // Large r (the homogeneous-Poisson limit r, α → ∞): Pochhammer symbol and α^r folded in, so nothing cancels.
  if (r > 1e4) return logPochhammer(r, n) - gammaln(n + 1) - r * Math.log1p(t / alpha) + n * Math.log(t / (alpha + t));
  return gammaln(r + n) - gammaln(r) - gammaln(n + 1) + r * Math.log(alpha / (alpha + t)) + n * Math.log(t / (alpha + t));
}

/** P(N(t) >= n) for the NBD, summing whichever side is smaller so small tails keep their precision. */
export function nbdTail(n: number, r: number, alpha: number, t: number): number {
  if (n <= 0) return 1;
  if (t === 0) return 0;
  let head = 0;
  for (let j = 0; j < n; j++) head += Math.exp(logNbdPmf(j, r, alpha, t));
  if (head < 0.5) return 1 - head;
  // Sum the tail: terms rise to the mode then fall geometrically with ratio (r+j)/(j+1) · t/(α+t).
  const q = t / (alpha + t);
  let term = Math.exp(logNbdPmf(n, r, alpha, t));
  let tail = 0;
  for (let j = n; j < n + 10_000_000; j++) {
    tail += term;
    const ratio = ((r + j) / (j + 1)) * q;
    term *= ratio;
    if (ratio < 1 && term < 1e-17 * tail) break;
  }
  return tail;
}
