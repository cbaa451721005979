/**
 * A standard-gamma sampler (rate 1) on a uniform stream: Marsaglia & Tsang's (2000) squeeze-and-reject method with
 * standard normals from Marsaglia's polar method; shapes below 1 by their boost G(a) = G(a + 1)·U^(1/a). In-house:
 * @stdlib's sampler checks its arguments and rebuilds its constants on every call, which dominated the predictive draws.
 * @see https://doi.org/10.1145/358407.358414 (Marsaglia & Tsang 2000, A simple method for generating gamma variables)
 * @example const g = gammaSampler(Math.random); g(2.5) / 3; // one Gamma(shape 2.5, rate 3) draw
 */
export function gammaSampler(uniform: () => number): (shape: number) => number {
  // The polar method yields normals in pairs: the second waits here for the next call.
  let spare = 0;
  let hasSpare = false;
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * m;
    hasSpare = true;
    return u * m;
  };
  const gamma = (shape: number): number => {
    if (!(shape > 0) || shape === Infinity) return NaN;
    if (shape < 1) return gamma(shape + 1) * Math.exp(Math.log(uniform()) / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  };
  return gamma;
}
