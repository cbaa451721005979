import type { CustomerData } from "./columns.js";
import { bayesFit, wantsBayes, type BayesFitOptions } from "./bayesHook.js";
import { fitMaximumLikelihood } from "./maximumLikelihood.js";
import { makeReport, type FitOptions, type FitReport } from "./fitReport.js";
import { MODEL_IDS } from "./modelIds.js";
import { FittedModel, mapTimes } from "./fittedModel.js";
import { BG_NAMES, bgAlive, bgConditional, bgExpected, bgNbdLikelihood, bgPmf, bgWeightedExpected, type BgNbdParams } from "./bgNbdFamily.js";

export type { BgNbdParams } from "./bgNbdFamily.js";

/** A fitted (or loaded) BG/NBD model. Times are in the unit of the data it was fitted on (`timeUnit`). */
export class BgNbdModel extends FittedModel<BgNbdParams> {
  readonly model = MODEL_IDS.bgNbd;
  constructor(report: FitReport<BgNbdParams>) {
    super(report);
  }
  /** E[X(t)]: expected repeat purchases of a new customer in (0, t]. */
  expectedPurchases(t: number): number;
  expectedPurchases(t: ArrayLike<number>): Float64Array;
  expectedPurchases(t: number | ArrayLike<number>): number | Float64Array {
    return mapTimes(t, (u) => bgExpected(this.params, u, false));
  }
  /** E[Y(t) | x, t_x, T]: expected purchases in the next t per customer (frequency, recency, T). */
  conditionalExpectedPurchases(t: number, customers: CustomerData): Float64Array {
    return bgConditional(this.params, t, customers, false, "bg-nbd conditionalExpectedPurchases");
  }
  /**
   * Σ_k weights[k] · E[Y(times[k]) | x, t_x, T] per customer in one pass (the discounted purchases of a CLV): the
   * expected purchases of a customer alive now are interpolated once per frequency over ln(α + T), to 1e-13.
   */
  weightedExpectedPurchases(times: ArrayLike<number>, weights: ArrayLike<number>, customers: CustomerData): Float64Array {
    return bgWeightedExpected(this.params, times, weights, customers, false, "bg-nbd weightedExpectedPurchases");
  }
  /** P(alive | x, t_x, T) at the end of observation, per customer. */
  probabilityAlive(customers: CustomerData): Float64Array {
    return bgAlive(this.params, customers, false, "bg-nbd probabilityAlive");
  }
  /** P(X(t) = n) for a new customer. */
  probabilityOfPurchases(n: number, t: number): number {
    return bgPmf(this.params, n, t, false);
  }
}

/**
 * Fits the BG/NBD model (Fader, Hardie & Lee 2005) by maximum likelihood on log-parameters, with analytic
 * gradients, identical rows compressed, and Hessian standard errors.
 * Input: an arquero table, a CustomerSummary, or columns `frequency`, `recency`, `T` (optional `weights`).
 * @see https://brucehardie.com/papers/018/fader_et_al_mksc_05.pdf
 * @example const m = fitBgNbd({ frequency, recency, T }); m.params.r; m.conditionalExpectedPurchases(52, summary)
 */
export function fitBgNbd(data: CustomerData, options: FitOptions & BayesFitOptions = {}): BgNbdModel {
  if (wantsBayes(options)) return bayesFit(MODEL_IDS.bgNbd, data, options, (r) => new BgNbdModel(r), () => fitBgNbd(data, { ...options, method: "mle" }));
  const { lik, start, n, timeUnit } = bgNbdLikelihood(data, false, "fitBgNbd");
  const raw = fitMaximumLikelihood(lik, start, options, "fitBgNbd");
  return new BgNbdModel(makeReport<BgNbdParams>(BG_NAMES, raw, { customers: n, options, timeUnit }));
}
