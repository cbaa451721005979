import { aggregatePercentError } from "./aggregatePercentError.js";
import { areaUnderRoc } from "./areaUnderRoc.js";
import { brierScore } from "./brierScore.js";
import { logPredictiveScore } from "./logPredictiveScore.js";
import { meanAbsoluteError } from "./meanAbsoluteError.js";
import { meanAbsolutePercentageError } from "./meanAbsolutePercentageError.js";
import { meanBias } from "./meanBias.js";
import { rankedProbabilityScore } from "./rankedProbabilityScore.js";
import { rootMeanSquaredError } from "./rootMeanSquaredError.js";
import { rSquared } from "./rSquared.js";
import { trackingPercentError } from "./trackingPercentError.js";
import type { CountDistribution } from "./types.js";

/** Inputs of {@link scoreForecast} beyond the per-customer forecast and actual values. */
export interface ScoreForecastInputs {
  /** Per-period totals (e.g. weekly) over the holdout, predicted and actual, for the tracking error. */
  periodTotals?: { predicted: ArrayLike<number>; actual: ArrayLike<number> };
  /** P(X > 0) per customer, for the Brier score and AUC of "buys again". */
  probabilityAny?: ArrayLike<number>;
  /** Predicted count distribution per customer, for the log predictive and ranked probability scores. */
  distribution?: CountDistribution;
}

/** Every holdout metric of one forecast; NaN where an input was not given (e.g. no distribution). Percent values in percent. */
export interface ForecastScores {
  customers: number;
  mae: number;
  rmse: number;
  bias: number;
  r2: number;
  /** MAPE over customers with a non-zero actual value, and their count. */
  mapeNonZero: number;
  nonZeroCustomers: number;
  /** Tracking error: MAPE of the period totals, and the number of periods. */
  trackingMape: number;
  periods: number;
  predictedTotal: number;
  actualTotal: number;
  /** Signed aggregate percent error; its absolute value is ARPE for revenue. */
  aggregateError: number;
  brier: number;
  auc: number;
  logScore: number;
  rps: number;
}

/**
 * Scores one per-customer forecast against the holdout with every metric of the validation area (MAE, RMSE, bias, R²,
 * MAPE over non-zero actuals, aggregate percent error; with period totals the tracking error; with P(X > 0) the Brier
 * score and AUC; with a count distribution the log predictive and ranked probability scores). One call, so the CLI,
 * the holdout evaluation and cross-validation compute the same figures the same way.
 * @see Hyndman & Koehler (2006), https://doi.org/10.1016/j.ijforecast.2006.03.001; Gneiting & Raftery (2007), https://doi.org/10.1198/016214506000001437
 * @example const s = scoreForecast(model.conditionalExpectedPurchases(39, cal), holdoutCounts); s.mae; s.aggregateError
 */
export function scoreForecast(predicted: ArrayLike<number>, actual: ArrayLike<number>, inputs: ScoreForecastInputs = {}): ForecastScores {
  const agg = sumOrAggregate(predicted, actual);
  const mape = meanAbsolutePercentageError(predicted, actual);
  const track = inputs.periodTotals ? trackingPercentError(inputs.periodTotals.predicted, inputs.periodTotals.actual) : undefined;
  return {
    customers: actual.length,
    mae: meanAbsoluteError(predicted, actual).value,
    rmse: rootMeanSquaredError(predicted, actual).value,
    bias: meanBias(predicted, actual).value,
    r2: rSquared(predicted, actual).value,
    mapeNonZero: mape.value,
    nonZeroCustomers: mape.n,
    trackingMape: track ? track.value : NaN,
    periods: track ? track.periods : 0,
    predictedTotal: agg.predictedTotal,
    actualTotal: agg.actualTotal,
    aggregateError: agg.value,
    brier: inputs.probabilityAny ? brierScore(inputs.probabilityAny, actual).value : NaN,
    auc: inputs.probabilityAny ? areaUnderRoc(inputs.probabilityAny, actual).value : NaN,
    logScore: inputs.distribution ? logPredictiveScore(inputs.distribution, actual).value : NaN,
    rps: inputs.distribution ? rankedProbabilityScore(inputs.distribution, actual).value : NaN,
  };
}

/** The aggregate error, or the plain totals with NaN when the actual total is 0 (a percent error has no meaning there). */
function sumOrAggregate(predicted: ArrayLike<number>, actual: ArrayLike<number>): { value: number; predictedTotal: number; actualTotal: number } {
  let a = 0;
  for (let i = 0; i < actual.length; i++) a += actual[i]!;
  if (a !== 0) return aggregatePercentError(predicted, actual);
  let p = 0;
  for (let i = 0; i < predicted.length; i++) p += predicted[i]!;
  return { value: NaN, predictedTotal: p, actualTotal: 0 };
}
