// The models a validation compares and their one validator (light: the command line lists them in its help).
import { MODEL_IDS, type PurchaseModelName } from "../models/modelIds.js";

/** Models the validation compares. */
export type ValidationModelName = "naive-rate" | "naive-cohort" | PurchaseModelName | typeof MODEL_IDS.bgBb | "stacked";
export const VALIDATION_MODELS: readonly ValidationModelName[] = ["naive-rate", "naive-cohort", MODEL_IDS.bgNbd, MODEL_IDS.paretoNbd, MODEL_IDS.mbgNbd, MODEL_IDS.bgBb, "stacked"];

/** The comparison's default models: every one, bg-bb only when the periods are discrete. */
export function defaultValidationModels(discrete: boolean): ValidationModelName[] {
  return VALIDATION_MODELS.filter((m) => discrete || m !== MODEL_IDS.bgBb);
}

/** Validates a `models` option. */
export function checkModels(models: readonly string[]): ValidationModelName[] {
  if (!Array.isArray(models) || models.length === 0) throw new Error(`invalid models ${JSON.stringify(models)}: list at least one of ${VALIDATION_MODELS.join(", ")}`);
  for (const m of models) if (!VALIDATION_MODELS.includes(m as ValidationModelName)) throw new Error(`invalid model ${JSON.stringify(m)}: use ${VALIDATION_MODELS.join(", ")}`);
  return [...new Set(models)] as ValidationModelName[];
}
