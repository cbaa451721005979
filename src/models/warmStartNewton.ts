// Newton steps from a warm start (internal): with the likelihood's analytic Hessian, optionally corrected on the subsample.
import type { MinimizeResult } from "../numeric/optimize/minimizeBfgs.js";
import { invertSymmetric } from "../numeric/linearAlgebra.js";
import { analyticHessianTheta } from "./likelihoodObjective.js";
import type { Likelihood } from "./maximumLikelihood.js";

/**
 * Newton's method on θ = ln p from a warm start (a subsample's optimum), with the likelihood's analytic Hessian: near
 * the optimum each step squares the error, so two or three evaluations reach the gradient tolerance of the BFGS path
 * (1e-9 on the mean objective, or a predicted decrease below the objective's rounding, as there). The last evaluation
 * is at the returned point, so its log-likelihood and Hessian serve the standard errors. Undefined (BFGS takes over)
 * when a Hessian is not positive definite, a value is not finite, or a step does not decrease the objective enough.
 */
export function newtonFromWarmStart(lik: Likelihood, theta0: Float64Array, penalty: number, maxIterations: number, coarse?: { lik: Likelihood; hessian: Float64Array }): { res: MinimizeResult; at: { logLikelihood: number; H: Float64Array } } | undefined {
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
