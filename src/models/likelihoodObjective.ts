// The objective of maximum likelihood and its derivatives (internal): the penalized mean −log-likelihood on
// log-parameters with its gradient, and the Hessian in log-parameters, analytic or by finite differences.
import { symmetrize } from "../numeric/linearAlgebra.js";
import type { Likelihood } from "./maximumLikelihood.js";

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
export type Objective = ((theta: Float64Array, g: Float64Array) => number) & { logLikAt(theta: Float64Array): number | undefined };

/**
 * The penalized mean objective on θ = ln p with its gradient (as used by the optimizer). It keeps the log-likelihood
 * of its last 4 points, so the fit's reported log-likelihood at the optimum (the accepted point, evaluated last or
 * nearly last) costs no further pass over the data.
 */
export function makeObjective(lik: Likelihood, penalty: number): Objective {
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
export function analyticHessianTheta(lik: Likelihood, params: Float64Array, penalty: number, g = new Float64Array(params.length)): { logLikelihood: number; H: Float64Array } {
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

/** Hessian of W × objective in θ (total scale): forward differences of the gradient (k evaluations), symmetrized. */
export function hessianTheta(objective: (t: Float64Array, g: Float64Array) => number, theta: Float64Array, W: number, gradAtTheta: Float64Array | undefined): Float64Array {
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
