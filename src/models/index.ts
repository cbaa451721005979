// Probabilistic CLV models: fit functions, model classes, CLV, loading saved models.
export type { CustomerData, CustomerColumns, TableLike } from "./columns.js";
export type { FitOptions, FitReport } from "./fitBase.js";
export type { ModelName, ModelJson } from "./fittedModel.js";
export { FittedModel } from "./fittedModel.js";
export type { BgNbdParams } from "./bgNbd.js";
export { fitBgNbd, BgNbdModel } from "./bgNbd.js";
export type { ParetoNbdParams } from "./paretoNbd.js";
export { fitParetoNbd, ParetoNbdModel } from "./paretoNbd.js";
export { fitMbgNbd, MbgNbdModel } from "./mbgNbd.js";
export type { BgBbParams } from "./bgBb.js";
export { fitBgBb, BgBbModel } from "./bgBb.js";
export type { GammaGammaParams } from "./gammaGamma.js";
export { fitGammaGamma, GammaGammaModel } from "./gammaGamma.js";
export type { ClvOptions, PurchaseModelLike, SpendModelLike } from "./customerLifetimeValue.js";
export { CLV_DEFAULTS, customerLifetimeValue } from "./customerLifetimeValue.js";
export { describeClvAssumptions } from "./describeClvAssumptions.js";
export type { ClvModel, PurchaseModel } from "./loadModel.js";
export { loadModel } from "./loadModel.js";
