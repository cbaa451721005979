import type { CustomerData } from "./columns.js";
import { bayesFit, wantsBayes, type BayesFitOptions } from "./bayesHook.js";
import { fitMaximumLikelihood } from "./maximumLikelihood.js";
import { makeReport, type FitOptions, type FitReport } from "./fitReport.js";
import { MODEL_IDS } from "./modelIds.js";
import { FittedModel, mapTimes } from "./fittedModel.js";
import { BG_NAMES, bgAlive, bgConditional, bgExpected, bgNbdLikelihood, bgPmf, bgWeightedExpected, type BgNbdParams } from "./bgNbdFamily.js";

/** A fitted (or loaded) MBG/NBD model (params as BG/NBD: r, alpha, a, b). Times in `timeUnit`. */
export class MbgNbdModel extends FittedModel<BgNbdParams> {
  readonly model = MODEL_IDS.mbgNbd;
  constructor(report: FitReport<BgNbdParams>) {
    super(report);
  }
  /** E[X(t)] = b/(a−1) [1 − (α/(α+t))^r 2F1(r, b+1; a+b; t/(α+t))]. */
  expectedPurchases(t: number): number;
  expectedPurchases(t: ArrayLike<number>): Float64Array;
  expectedPurchases(t: number | ArrayLike<number>): number | Float64Array {
    return mapTimes(t, (u) => bgExpected(this.params, u, true));
  }
  /** E[Y(t) | x, t_x, T] per customer. */
  conditionalExpectedPurchases(t: number, customers: CustomerData): Float64Array {
    return bgConditional(this.params, t, customers, true, "mbg-nbd conditionalExpectedPurchases");
  }
  /**
   * Σ_k weights[k] · E[Y(times[k]) | x, t_x, T] per customer in one pass (the discounted purchases of a CLV): the
   * expected purchases of a customer alive now are interpolated once per frequency over ln(α + T), to 1e-13.
   */
  weightedExpectedPurchases(times: ArrayLike<number>, weights: ArrayLike<number>, customers: CustomerData): Float64Array {
    return bgWeightedExpected(this.params, times, weights, customers, true, "mbg-nbd weightedExpectedPurchases");
  }
  /** P(alive | x, t_x, T); unlike BG/NBD, customers without repeat purchases can be inactive. */
  probabilityAlive(customers: CustomerData): Float64Array {
    return bgAlive(this.params, customers, true, "mbg-nbd probabilityAlive");
  }
  /** P(X(t) = n) for a new customer. */
  probabilityOfPurchases(n: number, t: number): number {
    return bgPmf(this.params, n, t, true);
  }
}

/**
 * Fits the MBG/NBD model (Batislam, Denizel & Filiztekin 2007): the BG/NBD with a possible dropout right after the
 * first purchase, so customers with no repeat purchase are not all alive. Input and options as {@link fitBgNbd}.
 * @see https://doi.org/10.1016/j.ijresmar.2006.12.005
 * @example const m = fitMbgNbd({ frequency, recency, T }); m.logLikelihood
 */
export function fitMbgNbd(data: CustomerData, options: FitOptions & BayesFitOptions = {}): MbgNbdModel {
  if (wantsBayes(options)) return bayesFit(MODEL_IDS.mbgNbd, data, options, (r) => new MbgNbdModel(r), () => fitMbgNbd(data, { ...options, method: "mle" }));
  const { lik, start, n, timeUnit } = bgNbdLikelihood(data, true, "fitMbgNbd");
  const raw = fitMaximumLikelihood(lik, start, options, "fitMbgNbd");
  return new MbgNbdModel(makeReport<BgNbdParams>(BG_NAMES, raw, { customers: n, options, timeUnit }));
}
