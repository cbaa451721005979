// The hook through which `fit*(data, { method: "map" | "laplace" | "mcmc" })` reaches the Bayesian fitter in
// src/bayes (registered there on import), so the models stay free of sampler code and the MLE path is unchanged.
import type { PriorSpec } from "../bayes/priors.js";
import type { CustomerData } from "./columns.js";
import type { FitReport } from "./fitReport.js";
import type { FittedModel, ModelName, ModelParams } from "./fittedModel.js";

/** How a model is fitted: maximum likelihood (default), posterior mode, Laplace approximation, or NUTS. */
export type FitMethod = "mle" | "map" | "laplace" | "mcmc";
export const FIT_METHODS: readonly FitMethod[] = ["mle", "map", "laplace", "mcmc"];

/** Options of the Bayesian methods (ignored by `method: "mle"`). */
export interface BayesFitOptions {
  /** "mle" (default), "map", "laplace" or "mcmc". */
  method?: FitMethod;
  /** Priors overriding the defaults, by parameter name (see `defaultPriors`). */
  prior?: Record<string, PriorSpec>;
  /** MCMC chains (default 4). */
  chains?: number;
  /** Kept draws per chain (default 1000; Laplace: total draws, default 4000). */
  draws?: number;
  /** Warm-up iterations per chain (default 1000). */
  warmup?: number;
  /** Seed of every random step (default 1). */
  seed?: number;
  /** NUTS target acceptance (default 0.8; 0.9 for Pareto/NBD). */
  targetAccept?: number;
  /** Worker threads for the chains (default: one per core, at most `chains`); never changes the draws. */
  threads?: number;
}

type AnyModel = FittedModel<ModelParams>;
/** The Bayesian fitter's signature: `make` builds the model class from a report, `mle` fits by maximum likelihood. */
export type BayesFitter = (model: ModelName, data: CustomerData, options: BayesFitOptions, make: (report: FitReport<never>, mle: AnyModel) => AnyModel, mle: () => AnyModel) => AnyModel;

let fitter: BayesFitter | undefined;

/** Registers the Bayesian fitter (called by src/bayes on import). */
export function registerBayesFitter(f: BayesFitter): void {
  fitter = f;
}

/** Whether `options.method` asks for a Bayesian fit; throws on an unknown method. */
export function wantsBayes(options: BayesFitOptions): boolean {
  const m = options.method;
  if (m === undefined || m === "mle") return false;
  if (!FIT_METHODS.includes(m)) throw new Error(`invalid method ${JSON.stringify(m)}: use mle, map, laplace or mcmc`);
  return true;
}

/** Runs the registered Bayesian fitter. */
export function bayesFit<M>(model: ModelName, data: CustomerData, options: BayesFitOptions, make: (report: FitReport<never>, mle: AnyModel) => AnyModel, mle: () => AnyModel): M {
  if (!fitter) throw new Error(`method "${String(options.method)}" needs the bayes module: import the fit functions from "clvlab"`);
  return fitter(model, data, options, make, mle) as M;
}
