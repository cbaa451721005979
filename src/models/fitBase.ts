// Shared maximum-likelihood machinery for all models (internal): log-parameters, L2 penalty, BFGS with a
// Nelder-Mead fallback, observed-information standard errors and Wald intervals, convergence report.
import { invertSymmetric } from "../numeric/linearAlgebra.js";
import { minimizeBfgs } from "../optimize/minimizeBfgs.js";
import { minimizeNelderMead } from "../optimize/minimizeNelderMead.js";
import type { TimeUnit } from "../data/types.js";

/** Options every `fit*` function accepts. */
export interface FitOptions {
  /** L2 penalty λ on the log-parameters, added to the mean negative log-likelihood as λ Σ (ln θ)² (default 0). */
  penalty?: number;
  /** Starting values (natural scale); defaults are data-driven. */
  initialParams?: Record<string, number>;
  /** Maximum quasi-Newton iterations (default 500). */
  maxIterations?: number;
  /** Confidence level of `confidenceIntervals` (default 0.95). */
  confidenceLevel?: number;
}

/** Convergence report and uncertainty shared by every fitted model. */
export interface FitReport<P> {
  readonly params: P;
  /** Standard errors from the observed information (inverse Hessian of −log-likelihood at the optimum). */
  readonly standardErrors: P;
  /** Wald intervals on the log scale (exp(ln θ ± z·se/θ)), so they stay positive. */
  readonly confidenceIntervals: { readonly lower: P; readonly upper: P; readonly level: number };
  /** Total (weighted) log-likelihood, in the data's units, without the penalty. */
  readonly logLikelihood: number;
  readonly converged: boolean;
  readonly iterations: number;
  /** Max |∂ objective / ∂ ln θ| at the solution (objective: mean −log-likelihood + penalty). */
  readonly gradientNorm: number;
  /** "bfgs" or "nelder-mead+bfgs" when the fallback was needed. */
  readonly method: string;
  /** Number of customers (sum of weights) the model was fitted on. */
  readonly customers: number;
  readonly penalty: number;
  /** Time unit of recency/T the rates refer to, when the input carried one. */
  readonly timeUnit?: TimeUnit;
  /** Anything the user should know (fallback used, singular Hessian, dropped rows...). */
  readonly warnings: readonly string[];
}

/** A likelihood over natural parameters (all positive). */
export interface Likelihood {
  names: readonly string[];
  totalWeight: number;
  /** Total weighted log-likelihood at `p`; fills ∂LL/∂p into `grad` when given and when `analyticGradient`. */
  logLik(p: Float64Array, grad?: Float64Array): number;
  analyticGradient: boolean;
  /** Optional: the same likelihood on a deterministic subsample (for a cheap warm start on large data). */
  subsample?: () => Likelihood | undefined;
}

/** Raw numeric fit result (arrays in `names` order). */
export interface RawFit {
  params: Float64Array;
  se: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  gradientNorm: number;
  method: string;
  warnings: string[];
}

/** Normal quantile for two-sided level (Acklam's rational approximation is overkill; the few levels used are exact enough via bisection on erf). */
function zForLevel(level: number): number {
  if (!(level > 0 && level < 1)) throw new Error(`invalid confidence level ${level}: use a number in (0, 1)`);
  const target = 0.5 + level / 2;
  let lo = 0, hi = 10;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < target) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}
function normalCdf(x: number): number {
  // Abramowitz & Stegun 7.1.26 is too coarse; use the complementary error function series via erf with high precision.
  return 0.5 * (1 + erf(x / Math.SQRT2));
}
function erf(x: number): number {
  // Taylor series converges for |x| <= 7 in double precision with enough terms.
  const s = Math.sign(x);
  x = Math.abs(x);
  if (x > 6) return s;
  let term = x, sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (s * 2 * sum) / Math.sqrt(Math.PI);
}

/** Maximizes the likelihood on log-parameters; see {@link FitOptions}. `what` names the model in errors. */
export function fitMaximumLikelihood(lik: Likelihood, start: Float64Array, options: FitOptions, what: string): RawFit {
  const k = lik.names.length;
  const penalty = options.penalty ?? 0;
  if (!(penalty >= 0)) throw new Error(`${what}: invalid penalty ${penalty}: use a number >= 0`);
  const W = lik.totalWeight;
  if (!(W > 0)) throw new Error(`${what}: no customers to fit (total weight ${W})`);
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
  let startTheta = x0;
  let H0: Float64Array | undefined;
  const sub = options.initialParams ? undefined : lik.subsample?.();
  if (sub) {
    try {
      const subFit = fitMaximumLikelihood(sub, start, { penalty, maxIterations }, what);
      if (subFit.converged) {
        const theta = subFit.params.map(Math.log);
        const subObj = makeObjective(sub, penalty);
        const Hs = hessianTheta(subObj, theta, 1, undefined);
        const inv = invertSymmetric(Hs, k);
        if (inv) {
          startTheta = theta;
          H0 = inv;
        }
      }
    } catch {
      // The warm start is an optimization only; the full fit below starts from the default values.
    }
  }
  let res = minimizeBfgs(objective, startTheta, { maxIterations, gradientTolerance: 1e-9, initialInverseHessian: H0 });
  let method = "bfgs";
  let iterations = res.iterations;
  if (!res.converged || !Number.isFinite(res.f)) {
    // Fallback: derivative-free simplex from the best point seen, then polish with BFGS.
    const from = Number.isFinite(res.f) ? res.x : x0;
    const scratch = new Float64Array(k);
    const nm = minimizeNelderMead((t) => objective(t, scratch), from, { maxEvaluations: 3000 * k, initialStep: 0.3 });
    const polish = minimizeBfgs(objective, nm.x, { maxIterations, gradientTolerance: 1e-9 });
    warnings.push(`quasi-Newton did not converge (${res.message}); restarted from a Nelder-Mead solution`);
    iterations += polish.iterations;
    res = Number.isFinite(polish.f) && (polish.f <= nm.f || !Number.isFinite(nm.f)) ? polish : { ...polish, x: nm.x, f: nm.f, converged: false };
    method = "nelder-mead+bfgs";
  }
  if (!Number.isFinite(res.f)) {
    throw new Error(`${what}: the log-likelihood is not finite at any point tried (last ${res.f}); check the data (recency <= T, non-negative frequency) or pass initialParams`);
  }
  const params = res.x.map(Math.exp);
  const logLikelihood = lik.logLik(params);
  if (!res.converged) warnings.push(`not converged: ${res.message}; gradient norm ${res.gradientNorm.toExponential(2)}; try initialParams, a small penalty or more maxIterations`);
  // Observed information on θ = ln p: forward differences of the analytic (or numeric) gradient of the total objective.
  const se = new Float64Array(k).fill(NaN);
  const H = hessianTheta(objective, res.x, W, res.gradient);
  const cov = invertSymmetric(H, k);
  const level = options.confidenceLevel ?? 0.95;
  const z = zForLevel(level);
  const lower = new Float64Array(k).fill(NaN);
  const upper = new Float64Array(k).fill(NaN);
  if (cov) {
    for (let i = 0; i < k; i++) {
      const vθ = cov[i * k + i]!;
      if (vθ > 0) {
        const seθ = Math.sqrt(vθ);
        se[i] = params[i]! * seθ; // delta method: Var(p) = p² Var(ln p)
        lower[i] = params[i]! * Math.exp(-z * seθ);
        upper[i] = params[i]! * Math.exp(z * seθ);
      }
    }
  }
  // A flat gradient on a plateau (a parameter running to 0 or ∞) is not a maximum: report it as not converged.
  const definite = !!cov && se.every((v) => Number.isFinite(v));
  if (!definite) warnings.push("not converged to an interior maximum: the Hessian is not positive definite, so some standard errors are undefined (NaN); a parameter is at a boundary or unidentified (e.g. no repeat buyers); try a small penalty");
  // Finite but huge relative standard errors: the likelihood is nearly flat along that parameter (e.g. Pareto/NBD's
  // s and beta running off together when dropout is nearly homogeneous); predictions stay valid, the value does not.
  const edge = lik.names.filter((_, i) => params[i]! > 1e6 || params[i]! < 1e-6);
  if (edge.length) {
    const value = (n: string) => params[lik.names.indexOf(n)]!;
    const limits = EDGE_LIMITS.filter(([u, v]) => edge.includes(u) && edge.includes(v) && (value(u) > 1) === (value(v) > 1)).map(([u, , big, small]) => (value(u) > 1 ? big : small));
    warnings.push(`at the edge of the parameter space: ${edge.map((n) => `${n} = ${value(n).toExponential(2)}`).join(", ")}; the maximum lies at a limit of the model${limits.length ? ` (${limits.join("; ")})` : ""}; predictions are valid, those parameter values are not meaningful on their own`);
  }
  const weak = lik.names.filter((_, i) => se[i]! / params[i]! > 10);
  if (definite && weak.length) warnings.push(`weakly identified: ${weak.map((n) => `${n} (standard error ${(se[lik.names.indexOf(n)]! / params[lik.names.indexOf(n)]!).toFixed(0)}× the estimate)`).join(", ")}; the likelihood is nearly flat there (a boundary or limit of the model); read those values with care or add a small penalty`);
  return { params, se, lower, upper, logLikelihood, converged: res.converged && definite, iterations, gradientNorm: res.gradientNorm, method, warnings };
}

/** Parameter pairs that run off together at a limit of a model, with what the limit means (both large; both small). */
const EDGE_LIMITS: readonly (readonly [string, string, string, string])[] = [
  ["r", "alpha", "r and alpha → ∞: every customer buys at the same rate r/alpha", "r and alpha → 0: purchase rates spread without bound"],
  ["s", "beta", "s and beta → ∞: homogeneous dropout at rate s/beta", "s and beta → 0: dropout rates spread without bound"],
  ["a", "b", "a and b → ∞: every customer has the same dropout probability a/(a+b)", "a and b → 0: each customer's dropout probability is near 0 or near 1"],
];

/** Central-difference gradient of the total log-likelihood (for models whose data compress to a few rows). */
function numericGradient(lik: Likelihood, p: Float64Array, g: Float64Array): number {
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

/** The penalized mean objective on θ = ln p with its gradient (as used by the optimizer). */
function makeObjective(lik: Likelihood, penalty: number): (theta: Float64Array, g: Float64Array) => number {
  const k = lik.names.length;
  const p = new Float64Array(k), gp = new Float64Array(k);
  return (theta, g) => {
    for (let i = 0; i < k; i++) {
      p[i] = Math.exp(theta[i]!);
      // A line-search step so long that a parameter overflows (or underflows to 0) is rejected, not evaluated.
      if (!(p[i]! > 0 && p[i]! < Infinity)) return NaN;
    }
    const ll = lik.analyticGradient ? lik.logLik(p, gp) : numericGradient(lik, p, gp);
    if (!Number.isFinite(ll)) return NaN;
    let pen = 0;
    for (let i = 0; i < k; i++) {
      pen += theta[i]! * theta[i]!;
      g[i] = (-gp[i]! * p[i]!) / lik.totalWeight + 2 * penalty * theta[i]!;
    }
    return -ll / lik.totalWeight + penalty * pen;
  };
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
  for (let i = 0; i < k; i++)
    for (let j = 0; j < i; j++) {
      const v = (H[i * k + j]! + H[j * k + i]!) / 2;
      H[i * k + j] = v;
      H[j * k + i] = v;
    }
  return H;
}

/** Turns arrays in `names` order into a named record. */
export function named<P>(names: readonly string[], values: ArrayLike<number>): P {
  const o: Record<string, number> = {};
  names.forEach((n, i) => (o[n] = values[i]!));
  return o as P;
}

/** Builds the report fields of a fitted model. */
export function makeReport<P>(names: readonly string[], raw: RawFit, customers: number, penalty: number, level: number, timeUnit: TimeUnit | undefined, warnings: string[] = []): FitReport<P> {
  return {
    params: named<P>(names, raw.params),
    standardErrors: named<P>(names, raw.se),
    confidenceIntervals: { lower: named<P>(names, raw.lower), upper: named<P>(names, raw.upper), level },
    logLikelihood: raw.logLikelihood,
    converged: raw.converged,
    iterations: raw.iterations,
    gradientNorm: raw.gradientNorm,
    method: raw.method,
    customers,
    penalty,
    timeUnit,
    warnings: [...warnings, ...raw.warnings],
  };
}

/** A report for a model built from given parameters (no fit): NaN uncertainty, converged by definition. */
export function givenReport<P>(names: readonly string[], params: P, extra: Partial<FitReport<P>> = {}): FitReport<P> {
  const nan = named<P>(names, names.map(() => NaN));
  return {
    params,
    standardErrors: extra.standardErrors ?? nan,
    confidenceIntervals: extra.confidenceIntervals ?? { lower: nan, upper: nan, level: 0.95 },
    logLikelihood: extra.logLikelihood ?? NaN,
    converged: extra.converged ?? true,
    iterations: extra.iterations ?? 0,
    gradientNorm: extra.gradientNorm ?? NaN,
    method: extra.method ?? "given",
    customers: extra.customers ?? 0,
    penalty: extra.penalty ?? 0,
    timeUnit: extra.timeUnit,
    warnings: extra.warnings ?? [],
  };
}

/** Validates a params record: every listed name present, finite and positive. */
export function checkParams(names: readonly string[], params: Record<string, unknown>, what: string): void {
  for (const n of names) {
    const v = params[n];
    if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) throw new Error(`${what}: parameter ${n} is ${String(v)}: must be a positive finite number`);
  }
}
