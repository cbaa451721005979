// The fit report of a saved model (internal): what `loadModel` hands to each model's constructor.
import { givenReport, named, type FitReport } from "./fitReport.js";
import type { ModelJson } from "./fittedModel.js";

/**
 * The report of a model saved by `toJSON()` (or built by hand from `model` and `params` alone): NaN for what was not
 * saved, converged unless the JSON says otherwise. `names` are the model's parameters, in order.
 * @example reportFromJson(["p", "q", "v"], { model: "gamma-gamma", params: { p: 6.25, q: 3.74, v: 15.44 } })
 */
export function reportFromJson<P>(names: readonly string[], j: ModelJson): FitReport<P> {
  const num = (v: number | null | undefined) => (typeof v === "number" ? v : NaN);
  const rec = (o: Record<string, number | null> | undefined) => named<P>(names, names.map((n) => num(o?.[n])));
  return givenReport<P>(names, named<P>(names, names.map((n) => j.params[n]!)), {
    standardErrors: rec(j.standardErrors),
    confidenceIntervals: { lower: rec(j.confidenceIntervals?.lower), upper: rec(j.confidenceIntervals?.upper), level: j.confidenceIntervals?.level ?? 0.95 },
    logLikelihood: num(j.logLikelihood),
    converged: j.converged ?? true,
    iterations: j.iterations ?? 0,
    gradientNorm: num(j.gradientNorm),
    method: j.method ?? "given",
    customers: j.customers ?? 0,
    penalty: j.penalty ?? 0,
    timeUnit: j.timeUnit,
    warnings: j.warnings ?? [],
  });
}
