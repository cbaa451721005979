import { BgBbModel } from "./bgBb.js";
import { BgNbdModel } from "./bgNbd.js";
import { checkParams, givenReport, type FitReport } from "./fitBase.js";
import type { ModelJson } from "./fittedModel.js";
import { GammaGammaModel } from "./gammaGamma.js";
import { MbgNbdModel } from "./mbgNbd.js";
import { ParetoNbdModel } from "./paretoNbd.js";

/** Any model `loadModel` can return. */
export type ClvModel = BgNbdModel | ParetoNbdModel | MbgNbdModel | BgBbModel | GammaGammaModel;
/** The continuous-time purchase models (usable by `customerLifetimeValue`). */
export type PurchaseModel = BgNbdModel | ParetoNbdModel | MbgNbdModel;

const NAMES: Record<string, readonly string[]> = {
  "bg-nbd": ["r", "alpha", "a", "b"],
  "mbg-nbd": ["r", "alpha", "a", "b"],
  "pareto-nbd": ["r", "alpha", "s", "beta"],
  "bg-bb": ["alpha", "beta", "gamma", "delta"],
  "gamma-gamma": ["p", "q", "v"],
};

/**
 * Rebuilds a model from its JSON (`model.toJSON()`, or a JSON string); predictions are identical to the original.
 * Only `model` and `params` are required, so a model can also be built from published parameters.
 * @example const m = loadModel({ model: "bg-nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } }); m.expectedPurchases(39)
 */
export function loadModel(json: string): ClvModel; // first, so an untyped (any) argument gets the union type
export function loadModel(json: ModelJson<"bg-nbd">): BgNbdModel;
export function loadModel(json: ModelJson<"pareto-nbd">): ParetoNbdModel;
export function loadModel(json: ModelJson<"mbg-nbd">): MbgNbdModel;
export function loadModel(json: ModelJson<"bg-bb">): BgBbModel;
export function loadModel(json: ModelJson<"gamma-gamma">): GammaGammaModel;
export function loadModel(json: string | ModelJson): ClvModel;
export function loadModel(json: string | ModelJson): ClvModel {
  const j = (typeof json === "string" ? JSON.parse(json) : json) as ModelJson;
  if (!j || typeof j !== "object") throw new Error(`loadModel: expected a model JSON object, got ${String(j)}`);
  const names = NAMES[j.model];
  if (!names) throw new Error(`loadModel: unknown model "${String(j.model)}": use one of ${Object.keys(NAMES).join(", ")}`);
  if (!j.params || typeof j.params !== "object") throw new Error(`loadModel: missing "params" for model ${j.model}`);
  checkParams(names, j.params, `loadModel ${j.model}`);
  const num = (v: number | null | undefined) => (typeof v === "number" ? v : NaN);
  const rec = (o: Record<string, number | null> | undefined) => Object.fromEntries(names.map((n) => [n, num(o?.[n])]));
  const params = Object.fromEntries(names.map((n) => [n, j.params[n]!]));
  const report: FitReport<Record<string, number>> = givenReport(names, params, {
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
  switch (j.model) {
    case "bg-nbd":
      return new BgNbdModel(report as never);
    case "mbg-nbd":
      return new MbgNbdModel(report as never);
    case "pareto-nbd":
      return new ParetoNbdModel(report as never);
    case "bg-bb":
      return new BgBbModel(report as never);
    case "gamma-gamma":
      return new GammaGammaModel(report as never, j.extra?.excludedNonPositiveSpend ?? 0, j.extra?.excludedNoRepeat ?? 0, j.extra?.constantSpend);
  }
}
