// The uncertainty report of a maximum-likelihood fit (internal): Wald intervals and edge-of-space warnings.
import { zForLevel } from "../numeric/normalQuantile.js";
import type { Likelihood } from "./maximumLikelihood.js";

/** Standard errors by the delta method (Var(p) = p² Var(ln p)) and Wald intervals on the log scale, NaN where the covariance gives none. */
export function waldIntervals(params: Float64Array, cov: Float64Array | undefined, level: number): { se: Float64Array; lower: Float64Array; upper: Float64Array } {
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
export function limitWarnings(lik: Likelihood, params: Float64Array, se: Float64Array, definite: boolean, converged: boolean): string[] {
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
