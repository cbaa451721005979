import { MODEL_IDS } from "../models/modelIds.js";
import type { CustomerData } from "../models/columns.js";
import { choleskyLower, invertSymmetric, symmetrize } from "../numeric/linearAlgebra.js";
import type { FitOptions, FitReport } from "../models/fitReport.js";
import type { FittedModel, ModelName, ModelParams } from "../models/fittedModel.js";
import type { BayesFitOptions } from "../models/bayesHook.js";
import { minimizeBfgs } from "../numeric/optimize/minimizeBfgs.js";
import { createRng } from "../random/createRng.js";
import { resolvePriors, type PriorSet } from "./defaultPriors.js";
import { ebfmi, essBulk, essTail, hdi, mcse, rhat } from "./diagnostics.js";
import { modelRows, rowsLikelihood } from "./modelLikelihood.js";
import { Posterior, quantileSelect, type PointModel, type PosteriorSummaryRow, type SamplerStats } from "./posterior.js";
import { runChains, type ChainJob } from "./runChains.js";
import { posteriorTarget, type LogDensity, type PosteriorTarget } from "./target.js";

type AnyModel = FittedModel<ModelParams>;

/** Thresholds of the convergence warnings (Vehtari et al. 2021; Stan's and ArviZ's defaults). */
export const DIAGNOSTIC_THRESHOLDS = { rhat: 1.01, ess: 400, ebfmi: 0.3 } as const;

/**
 * Fits a model by MAP, Laplace or NUTS (what `fit*(data, { method })` calls). MAP: the mode of prior × likelihood
 * over the natural parameters (as PyMC's find_MAP, no Jacobian). Laplace: a Gaussian on the unconstrained (log)
 * parameters at the mode of their density, covariance the inverse Hessian. MCMC: `chains` NUTS chains started from
 * Laplace draws around the mode, dense metric started from the Laplace covariance.
 * @see Vehtari et al. (2021) https://doi.org/10.1214/20-BA1221 for the diagnostics
 * @example fitBayesian("bg-nbd", summary, { method: "mcmc", chains: 4, seed: 1 }, (r) => new BgNbdModel(r), () => fitBgNbd(summary))
 */
export function fitBayesian(model: ModelName, data: CustomerData, options: BayesFitOptions & FitOptions, make: (report: FitReport<never>, mle: AnyModel) => AnyModel, mle: () => AnyModel): AnyModel {
  const method = options.method as "map" | "laplace" | "mcmc";
  if (options.penalty) throw new Error(`invalid penalty ${options.penalty} with method "${method}": a penalty is for maximum likelihood; express it as a prior instead`);
  const seed = options.seed ?? 1;
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) throw new Error(`invalid seed ${seed}: use an integer in [0, 4294967295]`);
  const level = options.confidenceLevel ?? 0.95;
  if (!(level > 0 && level < 1)) throw new Error(`invalid confidence level ${level}: use a number in (0, 1)`);
  const base = mle();
  const warnings: string[] = [];
  if (!base.timeUnit && model !== MODEL_IDS.bgBb && model !== MODEL_IDS.gammaGamma) warnings.push("no time unit on the data: the default priors on alpha (and beta) assume weeks; pass a summary with its timeUnit");
  const priors = resolvePriors(model, base.timeUnit, options.prior);
  const rows = modelRows(model, data);
  const lik = rowsLikelihood(rows);
  const target = posteriorTarget(lik, priors);
  const k = target.dim;
  const start = target.unconstrain(Float64Array.from(lik.names, (n) => (base.params as Record<string, number>)[n]!));
  // MAP (no Jacobian) and the mode of the u-density (with Jacobian) for Laplace and the sampler's start.
  // Both optimizations start near their optimum (the MLE, then the MAP) with the inverse Hessian there, so on
  // large data they take a few Newton-like steps; the objective is scaled per customer as in the MLE fit.
  const W = lik.totalWeight;
  // On large data the preconditioner's Hessian comes from the likelihood's strided subsample (the per-customer
  // curvature is the same up to sampling noise; it only starts BFGS), saving 2k full-data gradients.
  const sub = lik.subsample?.();
  const H0 = sub ? invertSymmetric(hessian(posteriorTarget(sub, priors), start), k)?.map((v) => v * sub.totalWeight) : invertSymmetric(hessian(target, start), k)?.map((v) => v * W);
  const mapU = maximize(target.logPosteriorNoJacobian, start, `${model} MAP`, W, H0);
  const mode = target.natural(mapU.x);
  const lap = maximize(target.logDensity, mapU.x, `${model} Laplace`, W, H0);
  const H = hessian(target, lap.x);
  const cov = invertSymmetric(H, k);
  if (method !== "map" && !cov) throw new Error(`${model}: the posterior Hessian at the mode is not positive definite; the parameters are not identified by these data and priors — use tighter priors or method "mcmc" with a proper prior`);
  const names = lik.names;
  const chainsDraws: Float64Array[][] = names.map(() => []);
  let sampler: SamplerStats | undefined;
  if (method === "map") {
    names.forEach((_, i) => chainsDraws[i]!.push(Float64Array.of(mode[i]!)));
  } else if (method === "laplace") {
    const cols = laplaceDraws(target, lap.x, cov!, options.draws ?? 4000, seed);
    names.forEach((_, i) => chainsDraws[i]!.push(cols[i]!));
  } else {
    const targetAccept = options.targetAccept ?? (model === MODEL_IDS.paretoNbd ? 0.9 : 0.8);
    const mcmc = mcmcDraws(target, rows, priors, lap.x, cov!, { ...options, targetAccept }, seed);
    mcmc.chains.forEach((cols) => names.forEach((_, i) => chainsDraws[i]!.push(cols[i]!)));
    sampler = mcmc.sampler;
  }
  const summary = names.map((n, i) => summaryRow(n, chainsDraws[i]!, method === "mcmc"));
  if (sampler) warnings.push(...convergenceWarnings(summary, sampler));
  // Report: posterior means (MAP: the mode), sds, equal-tailed intervals at the confidence level.
  const post = method === "map" ? Array.from(mode) : summary.map((r) => r.mean);
  const sd = method === "map" ? names.map((_, i) => mapStandardError(cov, mapU.x, target, i)) : summary.map((r) => r.sd);
  const { lower, upper } = method === "map" ? { lower: names.map(() => NaN), upper: names.map(() => NaN) } : equalTailed(chainsDraws, level);
  const rec = (v: ArrayLike<number>) => Object.fromEntries(names.map((n, i) => [n, v[i]!]));
  const ll = lik.logLik(Float64Array.from(post));
  const converged = method === "mcmc" ? warnings.every((w) => !w.startsWith("convergence:")) : mapU.converged;
  const report: FitReport<never> = {
    params: rec(post) as never,
    standardErrors: rec(sd) as never,
    confidenceIntervals: { lower: rec(lower) as never, upper: rec(upper) as never, level },
    logLikelihood: ll,
    converged,
    iterations: method === "mcmc" ? sampler!.draws * sampler!.chains : mapU.iterations,
    gradientNorm: mapU.gradientNorm,
    method,
    customers: base.customers,
    penalty: 0,
    timeUnit: base.timeUnit,
    warnings,
  };
  const fitted = make(report, base);
  const Ctor = fitted.constructor as new (r: FitReport<ModelParams>) => AnyModel;
  const pointMaker = (params: Record<string, number>): PointModel => {
    const m = model === MODEL_IDS.gammaGamma ? make({ ...report, params: params as never }, base) : new Ctor({ ...report, params });
    return m as unknown as PointModel;
  };
  fitted.posterior = new Posterior(method, names, Object.fromEntries(names.map((n, i) => [n, chainsDraws[i]!])), priors as PriorSet, summary, sampler, warnings, rec(mode), base.timeUnit, pointMaker);
  return fitted;
}

/** `n` draws of the Laplace approximation: u = mode + L ξ with L L' = cov on the log scale, returned per parameter on the natural scale. */
function laplaceDraws(target: PosteriorTarget, modeU: Float64Array, cov: Float64Array, n: number, seed: number): Float64Array[] {
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`invalid draws ${n}: use a positive integer`);
  const k = target.dim;
  const L = choleskyLower(cov, k)!;
  const rng = createRng(seed);
  const cols = Array.from({ length: k }, () => new Float64Array(n));
  const u = new Float64Array(k), xi = new Float64Array(k), p = new Float64Array(k);
  for (let d = 0; d < n; d++) {
    for (let i = 0; i < k; i++) xi[i] = rng.normal(0, 1);
    for (let i = 0; i < k; i++) {
      let s = modeU[i]!;
      for (let j = 0; j <= i; j++) s += L[i * k + j]! * xi[j]!;
      u[i] = s;
    }
    target.natural(u, p);
    for (let i = 0; i < k; i++) cols[i]![d] = p[i]!;
  }
  return cols;
}

/**
 * NUTS chains (their seeds drawn from `seed`), each started at a Laplace draw around the mode, dense metric started
 * from the Laplace covariance: per chain, per parameter, the draws on the natural scale; and the sampler's statistics.
 */
function mcmcDraws(target: PosteriorTarget, rows: ChainJob["rows"], priors: ChainJob["priors"], modeU: Float64Array, cov: Float64Array, options: BayesFitOptions & { targetAccept: number }, seed: number): { chains: Float64Array[][]; sampler: SamplerStats } {
  const chains = options.chains ?? 4;
  const draws = options.draws ?? 1000;
  const warmup = options.warmup ?? 1000;
  if (!(Number.isInteger(chains) && chains >= 1 && chains <= 64)) throw new Error(`invalid chains ${chains}: use an integer from 1 to 64`);
  const targetAccept = options.targetAccept;
  const k = target.dim;
  const rng = createRng(seed);
  const L = choleskyLower(cov, k)!;
  const jobs: ChainJob[] = [];
  for (let c = 0; c < chains; c++) {
    const chainSeed = rng.int(0xffffffff);
    // Start each chain at a Laplace draw around the mode (dispersed, inside the typical set).
    const s0 = Float64Array.from(modeU);
    for (let i = 0; i < k; i++) {
      const z = rng.normal(0, 1);
      for (let r = i; r < k; r++) s0[r] = s0[r]! + L[r * k + i]! * z;
    }
    jobs.push({ rows, priors, start: s0, seed: chainSeed, nuts: { warmup, draws, targetAccept, initialInverseMetric: cov, maxTreeDepth: 10 } });
  }
  const t0 = performance.now();
  const out = runChains(jobs, options.threads);
  const seconds = (performance.now() - t0) / 1000;
  const p = new Float64Array(k);
  const perChain = out.map((ch) => {
    const cols = Array.from({ length: k }, () => new Float64Array(draws));
    for (let d = 0; d < draws; d++) {
      target.natural(ch.draws.subarray(d * k, (d + 1) * k), p);
      for (let i = 0; i < k; i++) cols[i]![d] = p[i]!;
    }
    return cols;
  });
  const sum = (a: ArrayLike<number>) => {
    let t = 0;
    for (let i = 0; i < a.length; i++) t += a[i]!;
    return t;
  };
  const sampler: SamplerStats = {
    chains,
    draws,
    warmup,
    divergences: out.reduce((s, c) => s + sum(c.divergent), 0),
    warmupDivergences: out.reduce((s, c) => s + c.warmupDivergences, 0),
    treeDepthSaturation: out.reduce((s, c) => s + c.treeDepth.filter((d) => d >= c.maxTreeDepth).length, 0),
    maxTreeDepth: 10,
    targetAccept,
    ebfmi: out.map((c) => ebfmi(c.energy)),
    stepSize: out.map((c) => c.stepSize),
    meanAcceptance: out.map((c) => sum(c.acceptance) / draws),
    meanTreeDepth: out.map((c) => sum(c.treeDepth) / draws),
    leapfrogSteps: out.reduce((s, c) => s + sum(c.leapfrogSteps), 0),
    gradientEvaluations: out.reduce((s, c) => s + c.gradientEvaluations, 0),
    seconds,
  };
  return { chains: perChain, sampler };
}

/** Equal-tailed intervals at `level` of each parameter's draws, all chains pooled. */
function equalTailed(chainsDraws: Float64Array[][], level: number): { lower: number[]; upper: number[] } {
  const lower: number[] = [], upper: number[] = [];
  for (const chains of chainsDraws) {
    const all = Float64Array.from(chains.flatMap((c) => Array.from(c)));
    lower.push(quantileSelect(all, (1 - level) / 2));
    upper.push(quantileSelect(all, (1 + level) / 2));
  }
  return { lower, upper };
}

function summaryRow(parameter: string, chains: Float64Array[], diagnostics: boolean): PosteriorSummaryRow {
  let n = 0, s = 0;
  for (const c of chains)
    for (const v of c) {
      s += v;
      n++;
    }
  const mean = s / n;
  let ss = 0;
  for (const c of chains) for (const v of c) ss += (v - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const [hdiLower, hdiUpper] = n > 1 ? hdi(chains, 0.94) : [mean, mean];
  if (!diagnostics || n < 8) return { parameter, mean, sd, hdiLower, hdiUpper, mcseMean: NaN, mcseSd: NaN, essBulk: NaN, essTail: NaN, rhat: NaN };
  const m = mcse(chains);
  return { parameter, mean, sd, hdiLower, hdiUpper, mcseMean: m.mean, mcseSd: m.sd, essBulk: essBulk(chains), essTail: essTail(chains), rhat: chains.length > 1 ? rhat(chains) : NaN };
}

/** Warnings with the thresholds and what to try (each starts with "convergence:"). */
export function convergenceWarnings(summary: readonly PosteriorSummaryRow[], s: SamplerStats): string[] {
  const w: string[] = [];
  const t = DIAGNOSTIC_THRESHOLDS;
  const badR = summary.filter((r) => r.rhat > t.rhat || Number.isNaN(r.rhat));
  if (s.chains > 1 && badR.length) w.push(`convergence: R-hat above ${t.rhat} for ${badR.map((r) => `${r.parameter} (${r.rhat.toFixed(3)})`).join(", ")}: the chains disagree; run more warmup and draws, or check the priors`);
  const lowB = summary.filter((r) => !(r.essBulk >= t.ess));
  if (lowB.length) w.push(`convergence: bulk ESS below ${t.ess} for ${lowB.map((r) => `${r.parameter} (${r.essBulk.toFixed(0)})`).join(", ")}: means and sds are imprecise; run more draws or chains`);
  const lowT = summary.filter((r) => !(r.essTail >= t.ess));
  if (lowT.length) w.push(`convergence: tail ESS below ${t.ess} for ${lowT.map((r) => `${r.parameter} (${r.essTail.toFixed(0)})`).join(", ")}: interval ends are imprecise; run more draws or chains`);
  if (s.divergences > 0) w.push(`convergence: ${s.divergences} divergent transition(s) after warm-up: the sampler cannot follow the posterior's curvature, so estimates may be biased; raise targetAccept (e.g. 0.95), use tighter priors, or reparameterise`);
  if (s.treeDepthSaturation > 0) w.push(`convergence: ${s.treeDepthSaturation} draw(s) reached the maximum tree depth ${s.maxTreeDepth}: trajectories were cut short; the posterior is badly scaled or nearly flat along some direction; use tighter priors`);
  const lowE = s.ebfmi.map((v, i) => [v, i] as const).filter(([v]) => v < t.ebfmi);
  if (lowE.length) w.push(`convergence: E-BFMI below ${t.ebfmi} in chain(s) ${lowE.map(([v, i]) => `${i + 1} (${v.toFixed(2)})`).join(", ")}: heavy tails the sampler explores slowly; reparameterise or tighten the priors`);
  return w;
}

function maximize(f: (u: Float64Array, g: Float64Array) => number, x0: Float64Array, what: string, scale: number, initialInverseHessian: Float64Array | undefined): { x: Float64Array; converged: boolean; iterations: number; gradientNorm: number } {
  const res = minimizeBfgs((u, g) => {
    const v = f(u, g);
    for (let i = 0; i < g.length; i++) g[i] = -g[i]! / scale;
    return Number.isFinite(v) ? -v / scale : NaN;
  }, x0, { maxIterations: 1000, gradientTolerance: 1e-9, initialInverseHessian });
  if (!Number.isFinite(res.f)) throw new Error(`${what}: the posterior density is not finite at any point tried; check the data and priors`);
  return { x: res.x, converged: res.converged, iterations: res.iterations, gradientNorm: res.gradientNorm };
}

/** −∂²ln p/∂u² by central differences of the gradient, symmetrised. */
function hessian(target: LogDensity, u: Float64Array): Float64Array {
  const k = target.dim, H = new Float64Array(k * k);
  const gp = new Float64Array(k), gm = new Float64Array(k), t = Float64Array.from(u);
  for (let i = 0; i < k; i++) {
    const h = 1e-5 * Math.max(1, Math.abs(u[i]!));
    t[i] = u[i]! + h;
    target.logDensity(t, gp);
    t[i] = u[i]! - h;
    target.logDensity(t, gm);
    t[i] = u[i]!;
    for (let j = 0; j < k; j++) H[i * k + j] = -(gp[j]! - gm[j]!) / (2 * h);
  }
  return symmetrize(H, k);
}

/** Delta-method sd of a natural parameter at the MAP from the Laplace covariance of u (NaN when not identified). */
function mapStandardError(cov: Float64Array | undefined, u: Float64Array, target: PosteriorTarget, i: number): number {
  if (!cov) return NaN;
  const k = target.dim, h = 1e-6;
  const grad = new Float64Array(k), t = Float64Array.from(u);
  for (let j = 0; j < k; j++) {
    t[j] = u[j]! + h;
    const a = target.natural(t)[i]!;
    t[j] = u[j]! - h;
    const b = target.natural(t)[i]!;
    t[j] = u[j]!;
    grad[j] = (a - b) / (2 * h);
  }
  let v = 0;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) v += grad[a]! * cov[a * k + b]! * grad[b]!;
  return Math.sqrt(v);
}
