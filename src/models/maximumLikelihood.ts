// Maximum likelihood for every model (internal): log-parameters, L2 penalty, BFGS with a Nelder-Mead fallback,
// observed-information standard errors and Wald intervals, convergence and edge-of-space warnings.
import { minimizeBfgs, type MinimizeResult } from "../numeric/optimize/minimizeBfgs.js";
import { minimizeNelderMead } from "../numeric/optimize/minimizeNelderMead.js";
import { invertSymmetric, symmetrize } from "../numeric/linearAlgebra.js";
import { zForLevel } from "../numeric/normalQuantile.js";
import type { FitOptions, RawFit } from "./fitReport.js";

/** A likelihood over natural parameters (all positive). */
export interface Likelihood {
  names: readonly string[];
  totalWeight: number;
  /**
   * Total weighted log-likelihood at `p`; fills ∂LL/∂p into `grad` when given and when `analyticGradient`, and the
   * k×k Hessian ∂²LL/∂p∂p (row-major) into `hess` when given (with `grad`) and when `analyticHessian`.
   */
  logLik(p: Float64Array, grad?: Float64Array, hess?: Float64Array): number;
  analyticGradient: boolean;
  /** Whether `logLik` fills the Hessian: standard errors and warm starts then take one evaluation instead of k + 1. */
  analyticHessian?: boolean;
  /**
   * Whether the Newton steps from the warm start are corrected on the subsample for the curvature's change along them
   * (subsampleCorrectedStep): for likelihoods whose plain steps need one more full-data evaluation (MBG/NBD).
   */
  subsampleCorrectedSteps?: boolean;
  /** Optional: the same likelihood on a deterministic subsample (for a cheap warm start on large data). */
  subsample?: () => Likelihood | undefined;
  /**
   * Evaluates the model's predictions on the fitted customers at `p`; returns why they are unusable (a negative or
   * non-finite value, an error), or undefined when they are all finite and non-negative. Used for fits at a limit.
   */
  predictionProblem?: (p: Float64Array) => string | undefined;
}

/**
 * Maximizes the likelihood on log-parameters; see {@link FitOptions}. `what` names the model in errors. `warmStart`
 * marks a subsample's pre-fit: it throws instead of running the derivative-free fallback, since a pre-fit that did
 * not converge is not used anyway.
 */
export function fitMaximumLikelihood(fullLik: Likelihood, start: Float64Array, options: FitOptions, what: string, warmStart = false): RawFit {
  const k = fullLik.names.length;
  let evaluations = 0, subsampleEvaluations = 0;
  const lik: Likelihood = {
    ...fullLik,
    logLik: (p, g, h) => {
      evaluations++;
      return fullLik.logLik(p, g, h);
    },
  };
  const penalty = options.penalty ?? 0;
  if (!(penalty >= 0)) throw new Error(`${what}: invalid penalty ${penalty}: use a number >= 0`);
  const W = lik.totalWeight;
  if (!(W > 0)) throw new Error(`${what}: no customers to fit (total weight ${W}): pass at least one customer with a positive weight`);
  const x0 = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const given = options.initialParams?.[lik.names[i]!];
    const v = given ?? start[i]!;
    if (!(v > 0) || !Number.isFinite(v)) throw new Error(`${what}: invalid initial ${lik.names[i]} ${v}: parameters must be positive`);
    x0[i] = Math.log(v);
  }
  const objective = makeObjective(lik, penalty);
  const maxIterations = options.maxIterations ?? 500;
  const warnings: string[] = [];
  // Large data: fit a subsample first; its optimum and inverse Hessian (of the mean objective, which the full
  // objective shares up to sampling noise) start the full fit a few Newton-like steps from the optimum.
  let startTheta: Float64Array = x0;
  let H0: Float64Array | undefined;
  const given = options.initialInverseHessian;
  if (given) {
    if (given.length !== k * k || !Array.from(given).every(Number.isFinite)) throw new Error(`${what}: initialInverseHessian has ${given.length} entries: give ${k * k} finite numbers (a ${k}×${k} matrix, row-major)`);
    H0 = Float64Array.from(given);
  }
  const sub = options.initialParams ? undefined : lik.subsample?.();
  if (sub) {
    const warm = subsampleWarmStart(sub, start, penalty, maxIterations, what);
    subsampleEvaluations += warm.evaluations;
    if (warm.theta) {
      startTheta = warm.theta;
      H0 = warm.inverseHessian;
    }
  }
  // A warm start with an analytic Hessian: Newton steps on the full data, each evaluation giving the Hessian with the
  // gradient, so the last one also gives the standard errors (3 evaluations at 1M customers instead of 5–6).
  // Likelihoods that ask for it have their Newton steps corrected on the subsample, whose fit gave its Hessian (of the
  // mean objective) at the warm start.
  const Hs = lik.subsampleCorrectedSteps && sub?.analyticHessian && H0 && startTheta !== x0 ? invertSymmetric(H0, k) : undefined;
  const coarse = Hs && sub ? { lik: { ...sub, logLik: (p: Float64Array, g?: Float64Array, h?: Float64Array) => (subsampleEvaluations++, sub.logLik(p, g, h)) }, hessian: Hs } : undefined;
  const newton = startTheta !== x0 && lik.analyticHessian ? newtonFromWarmStart(lik, startTheta, penalty, maxIterations, coarse) : undefined;
  let res = newton ? newton.res : minimizeBfgs(objective, startTheta, { maxIterations, gradientTolerance: 1e-9, initialInverseHessian: H0 });
  let method = newton ? "newton" : "bfgs";
  let iterations = res.iterations;
  if (!res.converged || !Number.isFinite(res.f)) {
    if (warmStart) throw new Error(`${what}: the subsample's pre-fit did not converge (${res.message})`);
    const fb = simplexFallback(objective, res, x0, sub, penalty, maxIterations);
    subsampleEvaluations += fb.subsampleEvaluations;
    warnings.push(`quasi-Newton did not converge (${res.message}); restarted from a Nelder-Mead solution`);
    iterations += fb.polishIterations;
    res = fb.res;
    method = "nelder-mead+bfgs";
  }
  if (!Number.isFinite(res.f)) {
    throw new Error(`${what}: the log-likelihood is not finite at any point tried (last ${res.f}); check the data (recency <= T, non-negative frequency) or pass initialParams`);
  }
  const params = res.x.map(Math.exp);
  if (!res.converged) warnings.push(`not converged: ${res.message}; gradient norm ${res.gradientNorm.toExponential(2)}; try initialParams, a small penalty or more maxIterations`);
  // Observed information on θ = ln p: the analytic Hessian with the log-likelihood in one evaluation, or forward
  // differences of the analytic (or numeric) gradient of the total objective.
  // Without standard errors (options.standardErrors false: replicates), the finite-difference Hessian's k evaluations are skipped.
  const skip = options.standardErrors === false && !warmStart && !(newton && res === newton.res) && !lik.analyticHessian;
  const { logLikelihood, H } = newton && res === newton.res ? newton.at : lik.analyticHessian ? analyticHessianTheta(lik, params, penalty) : { logLikelihood: objective.logLikAt(res.x) ?? lik.logLik(params), H: skip ? undefined : hessianTheta(objective, res.x, W, res.gradient) };
  const cov = H ? invertSymmetric(H, k) : undefined;
  const { se, lower, upper } = waldIntervals(params, cov, options.confidenceLevel ?? 0.95);
  // A flat gradient on a plateau (a parameter running to 0 or ∞) is not a maximum: report it as not converged.
  const definite = skip || (!!cov && se.every((v) => Number.isFinite(v)));
  if (!definite) warnings.push("not converged to an interior maximum: the Hessian is not positive definite, so some standard errors are undefined (NaN); a parameter is at a boundary or unidentified (e.g. no repeat buyers); try a small penalty");
  warnings.push(...limitWarnings(lik, params, se, definite, res.converged));
  const inverseHessianLog = cov ? Array.from(cov, (v) => v * W) : undefined;
  return { params, se, lower, upper, logLikelihood, converged: res.converged && definite, iterations, gradientNorm: res.gradientNorm, method, warnings, likelihoodEvaluations: evaluations, subsampleEvaluations, inverseHessianLog };
}

/**
 * The fit of the likelihood's subsample (a cheap pre-fit on large data): its optimum in log-parameters and the
 * inverse Hessian of the mean objective there, or no `theta` when it failed or did not converge; `evaluations` it took.
 */
function subsampleWarmStart(sub: Likelihood, start: Float64Array, penalty: number, maxIterations: number, what: string): { theta?: Float64Array; inverseHessian?: Float64Array; evaluations: number } {
  try {
    // The subsample's own fit computed its inverse Hessian (of W_sub × objective) for its standard errors: scaled
    // by W_sub it is the inverse Hessian of the mean objective, so no further evaluation is needed.
    const subFit = fitMaximumLikelihood(sub, start, { penalty, maxIterations }, what, true);
    const evaluations = subFit.likelihoodEvaluations + subFit.subsampleEvaluations;
    if (subFit.converged && subFit.inverseHessianLog) return { theta: subFit.params.map(Math.log), inverseHessian: Float64Array.from(subFit.inverseHessianLog), evaluations };
    return { evaluations };
  } catch {
    // The warm start is an optimization only; the full fit then starts from the default values.
    return { evaluations: 0 };
  }
}

/**
 * The fallback when quasi-Newton failed: a derivative-free simplex from the best point seen, then a BFGS polish. On
 * large data the simplex walks on the subsample (thousands of evaluations; at a limit of the model they would each
 * cost a full pass), and its end point is evaluated once on the full data.
 */
function simplexFallback(objective: Objective, failed: MinimizeResult, x0: Float64Array, sub: Likelihood | undefined, penalty: number, maxIterations: number): { res: MinimizeResult; polishIterations: number; subsampleEvaluations: number } {
  let subsampleEvaluations = 0;
  const from = Number.isFinite(failed.f) ? failed.x : x0;
  const scratch = new Float64Array(x0.length);
  const walk = sub ? makeObjective({ ...sub, logLik: (p, g, h) => (subsampleEvaluations++, sub.logLik(p, g, h)) }, penalty) : objective;
  const nm = minimizeNelderMead((t) => walk(t, scratch), from, { maxEvaluations: 3000 * x0.length, initialStep: 0.3 });
  const nmF = sub ? objective(nm.x, scratch) : nm.f;
  const polish = minimizeBfgs(objective, nm.x, { maxIterations, gradientTolerance: 1e-9 });
  const res = Number.isFinite(polish.f) && (polish.f <= nmF || !Number.isFinite(nmF)) ? polish : { ...polish, x: nm.x, f: nmF, converged: false };
  return { res, polishIterations: polish.iterations, subsampleEvaluations };
}

/** Standard errors by the delta method (Var(p) = p² Var(ln p)) and Wald intervals on the log scale, NaN where the covariance gives none. */
function waldIntervals(params: Float64Array, cov: Float64Array | undefined, level: number): { se: Float64Array; lower: Float64Array; upper: Float64Array } {
  const k = params.length;
  const z = zForLevel(level);
  const se = new Float64Array(k).fill(NaN), lower = new Float64Array(k).fill(NaN), upper = new Float64Array(k).fill(NaN);
  if (cov) {
    for (let i = 0; i < k; i++) {
      const vθ = cov[i * k + i]!;
      if (vθ > 0) {
        const seθ = Math.sqrt(vθ);
        se[i] = params[i]! * seθ;
        lower[i] = params[i]! * Math.exp(-z * seθ);
        upper[i] = params[i]! * Math.exp(z * seθ);
      }
    }
  }
  return { se, lower, upper };
}

/**
 * Warnings for parameters at the edge of the space (with what the limit means and whether the predictions were
 * checked) and for weakly identified ones (finite but huge relative standard errors: the likelihood is nearly flat
 * along them, e.g. Pareto/NBD's s and beta running off together when dropout is nearly homogeneous; predictions stay
 * valid, the values do not).
 */
function limitWarnings(lik: Likelihood, params: Float64Array, se: Float64Array, definite: boolean, converged: boolean): string[] {
  const warnings: string[] = [];
  const edge = lik.names.filter((_, i) => params[i]! > 1e6 || params[i]! < 1e-6);
  if (edge.length) {
    const value = (n: string) => params[lik.names.indexOf(n)]!;
    const limits = EDGE_LIMITS.filter(([u, v]) => edge.includes(u) && edge.includes(v) && (value(u) > 1) === (value(v) > 1)).map(([u, , big, small]) => (value(u) > 1 ? big : small));
    // "valid" only when checked: the optimizer converged (gradient ~ 0) and every prediction on the fitted customers
    // is finite and non-negative at these values.
    const problem = !converged ? "the optimizer did not converge" : lik.predictionProblem ? lik.predictionProblem(params) : "they were not checked";
    const verdict = problem === undefined ? "predictions are valid (checked on the fitted customers)" : `predictions are not known to be valid (${problem}); refit with a small penalty`;
    warnings.push(`at the edge of the parameter space: ${edge.map((n) => `${n} = ${value(n).toExponential(2)}`).join(", ")}; the maximum lies at a limit of the model${limits.length ? ` (${limits.join("; ")})` : ""}; ${verdict}, those parameter values are not meaningful on their own`);
  }
  const weak = lik.names.filter((_, i) => se[i]! / params[i]! > 10);
  if (definite && weak.length) warnings.push(`weakly identified: ${weak.map((n) => `${n} (standard error ${(se[lik.names.indexOf(n)]! / params[lik.names.indexOf(n)]!).toFixed(0)}× the estimate)`).join(", ")}; the likelihood is nearly flat there (a boundary or limit of the model); read those values with care or add a small penalty`);
  return warnings;
}

/** Parameter pairs that run off together at a limit of a model, with what the limit means (both large; both small). */
const EDGE_LIMITS: readonly (readonly [string, string, string, string])[] = [
  ["r", "alpha", "r and alpha → ∞: every customer buys at the same rate r/alpha", "r and alpha → 0: purchase rates spread without bound"],
  ["s", "beta", "s and beta → ∞: homogeneous dropout at rate s/beta", "s and beta → 0: dropout rates spread without bound"],
  ["a", "b", "a and b → ∞: every customer has the same dropout probability a/(a+b)", "a and b → 0: each customer's dropout probability is near 0 or near 1"],
  ["q", "v", "q and v → ∞: every customer has the same mean spend", "q and v → 0: mean spends spread without bound"],
];

/** Central-difference gradient of the total log-likelihood (for models whose data compress to a few rows); also the Bayesian targets'. */
export function numericGradient(lik: Likelihood, p: Float64Array, g: Float64Array): number {
  const f0 = lik.logLik(p);
  const q = Float64Array.from(p);
  for (let i = 0; i < p.length; i++) {
    const h = 1e-6 * p[i]!;
    q[i] = p[i]! + h;
    const fp = lik.logLik(q);
    q[i] = p[i]! - h;
    const fm = lik.logLik(q);
    q[i] = p[i]!;
    g[i] = (fp - fm) / (2 * h);
  }
  return f0;
}

/** The objective of {@link makeObjective}, which also remembers the log-likelihood of its last few points. */
type Objective = ((theta: Float64Array, g: Float64Array) => number) & { logLikAt(theta: Float64Array): number | undefined };

/**
 * The penalized mean objective on θ = ln p with its gradient (as used by the optimizer). It keeps the log-likelihood
 * of its last 4 points, so the fit's reported log-likelihood at the optimum (the accepted point, evaluated last or
 * nearly last) costs no further pass over the data.
 */
function makeObjective(lik: Likelihood, penalty: number): Objective {
  const k = lik.names.length;
  const p = new Float64Array(k), gp = new Float64Array(k);
  const seen = Array.from({ length: 4 }, () => ({ theta: new Float64Array(k).fill(NaN), ll: NaN }));
  let next = 0;
  const logLikAt = (theta: Float64Array): number | undefined => seen.find((e) => e.theta.every((v, i) => v === theta[i]))?.ll;
  const f = (theta: Float64Array, g: Float64Array): number => {
    for (let i = 0; i < k; i++) {
      p[i] = Math.exp(theta[i]!);
      // A line-search step so long that a parameter overflows (or underflows to 0) is rejected, not evaluated.
      if (!(p[i]! > 0 && p[i]! < Infinity)) return NaN;
    }
    const ll = lik.analyticGradient ? lik.logLik(p, gp) : numericGradient(lik, p, gp);
    const e = seen[next]!;
    e.theta.set(theta);
    e.ll = ll;
    next = (next + 1) % seen.length;
    if (!Number.isFinite(ll)) return NaN;
    let pen = 0;
    for (let i = 0; i < k; i++) {
      pen += theta[i]! * theta[i]!;
      g[i] = (-gp[i]! * p[i]!) / lik.totalWeight + 2 * penalty * theta[i]!;
    }
    return -ll / lik.totalWeight + penalty * pen;
  };
  return Object.assign(f, { logLikAt });
}

/**
 * The log-likelihood at `params` and the Hessian of W × objective in θ = ln p from the likelihood's analytic Hessian,
 * in one evaluation: by the chain rule W·∂²F/∂θᵢ∂θⱼ = −(Hᵢⱼ pᵢ pⱼ + δᵢⱼ gᵢ pᵢ) + 2·penalty·W·δᵢⱼ.
 */
function analyticHessianTheta(lik: Likelihood, params: Float64Array, penalty: number, g = new Float64Array(params.length)): { logLikelihood: number; H: Float64Array } {
  const k = params.length;
  const h = new Float64Array(k * k);
  const logLikelihood = lik.logLik(params, g, h);
  const H = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) H[i * k + j] = -h[i * k + j]! * params[i]! * params[j]!;
    H[i * k + i] = H[i * k + i]! - g[i]! * params[i]! + 2 * penalty * lik.totalWeight;
  }
  return { logLikelihood, H };
}

/**
 * Newton's method on θ = ln p from a warm start (a subsample's optimum), with the likelihood's analytic Hessian: near
 * the optimum each step squares the error, so two or three evaluations reach the gradient tolerance of the BFGS path
 * (1e-9 on the mean objective, or a predicted decrease below the objective's rounding, as there). The last evaluation
 * is at the returned point, so its log-likelihood and Hessian serve the standard errors. Undefined (BFGS takes over)
 * when a Hessian is not positive definite, a value is not finite, or a step does not decrease the objective enough.
 */
function newtonFromWarmStart(lik: Likelihood, theta0: Float64Array, penalty: number, maxIterations: number, coarse?: { lik: Likelihood; hessian: Float64Array }): { res: MinimizeResult; at: { logLikelihood: number; H: Float64Array } } | undefined {
  const k = theta0.length, W = lik.totalWeight;
  const theta = Float64Array.from(theta0);
  const params = new Float64Array(k), gp = new Float64Array(k), G = new Float64Array(k), d = new Float64Array(k);
  let fPrev = Infinity, slopePrev = 0;
  for (let it = 0; it < Math.min(maxIterations, 20); it++) {
    for (let i = 0; i < k; i++) params[i] = Math.exp(theta[i]!);
    if (!params.every((v) => v > 0 && v < Infinity)) return undefined;
    const at = analyticHessianTheta(lik, params, penalty, gp);
    if (!Number.isFinite(at.logLikelihood) || !at.H.every(Number.isFinite)) return undefined;
    let pen = 0, gn = 0;
    for (let i = 0; i < k; i++) {
      pen += theta[i]! * theta[i]!;
      G[i] = (-gp[i]! * params[i]!) / W + 2 * penalty * theta[i]!;
      gn = Math.max(gn, Math.abs(G[i]!));
    }
    const f = -at.logLikelihood / W + penalty * pen;
    // Armijo on the step just taken (the sufficient-decrease test of the BFGS line search).
    if (it > 0 && !(f <= fPrev + 1e-4 * slopePrev)) return undefined;
    const inv = invertSymmetric(at.H, k);
    if (!inv) return undefined;
    let slope = 0;
    for (let i = 0; i < k; i++) {
      let v = 0;
      for (let j = 0; j < k; j++) v -= inv[i * k + j]! * G[j]! * W;
      d[i] = v;
      slope += v * G[i]!;
    }
    const stop = gn < 1e-9 ? "gradient below tolerance" : -slope < 1e-14 * Math.max(1, Math.abs(f)) && gn < 1e-6 ? "decrease below floating-point resolution (gradient at its noise floor)" : undefined;
    if (stop) return { res: { x: theta, f, gradient: G, iterations: it, evaluations: it + 1, converged: true, gradientNorm: gn, method: "newton", message: stop }, at };
    fPrev = f;
    slopePrev = slope;
    const step = coarse ? subsampleCorrectedStep(coarse.lik, it === 0 ? coarse.hessian : undefined, theta, d, G, at.H, W, penalty) : undefined;
    for (let i = 0; i < k; i++) theta[i] = theta[i]! + (step ?? d)[i]!;
  }
  return undefined;
}

/** Hessian of W × objective in θ (total scale): forward differences of the gradient (k evaluations), symmetrized. */
function hessianTheta(objective: (t: Float64Array, g: Float64Array) => number, theta: Float64Array, W: number, gradAtTheta: Float64Array | undefined): Float64Array {
  const k = theta.length;
  let g0 = gradAtTheta;
  if (!g0) {
    g0 = new Float64Array(k);
    objective(theta, g0);
  }
  const g1 = new Float64Array(k);
  const H = new Float64Array(k * k);
  const t = Float64Array.from(theta);
  for (let i = 0; i < k; i++) {
    const h = 1e-5;
    t[i] = theta[i]! + h;
    objective(t, g1);
    t[i] = theta[i]!;
    for (let j = 0; j < k; j++) H[i * k + j] = ((g1[j]! - g0[j]!) / h) * W;
  }
  return symmetrize(H, k);
}

/**
 * A Newton step from θ corrected for how the curvature changes along it (a two-level Newton step): the root θ' of
 * G + (H/W − Hs)(θ' − θ) + ∇F_s(θ') − ∇F_s(θ) for the subsample's mean objective F_s (Hessian Hs at θ), which matches
 * the full objective's gradient and Hessian at θ and takes the higher-order terms from the subsample; Newton
 * iterations on the subsample from θ + d (two from the warm start, one later). The error after the step is then the
 * subsample's sampling error in those terms instead of the terms themselves. At the subsample's optimum (the warm start) ∇F_s(θ) ≈ 0 and `Hs0` is known
 * from its fit; elsewhere one subsample evaluation gives both. Undefined (plain Newton) if a value is not finite, a
 * matrix is not positive definite, or the step strays from d.
 * @see Nash (2000) "A multigrid approach to discretized optimization problems", Optim. Methods Softw. 14
 */
function subsampleCorrectedStep(sub: Likelihood, Hs0: Float64Array | undefined, theta: Float64Array, d: Float64Array, G: Float64Array, H: Float64Array, W: number, penalty: number): Float64Array | undefined {
  const k = theta.length, Ws = sub.totalWeight;
  const p = new Float64Array(k), gs = new Float64Array(k), R = new Float64Array(k), J = new Float64Array(k * k);
  // The subsample's mean gradient (times −1: the model's constant) and Hessian at θ.
  const shift = Float64Array.from(G);
  let Hs = Hs0;
  if (!Hs) {
    for (let i = 0; i < k; i++) p[i] = Math.exp(theta[i]!);
    const at = analyticHessianTheta(sub, p, penalty, gs);
    if (!Number.isFinite(at.logLikelihood)) return undefined;
    for (let i = 0; i < k; i++) shift[i] = shift[i]! - ((-gs[i]! * p[i]!) / Ws + 2 * penalty * theta[i]!);
    Hs = at.H.map((v) => v / Ws);
  }
  const A = new Float64Array(k * k);
  for (let i = 0; i < k * k; i++) A[i] = H[i]! / W - Hs[i]!;
  const next = Float64Array.from(theta, (t, i) => t + d[i]!);
  // Two iterations from the warm start, where the step is largest; the later, small steps need one.
  for (let it = 0; it < (Hs0 ? 2 : 1); it++) {
    for (let i = 0; i < k; i++) p[i] = Math.exp(next[i]!);
    if (!p.every((v) => v > 0 && v < Infinity)) return undefined;
    const at = analyticHessianTheta(sub, p, penalty, gs);
    for (let i = 0; i < k; i++) {
      let r = (-gs[i]! * p[i]!) / Ws + 2 * penalty * next[i]! + shift[i]!;
      for (let j = 0; j < k; j++) {
        r += A[i * k + j]! * (next[j]! - theta[j]!);
        J[i * k + j] = at.H[i * k + j]! / Ws + A[i * k + j]!;
      }
      R[i] = r;
    }
    const inv = Number.isFinite(at.logLikelihood) && R.every(Number.isFinite) ? invertSymmetric(J, k) : undefined;
    if (!inv) return undefined;
    for (let i = 0; i < k; i++) {
      let v = 0;
      for (let j = 0; j < k; j++) v -= inv[i * k + j]! * R[j]!;
      next[i] = next[i]! + v;
    }
  }
  // A corrected step is a small change of the Newton step; anything else is not trusted.
  let dn = 0, cn = 0;
  for (let i = 0; i < k; i++) {
    dn = Math.max(dn, Math.abs(d[i]!));
    cn = Math.max(cn, Math.abs(next[i]! - theta[i]! - d[i]!));
  }
  return cn <= 0.5 * dn ? Float64Array.from(next, (v, i) => v - theta[i]!) : undefined;
}
