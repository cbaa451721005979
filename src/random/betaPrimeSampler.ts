/**
 * A beta-prime sampler on a uniform stream: the ratio X / Y of independent Gamma(a) and Gamma(b) variables, as
 * w / b from Cheng's (1978) algorithm BB for Beta(a, b) (X / (X + Y) = w / (b + w)) when both shapes exceed 1: two
 * uniforms, a logarithm and an exponential per draw where two gamma draws take about five uniforms. Other shapes (and
 * BB's) fall back on `gamma(a) / gamma(b)`. In-house: no package offers it on a given uniform stream.
 * @see https://doi.org/10.1145/359460.359482 (Cheng 1978, Generating beta variates with nonintegral shape parameters)
 * @example const ratio = betaPrimeSampler(Math.random, gammaSampler(Math.random)); ratio(6, 4); // Gamma(6) / Gamma(4)
 */
export function betaPrimeSampler(uniform: () => number, gamma: (shape: number) => number): (a: number, b: number) => number {
  return (a0: number, b0: number): number => {
    if (!(a0 > 1 && b0 > 1) || a0 === Infinity || b0 === Infinity) return gamma(a0) / gamma(b0);
    const swap = a0 > b0;
    const a = swap ? b0 : a0;
    const b = swap ? a0 : b0;
    const alpha = a + b;
    const beta = Math.sqrt((alpha - 2) / (2 * a * b - alpha));
    const gam = a + 1 / beta;
    for (;;) {
      const u1 = uniform();
      const u2 = uniform();
      if (!(u1 > 0)) continue;
      const v = beta * Math.log(u1 / (1 - u1));
      const w = a * Math.exp(v);
      const z = u1 * u1 * u2;
      const r = gam * v - 1.3862943611198906; // log 4
      const s = a + r - w;
      if (s + 2.6094379124341005 < 5 * z) {
        // 1 + log 5 = 2.609...: the squeeze failed; the exact tests.
        const t = Math.log(z);
        if (!(s > t) && !(r + alpha * Math.log(alpha / (b + w)) >= t)) continue;
      }
      // Beta(a, b) = w / (b + w): its odds w / b; with the shapes swapped, the reciprocal.
      return swap ? b / w : w / b;
    }
  };
}
