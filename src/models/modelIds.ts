// The model ids: the registry's id table (see registry.ts), kept free of imports so that model files and the command
// line can name models without loading every model (no import cycle; `clvlab --version` starts fast).

/** The model ids (as used by the CLI `--model` and in saved JSON). The only place they are spelled out. */
export const MODEL_IDS = {
  bgNbd: "bg-nbd",
  paretoNbd: "pareto-nbd",
  mbgNbd: "mbg-nbd",
  bgBb: "bg-bb",
  gammaGamma: "gamma-gamma",
} as const;

/** Names of the models clvlab fits. */
export type ModelName = (typeof MODEL_IDS)[keyof typeof MODEL_IDS];

/** Every model id, in registry order. */
export const MODEL_NAMES: readonly ModelName[] = [MODEL_IDS.bgNbd, MODEL_IDS.paretoNbd, MODEL_IDS.mbgNbd, MODEL_IDS.gammaGamma, MODEL_IDS.bgBb];

/** The continuous-time purchase models (frequency, recency, T). */
export type PurchaseModelName = typeof MODEL_IDS.bgNbd | typeof MODEL_IDS.paretoNbd | typeof MODEL_IDS.mbgNbd;

/** The ids usable as the purchase model of `score` and the base learner of `train` (the registry's `baseLearner` entries). */
export type BaseLearnerName = typeof MODEL_IDS.bgNbd | typeof MODEL_IDS.paretoNbd;
export const BASE_LEARNERS: readonly BaseLearnerName[] = [MODEL_IDS.bgNbd, MODEL_IDS.paretoNbd];

/** True when `name` is a model id. */
export function isModelName(name: string): name is ModelName {
  return (MODEL_NAMES as readonly string[]).includes(name);
}
