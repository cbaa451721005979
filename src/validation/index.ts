// Validation: holdout metrics, temporal holdout evaluation, expanding-window cross-validation. One export line per public function.
export type { CountDistribution } from "./types.js";
export { meanAbsoluteError } from "./meanAbsoluteError.js";
export { rootMeanSquaredError } from "./rootMeanSquaredError.js";
export { meanBias } from "./meanBias.js";
export { meanAbsolutePercentageError } from "./meanAbsolutePercentageError.js";
export { trackingPercentError } from "./trackingPercentError.js";
export { aggregatePercentError } from "./aggregatePercentError.js";
export { rSquared } from "./rSquared.js";
export { brierScore } from "./brierScore.js";
export { areaUnderRoc } from "./areaUnderRoc.js";
export { logPredictiveScore } from "./logPredictiveScore.js";
export { rankedProbabilityScore } from "./rankedProbabilityScore.js";
export type { ScoreForecastInputs, ForecastScores } from "./scoreForecast.js";
export { scoreForecast } from "./scoreForecast.js";
export type { MetricDirection, MetricColumn, MetricsTableResult } from "./metricsTable.js";
export { metricsTable } from "./metricsTable.js";
