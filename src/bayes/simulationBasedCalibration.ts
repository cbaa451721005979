import { MODEL_IDS } from "../models/modelIds.js";
import type { TimeUnit } from "../data/types.js";
import { fitBgNbd } from "../models/bgNbd.js";
import { createRng } from "../random/createRng.js";
import { simulateBgNbd } from "../synthetic/simulateBgNbd.js";
import { resolvePriors, type PriorSet } from "./defaultPriors.js";
import { samplePrior } from "./priors.js";

/** Options of {@link simulationBasedCalibration}. */
export interface SbcOptions {
  /** Simulated data sets (default 100). */
  replicates?: number;
  /** Customers per data set (default 300). */
  customers?: number;
  /** Observation window T per customer, in `timeUnit` (default uniform on [20, 40] weeks). */
  T?: { min: number; max: number };
  timeUnit?: TimeUnit;
  /** Posterior draws ranked against the truth (default 19, giving ranks 0…19). */
  draws?: number;
  /** "laplace" (default, fast) or "mcmc" (then `draws` are thinned from 2 chains of `mcmcDraws`). */
  method?: "laplace" | "mcmc";
  mcmcDraws?: number;
  /** Histogram bins of the χ² uniformity statistic (default 5). */
  bins?: number;
  /** Priors the parameters are drawn from (defaults of `defaultPriors`). */
  prior?: Partial<PriorSet>;
  /** Priors of the fit, when they differ from `prior` (a miscalibration check); default `prior`. */
  fitPrior?: Partial<PriorSet>;
  seed: number;
}

/** Ranks per parameter and their χ² uniformity statistic (df = bins − 1). */
export interface SbcResult {
  parameters: string[];
  ranks: Record<string, Int32Array>;
  /** Σ (O − E)²/E over the rank histogram, per parameter. */
  chiSquare: Record<string, number>;
  degreesOfFreedom: number;
  draws: number;
  replicates: number;
  /** Replicates whose fit failed (counted, not ranked). */
  failed: number;
}

/**
 * Simulation-based calibration of the BG/NBD fit (Talts, Betancourt, Simpson, Vehtari & Gelman 2018): draw
 * parameters from the prior, simulate customers, fit, and rank the true value among posterior draws. A calibrated
 * posterior gives uniform ranks; the χ² statistic over `bins` equal bins has bins − 1 degrees of freedom.
 * @see https://arxiv.org/abs/1804.06788
 * @example simulationBasedCalibration({ replicates: 50, seed: 1 }).chiSquare.r
 */
export function simulationBasedCalibration(options: SbcOptions): SbcResult {
  const R = options.replicates ?? 100;
  const L = options.draws ?? 19;
  const bins = options.bins ?? 5;
  const unit = options.timeUnit ?? "weeks";
  if ((L + 1) % bins !== 0) throw new Error(`invalid bins ${bins}: draws + 1 (${L + 1}) must be a multiple of bins`);
  const priors = resolvePriors(MODEL_IDS.bgNbd, unit, options.prior);
  const rng = createRng(options.seed);
  const names = ["r", "alpha", "a", "b"];
  const fitPrior = (options.fitPrior ?? options.prior) as PriorSet | undefined;
  const ranks: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  let failed = 0;
  for (let rep = 0; rep < R; rep++) {
    const v: Record<string, number> = {};
    for (const [k, spec] of Object.entries(priors)) v[k] = samplePrior(spec, rng);
    const truth = "phi" in v ? { r: v.r!, alpha: v.alpha!, a: v.phi! * v.kappa!, b: (1 - v.phi!) * v.kappa! } : { r: v.r!, alpha: v.alpha!, a: v.a!, b: v.b! };
    const sim = simulateBgNbd(truth, { seed: rng.int(0xffffffff), customers: options.customers ?? 300, T: options.T ?? { min: 20, max: 40 }, timeUnit: unit });
    const seed = rng.int(0xffffffff);
    let draws: Record<string, Float64Array>;
    try {
      const fit = options.method === "mcmc"
        ? fitBgNbd(sim.summary, { method: "mcmc", chains: 2, warmup: options.mcmcDraws ?? 200, draws: options.mcmcDraws ?? 200, seed, prior: fitPrior, threads: 1 })
        : fitBgNbd(sim.summary, { method: "laplace", draws: L, seed, prior: fitPrior });
      const post = fit.posterior!;
      const idx = post.drawIndices(L);
      draws = Object.fromEntries(names.map((n) => [n, Float64Array.from(idx, (j) => post.params(j)[n]!)]));
    } catch {
      failed++;
      continue;
    }
    for (const n of names) {
      let r = 0;
      for (const d of draws[n]!) if (d < (truth as Record<string, number>)[n]!) r++;
      ranks[n]!.push(r);
    }
  }
  const chiSquare: Record<string, number> = {};
  for (const n of names) {
    const counts = new Array<number>(bins).fill(0);
    for (const r of ranks[n]!) counts[Math.floor((r * bins) / (L + 1))]!++;
    const E = ranks[n]!.length / bins;
    chiSquare[n] = counts.reduce((s, o) => s + (o - E) ** 2 / E, 0);
  }
  return { parameters: names, ranks: Object.fromEntries(names.map((n) => [n, Int32Array.from(ranks[n]!)])), chiSquare, degreesOfFreedom: bins - 1, draws: L, replicates: R, failed };
}
