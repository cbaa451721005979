// The report every fitted model carries (internal): options, convergence, uncertainty, and the builders of reports.
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
  /** Warm start: inverse Hessian (k×k, row-major, parameter order) of the mean objective in log-parameters, e.g. a previous fit's `inverseHessianLog`; used with `initialParams`. */
  initialInverseHessian?: ArrayLike<number>;
  /**
   * Whether to compute standard errors where they cost extra likelihood evaluations (a finite-difference Hessian, e.g.
   * Pareto/NBD): false gives the same parameters with NaN standard errors, for refits that keep only the parameters
   * such as bootstrap replicates (default true).
   */
  standardErrors?: boolean;
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
  /** Evaluations of the full-data log-likelihood during the fit (optimizer, fallback, standard errors; a subsample pre-fit is not counted). */
  readonly likelihoodEvaluations?: number;
  /** Evaluations of the likelihood on a deterministic subsample (large data only: a cheap pre-fit that starts the full fit). */
  readonly subsampleEvaluations?: number;
  /** Inverse Hessian (k×k, row-major) of the mean objective in log-parameters at the optimum: pass it as `initialInverseHessian` to warm-start a refit. */
  readonly inverseHessianLog?: readonly number[];
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
  likelihoodEvaluations: number;
  subsampleEvaluations: number;
  inverseHessianLog?: number[];
}

/** Turns arrays in `names` order into a named record. */
export function named<P>(names: readonly string[], values: ArrayLike<number>): P {
  const o: Record<string, number> = {};
  names.forEach((n, i) => (o[n] = values[i]!));
  return o as P;
}

/** What a fit function knows besides the raw fit: see {@link makeReport}. */
export interface ReportContext {
  /** Number of customers (sum of weights) fitted. */
  customers: number;
  /** The options the fit was called with (penalty and confidence level are read from here, with their defaults). */
  options: FitOptions;
  timeUnit: TimeUnit | undefined;
  /** Model-specific warnings, listed before the optimizer's. */
  warnings?: string[];
}

/** Builds the report fields of a fitted model. */
export function makeReport<P>(names: readonly string[], raw: RawFit, context: ReportContext): FitReport<P> {
  const { customers, options, timeUnit, warnings = [] } = context;
  const penalty = options.penalty ?? 0, level = options.confidenceLevel ?? 0.95;
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
    likelihoodEvaluations: raw.likelihoodEvaluations,
    subsampleEvaluations: raw.subsampleEvaluations,
    inverseHessianLog: raw.inverseHessianLog,
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
