// The posterior of a model on an unconstrained scale (internal): prior variables → natural parameters, the
// likelihood over compressed rows, the log-transform Jacobians and the gradient by the chain rule.
import { numericGradient } from "../models/likelihoodObjective.js";
import type { Likelihood } from "../models/maximumLikelihood.js";
import { fromUnconstrained, inSupport, priorLogDensity, toUnconstrained, type PriorSpec } from "./priors.js";
import type { PriorSet } from "./defaultPriors.js";

/** A log-density with gradient on R^k (what the sampler and the optimizers need). */
export interface LogDensity {
  dim: number;
  /** ln p(u) (up to a constant); writes ∇ into `grad`. Non-finite means outside the support. */
  logDensity(u: Float64Array, grad: Float64Array): number;
}

/** The posterior of one model: names, transforms to natural parameters, and the density on u. */
export interface PosteriorTarget extends LogDensity {
  /** Prior-variable names in u order (BG/NBD: r, alpha, phi, kappa). */
  variables: readonly string[];
  /** Natural parameter names (BG/NBD: r, alpha, a, b). */
  names: readonly string[];
  priors: readonly PriorSpec[];
  /** Natural parameters from u. */
  natural(u: Float64Array, out?: Float64Array): Float64Array;
  /** u from natural parameters (for starting points). */
  unconstrain(p: Float64Array): Float64Array;
  /** ln prior + ln likelihood without the Jacobian (MAP is the mode of this, as PyMC's find_MAP). */
  logPosteriorNoJacobian(u: Float64Array, grad: Float64Array): number;
}

/**
 * Builds the posterior target. `phiKappa` switches BG/NBD's a = phi·kappa, b = (1 − phi)·kappa (natural a, b
 * at positions 2 and 3).
 */
export function posteriorTarget(lik: Likelihood, priors: PriorSet): PosteriorTarget {
  const names = lik.names;
  const k = names.length;
  const phiKappa = "phi" in priors && "kappa" in priors;
  const variables = phiKappa ? [names[0]!, names[1]!, "phi", "kappa"] : [...names];
  const specs = variables.map((v) => {
    const s = priors[v];
    if (!s) throw new Error(`missing prior for ${v}`);
    return s;
  });
  const x = new Float64Array(k), comp = new Float64Array(k), dx = new Float64Array(k), lj = new Float64Array(k), dlj = new Float64Array(k);
  const p = new Float64Array(k), gp = new Float64Array(k), gx = new Float64Array(k), d1 = new Float64Array(1);
  const tr = { x: 0, dxdu: 0, logJ: 0, dlogJ: 0, complement: 0 };
  const toNatural = (out: Float64Array) => {
    for (let i = 0; i < k; i++) out[i] = x[i]!;
    if (phiKappa) {
      out[2] = x[2]! * x[3]!;
      out[3] = comp[2]! * x[3]!;
    }
  };
  const evaluate = (u: Float64Array, grad: Float64Array, jacobian: boolean): number => {
    let lp = 0;
    for (let i = 0; i < k; i++) {
      fromUnconstrained(specs[i]!, u[i]!, tr);
      x[i] = tr.x;
      comp[i] = tr.complement;
      dx[i] = tr.dxdu;
      lj[i] = tr.logJ;
      dlj[i] = tr.dlogJ;
      if (!(tr.x > 0 && tr.x < Infinity) || !(tr.dxdu > 0)) return -Infinity;
      lp += priorLogDensity(specs[i]!, tr.x, d1);
      gx[i] = d1[0]!;
      if (jacobian) lp += tr.logJ;
    }
    toNatural(p);
    for (let i = 0; i < k; i++) if (!(p[i]! > 0 && p[i]! < Infinity)) return -Infinity;
    const ll = lik.analyticGradient ? lik.logLik(p, gp) : numericGradient(lik, p, gp);
    if (!Number.isFinite(ll)) return -Infinity;
    // dLL/dx from dLL/dp.
    if (phiKappa) {
      const g2 = gp[2]!, g3 = gp[3]!;
      gp[2] = x[3]! * (g2 - g3);
      gp[3] = x[2]! * g2 + comp[2]! * g3;
    }
    for (let i = 0; i < k; i++) grad[i] = (gx[i]! + gp[i]!) * dx[i]! + (jacobian ? dlj[i]! : 0);
    return lp + ll;
  };
  return {
    dim: k,
    variables,
    names,
    priors: specs,
    logDensity: (u, g) => evaluate(u, g, true),
    logPosteriorNoJacobian: (u, g) => evaluate(u, g, false),
    natural(u, out = new Float64Array(k)) {
      for (let i = 0; i < k; i++) {
        fromUnconstrained(specs[i]!, u[i]!, tr);
        x[i] = tr.x;
        comp[i] = tr.complement;
      }
      toNatural(out);
      return out;
    },
    unconstrain(q) {
      const v = Float64Array.from(q);
      if (phiKappa) {
        v[2] = q[2]! / (q[2]! + q[3]!);
        v[3] = q[2]! + q[3]!;
      }
      const u = new Float64Array(k);
      for (let i = 0; i < k; i++) {
        let xi = v[i]!;
        // A starting value outside the prior's support (e.g. a + b < 1 under kappa ~ Pareto(1, 1)) moves just inside.
        if (!inSupport(specs[i]!, xi)) {
          const s = specs[i]!;
          xi = s.dist === "pareto" ? s.m * 1.05 : s.dist === "uniform" ? (xi <= s.lower ? s.lower + 0.01 * (s.upper - s.lower) : s.upper - 0.01 * (s.upper - s.lower)) : 1;
        }
        u[i] = toUnconstrained(specs[i]!, xi);
      }
      return u;
    },
  };
}
