// Prior distributions on the models' parameters: log-density, its derivative, and the unconstraining transform
// (log, log-shifted or logit) with its Jacobian, so a sampler can work on the whole real line.
import { gammaln } from "../numeric/special/gamma.js";

/**
 * A prior distribution, named and parameterised as in PyMC: `weibull` (alpha = shape, beta = scale), `lognormal`
 * (mu, sigma of the log), `gamma` (alpha = shape, beta = rate), `halfnormal` (sigma), `pareto` (alpha = shape,
 * m = lower bound), `uniform` (lower, upper), `flat` (improper, on the positive half-line: PyMC's HalfFlat).
 */
export type PriorSpec =
  | { dist: "weibull"; alpha: number; beta: number }
  | { dist: "lognormal"; mu: number; sigma: number }
  | { dist: "gamma"; alpha: number; beta: number }
  | { dist: "halfnormal"; sigma: number }
  | { dist: "pareto"; alpha: number; m: number }
  | { dist: "uniform"; lower: number; upper: number }
  | { dist: "flat" };

/** The prior distributions a `PriorSpec` may name. */
export const PRIOR_DISTRIBUTIONS = ["weibull", "lognormal", "gamma", "halfnormal", "pareto", "uniform", "flat"] as const;

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Checks a prior specification; `name` is the parameter it is for (used in errors). */
export function validatePrior(name: string, p: PriorSpec): PriorSpec {
  const bad = (what: string) => new Error(`invalid prior for ${name}: ${what}`);
  if (!p || typeof p !== "object" || !(PRIOR_DISTRIBUTIONS as readonly string[]).includes((p as { dist: string }).dist))
    throw bad(`${JSON.stringify(p)}; use { dist: ${PRIOR_DISTRIBUTIONS.map((d) => `"${d}"`).join(" | ")}, ... }`);
  const pos = (v: unknown, k: string) => {
    if (!(typeof v === "number" && v > 0 && Number.isFinite(v))) throw bad(`${p.dist} ${k} = ${String(v)}; use a positive number`);
  };
  switch (p.dist) {
    case "weibull":
    case "gamma":
      pos(p.alpha, "alpha");
      pos(p.beta, "beta");
      break;
    case "lognormal":
      if (!Number.isFinite(p.mu)) throw bad(`lognormal mu = ${String(p.mu)}; use a finite number`);
      pos(p.sigma, "sigma");
      break;
    case "halfnormal":
      pos(p.sigma, "sigma");
      break;
    case "pareto":
      pos(p.alpha, "alpha");
      pos(p.m, "m");
      break;
    case "uniform":
      if (!(Number.isFinite(p.lower) && Number.isFinite(p.upper) && p.upper > p.lower)) throw bad(`uniform [${String(p.lower)}, ${String(p.upper)}]; use finite lower < upper`);
      break;
  }
  return p;
}

/** ln density of the prior at x (within its support) and d/dx of it in `d[0]`. */
export function priorLogDensity(p: PriorSpec, x: number, d?: Float64Array): number {
  let lp: number, g: number;
  switch (p.dist) {
    case "weibull": {
      const z = x / p.beta, zk = Math.pow(z, p.alpha);
      lp = Math.log(p.alpha / p.beta) + (p.alpha - 1) * Math.log(z) - zk;
      g = (p.alpha - 1) / x - (p.alpha * zk) / x;
      break;
    }
    case "lognormal": {
      const lx = Math.log(x), u = (lx - p.mu) / p.sigma;
      lp = -lx - Math.log(p.sigma) - LOG_SQRT_2PI - 0.5 * u * u;
      g = -1 / x - u / (p.sigma * x);
      break;
    }
    case "gamma":
      lp = p.alpha * Math.log(p.beta) - gammaln(p.alpha) + (p.alpha - 1) * Math.log(x) - p.beta * x;
      g = (p.alpha - 1) / x - p.beta;
      break;
    case "halfnormal":
      lp = Math.LN2 - LOG_SQRT_2PI - Math.log(p.sigma) - (x * x) / (2 * p.sigma * p.sigma);
      g = -x / (p.sigma * p.sigma);
      break;
    case "pareto":
      lp = Math.log(p.alpha) + p.alpha * Math.log(p.m) - (p.alpha + 1) * Math.log(x);
      g = -(p.alpha + 1) / x;
      break;
    case "uniform":
      lp = -Math.log(p.upper - p.lower);
      g = 0;
      break;
    case "flat":
      lp = 0;
      g = 0;
      break;
  }
  if (d) d[0] = g;
  return lp;
}

/**
 * The unconstraining transform of a prior's support: positive → x = e^u; [m, ∞) → x = m + e^u; (l, h) → logit.
 * Writes x, dx/du, ln|dx/du| with its derivative in u, and (for uniform priors) 1 − x as `complement`.
 */
export function fromUnconstrained(p: PriorSpec, u: number, out: { x: number; dxdu: number; logJ: number; dlogJ: number; complement: number }): void {
  if (p.dist === "uniform") {
    const s = 1 / (1 + Math.exp(-u)), c = 1 / (1 + Math.exp(u)); // σ(u) and 1 − σ(u) = σ(−u), each without cancellation
    const w = p.upper - p.lower;
    out.x = p.lower + w * s;
    out.complement = 1 - p.upper + w * c; // 1 − x, written so it stays exact when x is close to an upper bound of 1
    out.dxdu = w * s * c;
    out.logJ = Math.log(w) - softplus(-u) - softplus(u);
    out.dlogJ = c - s;
    return;
  }
  const e = Math.exp(u);
  out.x = p.dist === "pareto" ? p.m + e : e;
  out.complement = NaN;
  out.dxdu = e;
  out.logJ = u;
  out.dlogJ = 1;
}

/** The inverse transform: u for a value x inside the support. */
export function toUnconstrained(p: PriorSpec, x: number): number {
  if (p.dist === "uniform") {
    const s = (x - p.lower) / (p.upper - p.lower);
    return Math.log(s / (1 - s));
  }
  return Math.log(p.dist === "pareto" ? x - p.m : x);
}

/** Whether x lies inside the prior's support (the open interior, where the transform is defined). */
export function inSupport(p: PriorSpec, x: number): boolean {
  if (p.dist === "uniform") return x > p.lower && x < p.upper;
  if (p.dist === "pareto") return x > p.m;
  return x > 0 && x < Infinity;
}

function softplus(v: number): number {
  return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
}

/** One draw from the prior (for simulation-based calibration and prior predictive checks). */
export function samplePrior(p: PriorSpec, rng: { uniform(): number; normal(m: number, s: number): number; gamma(shape: number, rate: number): number }): number {
  switch (p.dist) {
    case "weibull":
      return p.beta * Math.pow(-Math.log1p(-rng.uniform()), 1 / p.alpha);
    case "lognormal":
      return Math.exp(rng.normal(p.mu, p.sigma));
    case "gamma":
      return rng.gamma(p.alpha, p.beta);
    case "halfnormal":
      return Math.abs(rng.normal(0, p.sigma));
    case "pareto":
      return p.m * Math.pow(1 - rng.uniform(), -1 / p.alpha);
    case "uniform":
      return p.lower + (p.upper - p.lower) * rng.uniform();
    case "flat":
      throw new Error(`cannot draw from the improper flat prior: give a proper prior`);
  }
}
