// Base class holding the fit report and JSON serialization shared by every model (internal).
import type { TimeUnit } from "../data/types.js";
import type { FitReport } from "./fitReport.js";
import type { ModelName } from "./modelIds.js";
import type { Posterior } from "../bayes/posterior.js";
import { parameterSummary, parameterSummaryText, type ParameterSummarySource, type ParameterTable } from "./parameterSummary.js";

export type { ModelName } from "./registry.js";

/** The JSON form of a fitted model, as written by `toJSON()` and read by `loadModel`. NaN is written as null. */
export interface ModelJson<N extends ModelName = ModelName> {
  model: N;
  /** Format version (1); optional when building a model by hand. */
  format?: 1;
  params: Record<string, number>;
  standardErrors?: Record<string, number | null>;
  confidenceIntervals?: { lower: Record<string, number | null>; upper: Record<string, number | null>; level: number };
  logLikelihood?: number | null;
  converged?: boolean;
  iterations?: number;
  gradientNorm?: number | null;
  method?: string;
  customers?: number;
  penalty?: number;
  timeUnit?: TimeUnit;
  warnings?: string[];
  /** Model-specific extras (e.g. Gamma-Gamma's count of customers excluded for unusable spend). */
  extra?: Record<string, number>;
}

/** A model's parameters by name (each model's own params type is a specific record of numbers). */
export type ModelParams = { readonly [name: string]: number };

/** Fields and serialization shared by all fitted models. */
export abstract class FittedModel<P extends ModelParams> implements FitReport<P> {
  abstract readonly model: ModelName;
  readonly params: P;
  readonly standardErrors: P;
  readonly confidenceIntervals: { readonly lower: P; readonly upper: P; readonly level: number };
  readonly logLikelihood: number;
  readonly converged: boolean;
  readonly iterations: number;
  readonly gradientNorm: number;
  readonly method: string;
  readonly customers: number;
  readonly penalty: number;
  readonly timeUnit?: TimeUnit;
  readonly warnings: readonly string[];
  readonly likelihoodEvaluations?: number;
  readonly subsampleEvaluations?: number;
  readonly inverseHessianLog?: readonly number[];
  /** Posterior draws and diagnostics when fitted with method "map", "laplace" or "mcmc" (see src/bayes). */
  posterior?: Posterior;

  constructor(report: FitReport<P>) {
    this.params = Object.freeze({ ...report.params });
    this.standardErrors = Object.freeze({ ...report.standardErrors });
    this.confidenceIntervals = Object.freeze({ lower: Object.freeze({ ...report.confidenceIntervals.lower }), upper: Object.freeze({ ...report.confidenceIntervals.upper }), level: report.confidenceIntervals.level });
    this.logLikelihood = report.logLikelihood;
    this.converged = report.converged;
    this.iterations = report.iterations;
    this.gradientNorm = report.gradientNorm;
    this.method = report.method;
    this.customers = report.customers;
    this.penalty = report.penalty;
    this.timeUnit = report.timeUnit;
    this.warnings = Object.freeze([...report.warnings]);
    this.likelihoodEvaluations = report.likelihoodEvaluations;
    this.subsampleEvaluations = report.subsampleEvaluations;
    this.inverseHessianLog = report.inverseHessianLog;
  }

  /**
   * The parameter table (estimate, standard error, 95% interval) as an arquero table, as lifetimes' `summary`;
   * `summaryText()` gives it as text.
   * @example fitBgNbd(summary).summary().print()
   */
  summary(): ParameterTable {
    return parameterSummary(this as unknown as ParameterSummarySource);
  }

  /** The parameter table as aligned text. */
  summaryText(): string {
    return parameterSummaryText(this as unknown as ParameterSummarySource);
  }

  /** Extra numbers a subclass serializes. */
  protected extra(): Record<string, number> | undefined {
    return undefined;
  }

  /** A plain JSON object; `loadModel(model.toJSON())` gives identical predictions. */
  toJSON(): ModelJson<this["model"]> {
    const nn = (v: number) => (Number.isFinite(v) ? v : null);
    const rec = (o: P) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, nn(v)]));
    const out: ModelJson<this["model"]> = {
      model: this.model,
      format: 1,
      params: { ...this.params },
      standardErrors: rec(this.standardErrors),
      confidenceIntervals: { lower: rec(this.confidenceIntervals.lower), upper: rec(this.confidenceIntervals.upper), level: this.confidenceIntervals.level },
      logLikelihood: nn(this.logLikelihood),
      converged: this.converged,
      iterations: this.iterations,
      gradientNorm: nn(this.gradientNorm),
      method: this.method,
      customers: this.customers,
      penalty: this.penalty,
      warnings: [...this.warnings],
    };
    if (this.timeUnit) out.timeUnit = this.timeUnit;
    const extra = this.extra();
    if (extra) out.extra = extra;
    return out;
  }
}

/** Converts t (number or array) with f. */
export function mapTimes(t: number | ArrayLike<number>, f: (t: number) => number): number | Float64Array {
  if (typeof t === "number") return f(t);
  const out = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) out[i] = f(t[i]!);
  return out;
}
