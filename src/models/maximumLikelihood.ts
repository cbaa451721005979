// Maximum likelihood for every model (internal): log-parameters, L2 penalty, BFGS with a Nelder-Mead fallback,
// observed-information standard errors and Wald intervals, convergence and edge-of-space warnings.
// The objective is in likelihoodObjective.ts, the Newton steps from a warm start in warmStartNewton.ts, the
// intervals and warnings in fitUncertainty.ts.
import { minimizeBfgs, type MinimizeResult } from "../numeric/optimize/minimizeBfgs.js";
import { minimizeNelderMead } from "../numeric/optimize/minimizeNelderMead.js";
import { invertSymmetric } from "../numeric/linearAlgebra.js";
import type { FitOptions, RawFit } from "./fitReport.js";
import { limitWarnings, waldIntervals } from "./fitUncertainty.js";
import { analyticHessianTheta, hessianTheta, makeObjective, type Objective } from "./likelihoodObjective.js";
import { newtonFromWarmStart } from "./warmStartNewton.js";

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
