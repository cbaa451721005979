import { parseTimeUnit } from "../time/timeUnit.js";
import { MODEL_IDS } from "../models/modelIds.js";
import { DAYS_PER_UNIT, type TimeUnit } from "../data/types.js";
import type { ModelName } from "../models/fittedModel.js";
import { validatePrior, type PriorSpec } from "./priors.js";

/** Priors by parameter name (for BG/NBD and MBG/NBD: r, alpha, phi, kappa with a = phi·kappa, b = (1 − phi)·kappa). */
export type PriorSet = Record<string, PriorSpec>;

/**
 * The default priors of a model, on its natural parameters, with the time-scale parameters (alpha; Pareto/NBD's
 * beta) scaled from weeks to the summary's time unit. BG/NBD, MBG/NBD and Pareto/NBD use PyMC-Marketing's defaults
 * (set in weeks there); Gamma-Gamma and BG/BB get weakly informative LogNormal priors. Without a time unit, weeks.
 * @see https://github.com/pymc-labs/pymc-marketing/blob/main/pymc_marketing/clv/models/beta_geo.py (default_model_config)
 * @example defaultPriors("bg-nbd", "days").alpha // { dist: "weibull", alpha: 2, beta: 70 }
 */
export function defaultPriors(model: ModelName, timeUnit: TimeUnit = "weeks"): PriorSet {
  parseTimeUnit(timeUnit);
  // alpha and beta are times (Gamma rates of purchase and dropout are per unit): a scale of 10 weeks in the data's unit.
  const scale = (10 * 7) / DAYS_PER_UNIT[timeUnit];
  switch (model) {
    case MODEL_IDS.bgNbd:
    case MODEL_IDS.mbgNbd:
      return {
        r: { dist: "weibull", alpha: 2, beta: 1 },
        alpha: { dist: "weibull", alpha: 2, beta: scale },
        phi: { dist: "uniform", lower: 0, upper: 1 },
        kappa: { dist: "pareto", alpha: 1, m: 1 },
      };
    case MODEL_IDS.paretoNbd:
      return {
        r: { dist: "weibull", alpha: 2, beta: 1 },
        alpha: { dist: "weibull", alpha: 2, beta: scale },
        s: { dist: "weibull", alpha: 2, beta: 1 },
        beta: { dist: "weibull", alpha: 2, beta: scale },
      };
    case MODEL_IDS.bgBb:
      return {
        alpha: { dist: "lognormal", mu: 0, sigma: 2 },
        beta: { dist: "lognormal", mu: 0, sigma: 2 },
        gamma: { dist: "lognormal", mu: 0, sigma: 2 },
        delta: { dist: "lognormal", mu: 0, sigma: 2 },
      };
    case MODEL_IDS.gammaGamma:
      // v is in the currency of the spend (v/(q−1)·p is the mean spend), hence the wider prior.
      return {
        p: { dist: "lognormal", mu: 0, sigma: 2 },
        q: { dist: "lognormal", mu: 0, sigma: 2 },
        v: { dist: "lognormal", mu: 0, sigma: 4 },
      };
    default:
      throw new Error(`unknown model ${JSON.stringify(model)}: use bg-nbd, mbg-nbd, pareto-nbd, bg-bb or gamma-gamma`);
  }
}

/**
 * Merges user overrides into the defaults. For BG/NBD and MBG/NBD, giving priors for `a` and `b` replaces the
 * phi/kappa parameterisation by independent priors on a and b (both must then be given).
 */
export function resolvePriors(model: ModelName, timeUnit: TimeUnit | undefined, overrides: Partial<PriorSet> | undefined): PriorSet {
  const base = defaultPriors(model, timeUnit ?? "weeks");
  const o = overrides ?? {};
  if ((model === MODEL_IDS.bgNbd || model === MODEL_IDS.mbgNbd) && ("a" in o || "b" in o)) {
    if (!o.a || !o.b) throw new Error(`invalid prior: give both a and b (or neither, to keep a = phi·kappa, b = (1 − phi)·kappa)`);
    if ("phi" in o || "kappa" in o) throw new Error(`invalid prior: phi/kappa and a/b are alternatives; give one pair`);
    delete base.phi;
    delete base.kappa;
    base.a = o.a;
    base.b = o.b;
  }
  for (const [k, v] of Object.entries(o)) {
    if (!(k in base)) throw new Error(`invalid prior for "${k}": ${model} has priors for ${Object.keys(base).join(", ")}`);
    base[k] = v!;
  }
  for (const [k, v] of Object.entries(base)) validatePrior(k, v);
  return base;
}
