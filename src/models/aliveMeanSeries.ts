// The edge-exact expected purchases of a customer alive now (BG/NBD family): the published 2F1 form, its rounding
// amplification and the two cancellation-free Pfaff series taken where that form loses its digits.
import hyp2f1 from "@stdlib/math-base-special-hyp2f1";

/**
 * 1 − e^L0 · 2F1(A, B; C; z) for C ≤ 0 (a customer without repeat purchases when a + b < 1), where 2F1 is negative:
 * @stdlib's signed 2F1 (its parameters are then small: no overflow). C > 0 takes the log form in the callers.
 */
export function oneMinusScaled2F1(L0: number, A: number, B: number, C: number, z: number): number {
  return 1 - Math.exp(L0) * hyp2f1(A, B, C, z);
}

/**
 * How much the rounding of L = A·ln(1/(1+u)) + ln 2F1 (each part good to ~1e-16 of its size, the log of a ratio near
 * 1 to ~1e-16 absolute, so ~A·1e-16 after the multiplier) is amplified in 1 − e^L.
 */
export function amplification(A: number, la: number, lf: number, L: number): number {
  return ((A * (1 + Math.abs(la)) + Math.abs(lf)) * Math.exp(L)) / Math.abs(Math.expm1(L));
}

/**
 * Below this a/(C+1) (the mean dropout probability, ≤ 1e-3) the published form amplifies its rounding at least
 * ~C/a ≥ 1e3-fold for u ≲ 1, and the moment series, whose terms fall like (a/(C+1))·u, is taken first.
 */
const FAST_DROPOUT_RATIO = 1e-3;

/** Above this amplification the textbook form has lost more than ~5 of its 16 digits: use the series instead. */
const MAX_AMPLIFICATION = 1e5;

/**
 * Expected purchases in the next t of a customer alive now, with λ ~ Gamma(A, rate c) and dropout probability
 * p ~ Beta(a, C + 1 − a): E_p[(1 − (1 + p·u)^−A) / p] with u = t/c, which equals C/(a−1)·[1 − 2F1(A, a−1; C; −u)]
 * (Pfaff's transformation of Fader, Hardie & Lee 2005, eq. 10). `textbook` gives the published form and its rounding
 * amplification. Where that form cancels (the homogeneous-Poisson limit r, α → ∞; the no-dropout limit a → 0 or
 * b → ∞; a ≈ 1) one of two cancellation-free sums is taken instead (see {@link pfaffSeries}, {@link pfaffSeriesLong}).
 * The result is multiplied by `scale` (the textbook value carries it already).
 * @see https://dlmf.nist.gov/15.8.E1 (Pfaff's transformation)
 */
export function aliveMean(A: number, a: number, C: number, t: number, c: number, textbook: () => [number, number], scale = 1): number {
  // Near the homogeneous-dropout limit a, b → ∞ (and the no-dropout limit a → 0) the published form loses ~log10(C/a)
  // digits (noise an interpolant of S_x cannot fit to 1e-13) and its 2F1 series needs hundreds of terms. There the
  // moment series is taken first when its term ratios, ≤ max(A, 1)·(a + n)·u/C, are ≤ 1/2 for n ≤ 60: alternating,
  // the first term the largest, done within 60 terms (2^−60 < 1e-17 of the sum), so exact to rounding.
  const u = t / c;
  if (C > 0 && a > 0 && a < FAST_DROPOUT_RATIO * (C + 1) && Math.max(A, 1) * (a + 60) * u <= 0.5 * C) {
    const fast = pfaffSeries(A, a, C, u, 2);
    if (Number.isFinite(fast)) return scale * fast;
  }
  let value = NaN, amp = Infinity;
  try {
    [value, amp] = textbook();
  } catch {
    // log2F1 fails (a sum that cancels to a non-positive number) exactly where the sums below are exact.
  }
  if (amp < MAX_AMPLIFICATION && Number.isFinite(value)) return value;
  let series = pfaffSeries(A, a, C, u);
  if (!Number.isFinite(series)) series = pfaffSeriesLong(A, a, C, u);
  return Number.isFinite(series) ? scale * series : value;
}

/**
 * Σ_{n≥1} (−1)^{n+1} (A)_n (a)_{n−1} / ((C+1)_{n−1} n!) uⁿ, the expansion of E_p[(1 − (1+pu)^−A)/p] in the moments
 * E[p^(n−1)]: its first term A·u is the Poisson limit and the others shrink with a/(C+1), so it converges fast where the
 * published form cancels (r, α → ∞; a → 0; b → ∞). NaN when it diverges (u ≥ 1 with small C) or cancels: its largest
 * term above `maxGrowth` times the sum (rounding then ~maxGrowth · 1e-16 relative).
 */
export function pfaffSeries(A: number, a: number, C: number, u: number, maxGrowth = 1e4): number {
  let term = A * u, sum = term, largest = Math.abs(term);
  for (let n = 1; n < 100_000; n++) {
    const ratio = -((A + n) * (a + n - 1) * u) / ((C + n) * (n + 1));
    term *= ratio;
    sum += term;
    if (!Number.isFinite(sum)) return NaN;
    largest = Math.max(largest, Math.abs(term));
    // Alternating and past the peak: the error is below the next term.
    if (Math.abs(ratio) < 1 && Math.abs(term) <= 1e-17 * Math.abs(sum)) return largest <= maxGrowth * Math.abs(sum) ? sum : NaN;
  }
  return NaN;
}

/**
 * The same expectation for any u > 0 through the other Pfaff transformation, argument v = u/(1+u) < 1:
 * C·[(e^((1−a)ℓ) − 1)/(1−a) − (1+u)^(1−a) Σ_{n≥1} (C−A)_n (a)_{n−1} / ((C)_n n!) vⁿ] with ℓ = ln(1+u). Exact as a → 1
 * (the first part tends to ℓ); NaN when the two parts cancel (large C, where {@link pfaffSeries} serves).
 */
export function pfaffSeriesLong(A: number, a: number, C: number, u: number): number {
  const l = Math.log1p(u), k = 1 - a;
  const g = Math.abs(k * l) < 1e-8 ? l * (1 + (k * l) / 2) : Math.expm1(k * l) / k;
  const h = Math.exp(k * l);
  const v = u / (1 + u);
  let term = ((C - A) / C) * v, sum = term;
  for (let n = 1; n < 100_000; n++) {
    const ratio = ((C - A + n) * (a + n - 1) * v) / ((C + n) * (n + 1));
    term *= ratio;
    sum += term;
    if (!Number.isFinite(sum)) return NaN;
    if (Math.abs(ratio) < 1 && Math.abs(term) <= 1e-17 * Math.abs(sum)) {
      const value = C * (g - h * sum);
      return (Math.abs(g) + Math.abs(h * sum)) <= 1e4 * Math.abs(g - h * sum) ? value : NaN;
    }
  }
  return NaN;
}
