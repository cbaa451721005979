import { gammaln } from "../numeric/special/gamma.js";

/**
 * A Poisson sampler on a uniform stream: inversion by sequential search for means below 10, and Hörmann's (1993)
 * transformed rejection with squeeze (PTRS) above, both exact; one or two uniforms per draw for large means instead of
 * a number growing with the mean. In-house: @stdlib's sampler checks its arguments on every call and uses Knuth's
 * product method below mean 10 (one uniform per unit of mean).
 * @see https://doi.org/10.1016/0167-6687(93)90997-4 (Hörmann 1993, The transformed rejection method for generating Poisson random variables)
 * @example const p = poissonSampler(Math.random); p(42);
 */
export function poissonSampler(uniform: () => number): (lambda: number) => number {
  return (lambda: number): number => {
    if (!(lambda > 0)) return lambda === 0 ? 0 : NaN;
    if (lambda < 10) {
      const p0 = Math.exp(-lambda);
      draw: for (;;) {
        const u = uniform();
        let k = 0;
        let p = p0;
        let F = p0;
        while (u > F) {
          k++;
          p *= lambda / k;
          F += p;
          // The cumulative sum stalled below u by rounding (probability ~1e-16): draw again rather than return a wild count.
          if (p < 1e-300) continue draw;
        }
        return k;
      }
    }
    if (lambda === Infinity) return NaN;
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const U = uniform() - 0.5;
      const V = uniform();
      const us = 0.5 - Math.abs(U);
      const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
      if (us >= 0.07 && V <= vr) return k;
      if (k < 0 || (us < 0.013 && V > us)) continue;
      if (Math.log(V) + logInvAlpha - Math.log(a / (us * us) + b) <= -lambda + k * loglam - gammaln(k + 1)) return k;
    }
  };
}
