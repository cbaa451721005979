import { checkParams } from "./fitReport.js";
import type { ModelJson } from "./fittedModel.js";
import { isModelName, MODEL_NAMES, type BaseLearnerName, type ModelName, type PurchaseModelName } from "./modelIds.js";
import { MODEL_REGISTRY, type ModelTypes } from "./registry.js";

/** Any model `loadModel` can return. */
export type ClvModel = ModelTypes[ModelName];
/** The continuous-time purchase models (usable by `customerLifetimeValue`). */
export type PurchaseModel = ModelTypes[PurchaseModelName];
/** The purchase models `clvlab score` and `clvlab train` use. */
export type BaseLearnerModel = ModelTypes[BaseLearnerName];

/**
 * Rebuilds a model from its JSON (`model.toJSON()`, or a JSON string); predictions are identical to the original.
 * Only `model` and `params` are required, so a model can also be built from published parameters. The model ids and
 * their loaders come from the model registry.
 * @example const m = loadModel({ model: "bg-nbd", params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } }); m.expectedPurchases(39)
 */
export function loadModel(json: string): ClvModel; // first, so an untyped (any) argument gets the union type
export function loadModel<N extends ModelName>(json: ModelJson<N>): ModelTypes[N];
export function loadModel(json: string | ModelJson): ClvModel;
export function loadModel(json: string | ModelJson): ClvModel {
  const j = (typeof json === "string" ? JSON.parse(json) : json) as ModelJson;
  if (!j || typeof j !== "object") throw new Error(`loadModel: expected a model JSON object, got ${String(j)}`);
  if (typeof j.model !== "string" || !isModelName(j.model)) throw new Error(`loadModel: unknown model "${String(j.model)}": use one of ${MODEL_NAMES.join(", ")}`);
  const spec = MODEL_REGISTRY[j.model];
  if (!j.params || typeof j.params !== "object") throw new Error(`loadModel: missing "params" for model ${j.model}: pass the JSON written by model.toJSON() (clvlab fit --save), which holds the parameter values`);
  checkParams(spec.parameterNames, j.params, `loadModel ${j.model}`);
  return spec.load(j);
}
