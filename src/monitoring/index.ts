// Monitoring: drift statistics, what is monitored for CLV, the monitoring snapshot, update policy with warm starts.
export type { BinningSpec, Bins } from "./binning.js";
export type { PsiOptions, PsiResult } from "./populationStabilityIndex.js";
export { populationStabilityIndex } from "./populationStabilityIndex.js";
export type { KsOptions, KsResult } from "./ksTwoSample.js";
export { ksTwoSample } from "./ksTwoSample.js";
export type { JsOptions } from "./jensenShannonDistance.js";
export { jensenShannonDistance } from "./jensenShannonDistance.js";
export type { WassersteinOptions } from "./wassersteinDistance.js";
export { wassersteinDistance } from "./wassersteinDistance.js";
export type { ChiSquareResult } from "./chiSquareHomogeneity.js";
export { chiSquareHomogeneity } from "./chiSquareHomogeneity.js";
export type { Severity, ThresholdPair, DriftThresholds } from "./severity.js";
export { DEFAULT_DRIFT_THRESHOLDS, resolveThresholds, severityOf, maxSeverity, severityExitCode } from "./severity.js";
