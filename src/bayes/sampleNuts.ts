// No maintained JavaScript NUTS/HMC package exists, so the sampler is written here (Stan's algorithm).
import { createRng } from "../random/createRng.js";
import type { LogDensity } from "./target.js";
import { Metric } from "./nutsMetric.js";
import { newPoint } from "./leapfrog.js";
import { Transition } from "./nutsTransition.js";
import { DualAveraging, initStepSize } from "./stepSizeAdaptation.js";
import { CovarianceEstimator } from "./covarianceEstimator.js";
import { WarmupWindows } from "./warmupWindows.js";

/** Settings of one NUTS chain (Stan's defaults unless stated). */
export interface NutsOptions {
  /** Warm-up (tuning) iterations, discarded (default 1000). */
  warmup?: number;
  /** Kept draws (default 1000). */
  draws?: number;
  /** Target mean acceptance of dual averaging (default 0.8). */
  targetAccept?: number;
  /** Maximum tree depth (default 10: at most 1023 leapfrog steps per draw). */
  maxTreeDepth?: number;
  /** Energy error above which a trajectory is divergent (default 1000). */
  maxEnergyError?: number;
  /** Starting inverse metric (covariance of u), k×k row-major; default the identity. Adapted (dense) during warm-up. */
  initialInverseMetric?: Float64Array;
  /** Adapt a dense metric (default true) or a diagonal one. */
  dense?: boolean;
}

/** One chain's output: draws of u (draws × dim, row-major) and per-draw sampler statistics. */
export interface NutsChain {
  dim: number;
  draws: Float64Array;
  logDensity: Float64Array;
  energy: Float64Array;
  treeDepth: Int32Array;
  leapfrogSteps: Int32Array;
  divergent: Uint8Array;
  acceptance: Float64Array;
  /** Step size after warm-up. */
  stepSize: number;
  /** Adapted inverse metric (k×k). */
  inverseMetric: Float64Array;
  maxTreeDepth: number;
  /** Divergent transitions during warm-up (reported, not counted against the draws). */
  warmupDivergences: number;
  /** Log-density and gradient evaluations, warm-up and step-size searches included. */
  gradientEvaluations: number;
}

/**
 * Samples a log-density with gradient by the No-U-Turn Sampler: multinomial sampling along the trajectory, the
 * generalised U-turn criterion checked across and between subtrees, divergence at an energy error above 1000,
 * dual-averaging step size and Stan's windowed warm-up (75/25…/50 iterations) adapting a dense metric.
 * @see Hoffman & Gelman (2014) https://jmlr.org/papers/v15/hoffman14a.html; Betancourt (2017) https://arxiv.org/abs/1701.02434; Stan's base_nuts.hpp
 * @example const chain = sampleNuts(target, new Float64Array([0, 0]), 7, { draws: 500 })
 */
export function sampleNuts(counted: LogDensity, start: Float64Array, seed: number, options: NutsOptions = {}): NutsChain {
  let evaluations = 0;
  const target: LogDensity = { dim: counted.dim, logDensity: (u, g) => (evaluations++, counted.logDensity(u, g)) };
  const rng = createRng(seed);
  const k = target.dim;
  const warmup = options.warmup ?? 1000;
  const nDraws = options.draws ?? 1000;
  const delta = options.targetAccept ?? 0.8;
  const maxDepth = options.maxTreeDepth ?? 10;
  const maxDE = options.maxEnergyError ?? 1000;
  const dense = options.dense ?? true;
  if (!(Number.isInteger(warmup) && warmup >= 0)) throw new Error(`invalid warmup ${warmup}: use a non-negative integer`);
  if (!(Number.isInteger(nDraws) && nDraws >= 1)) throw new Error(`invalid draws ${nDraws}: use a positive integer`);
  if (!(delta > 0 && delta < 1)) throw new Error(`invalid targetAccept ${delta}: use a number in (0, 1)`);
  if (start.length !== k) throw new Error(`start has ${start.length} values, the target ${k} dimensions`);
  const metric = new Metric(k, options.initialInverseMetric);
  let z = newPoint(k);
  z.q.set(start);
  z.lp = target.logDensity(z.q, z.g);
  if (!Number.isFinite(z.lp)) throw new Error(`the log-density is not finite at the starting point (${Array.from(start).join(", ")}); start inside the support`);
  let eps = initStepSize(target, metric, z, rng, 1);
  const da = new DualAveraging(delta, eps);
  const windows = new WarmupWindows(warmup);
  const est = new CovarianceEstimator(k);

  const out: NutsChain = {
    dim: k,
    draws: new Float64Array(nDraws * k),
    logDensity: new Float64Array(nDraws),
    energy: new Float64Array(nDraws),
    treeDepth: new Int32Array(nDraws),
    leapfrogSteps: new Int32Array(nDraws),
    divergent: new Uint8Array(nDraws),
    acceptance: new Float64Array(nDraws),
    stepSize: eps,
    inverseMetric: metric.inv,
    maxTreeDepth: maxDepth,
    warmupDivergences: 0,
    gradientEvaluations: 0,
  };
  const tr = new Transition(target, metric, k, maxDepth, maxDE, rng);
  for (let it = 0; it < warmup + nDraws; it++) {
    const res = tr.run(z, eps);
    z = res.sample;
    if (it < warmup) {
      if (res.divergent) out.warmupDivergences++;
      eps = da.update(res.acceptance);
      if (windows.inSlowWindow(it)) {
        est.add(z.q);
        if (windows.closesWindow(it)) {
          metric.set(est.regularized(dense));
          est.reset();
          eps = initStepSize(target, metric, z, rng, eps);
          da.restart(eps);
        }
      }
      if (it === warmup - 1) eps = da.final();
      continue;
    }
    const j = it - warmup;
    out.draws.set(z.q, j * k);
    out.logDensity[j] = z.lp;
    out.energy[j] = res.energy;
    out.treeDepth[j] = res.depth;
    out.leapfrogSteps[j] = res.leapfrogs;
    out.divergent[j] = res.divergent ? 1 : 0;
    out.acceptance[j] = res.acceptance;
  }
  out.stepSize = eps;
  out.gradientEvaluations = evaluations;
  out.inverseMetric = Float64Array.from(metric.inv);
  return out;
}
