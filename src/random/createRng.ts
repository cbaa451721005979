import mt19937 from "@stdlib/random-base-mt19937";
import gammaDist from "@stdlib/random-base-gamma";
import betaDist from "@stdlib/random-base-beta";
import normalDist from "@stdlib/random-base-normal";
import poissonDist from "@stdlib/random-base-poisson";
import exponentialDist from "@stdlib/random-base-exponential";
import { gammaSampler } from "./gammaSampler.js";
import { poissonSampler } from "./poissonSampler.js";
import { betaPrimeSampler } from "./betaPrimeSampler.js";

/** A seeded random source. Every random procedure in clvlab takes one (or a seed); there is no global random state. */
export interface Rng {
  /** The seed this generator started from. */
  readonly seed: number;
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Uniform integer on [0, n). */
  int(n: number): number;
  normal(mean: number, sd: number): number;
  /** Gamma with shape and *rate* (mean shape / rate), the BTYD convention. */
  gamma(shape: number, rate: number): number;
  beta(a: number, b: number): number;
  poisson(lambda: number): number;
  /** Exponential with rate (mean 1 / rate). */
  exponential(rate: number): number;
  /**
   * Gamma with shape and rate, as `gamma`, by Marsaglia & Tsang's method (in-house, several times faster): the same
   * distribution from a different sequence of draws, so seeded results differ from `gamma`'s.
   */
  gammaFast(shape: number, rate: number): number;
  /**
   * Poisson, as `poisson`, by inversion below mean 10 and Hörmann's PTRS above (in-house, several times faster): the same
   * distribution from a different sequence of draws. 0 for a mean of 0.
   */
  poissonFast(lambda: number): number;
  /**
   * Ratio X / Y of independent Gamma(a) and Gamma(b) variables (beta prime), by Cheng's algorithm BB for shapes above 1
   * (in-house, about twice as fast as two `gammaFast` draws), else as that ratio.
   */
  betaPrimeFast(a: number, b: number): number;
  /** A new independent generator derived from this one (for parallel or nested procedures). */
  fork(): Rng;
}

/**
 * Creates a seeded random source on the Mersenne Twister (MT19937) of @stdlib, with its gamma, beta,
 * normal, Poisson and exponential samplers drawing from the same stream, and in-house fast gamma, Poisson and beta-prime samplers.
 * @see https://stdlib.io/docs/api/latest/@stdlib/random/base/mt19937
 * @example const rng = createRng(42); rng.gamma(2, 1);
 */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`invalid seed ${seed}: use an integer in [0, 4294967295]`);
  // MT19937 rejects 0 as a seed; shift it so every integer in range is accepted and distinct.
  const base = mt19937.factory({ seed: (seed % 0xfffffffe) + 1 });
  // The runtime object carries `normalized` (uniform [0,1)); its published types omit it.
  const prng = (base as unknown as { normalized: () => number }).normalized;
  const g = gammaDist.factory({ prng });
  const b = betaDist.factory({ prng });
  const n = normalDist.factory({ prng });
  const p = poissonDist.factory({ prng });
  const e = exponentialDist.factory({ prng });
  const gf = gammaSampler(prng);
  const pf = poissonSampler(prng);
  const bp = betaPrimeSampler(prng, gf);
  return {
    seed,
    uniform: () => prng(),
    int: (k) => Math.floor(prng() * k),
    normal: (mean, sd) => n(mean, sd),
    gamma: (shape, rate) => g(shape, rate),
    beta: (a, c) => b(a, c),
    poisson: (lambda) => (lambda > 0 ? p(lambda) : 0),
    exponential: (rate) => e(rate),
    gammaFast: (shape, rate) => (rate > 0 ? gf(shape) / rate : NaN),
    poissonFast: (lambda) => pf(lambda),
    betaPrimeFast: (a, c) => bp(a, c),
    fork: () => createRng(base() >>> 0),
  };
}
