// What realized-vs-predicted tracking compares the actuals with: a BTYD bundle's or a stacked pipeline's summed
// expectations over the days since the reference end (internal to trackRealizedVsPredicted).
import { DAYS_PER_UNIT, type TransactionLog } from "../data/types.js";
import type { PurchaseModel } from "../models/loadModel.js";
import type { ClvPipeline } from "../segmentation/predictor/pipelineTypes.js";
import { scoreInputs, stackAtHorizon } from "../segmentation/predictor/scoreInputs.js";
import { combine } from "../segmentation/predictor/metaLearner.js";
import type { CustomerSummary } from "../summaries/types.js";
import { bundleModels, type ClvBundle } from "./clvBundle.js";

/** The forecast tracked: customers known at the reference end and their summed expectations `days` after it. */
export interface Forecast {
  customerIds: readonly string[];
  cumulative: (days: number) => { purchases: number; revenue: number };
  /** The same forecast under other purchase-model parameters (parametric bootstrap of a BTYD bundle). */
  withPurchaseModel?: (m: PurchaseModel) => (days: number) => { purchases: number; revenue: number };
  summary?: CustomerSummary;
}

/** A BTYD bundle's forecast: Σ E[X(t) | data] and Σ E[X(t) | data] × E[spend | data] (Gamma-Gamma, or own mean spend). */
export function bundleForecast(bundle: ClvBundle, summary: CustomerSummary): Forecast {
  const { purchase, spend } = bundleModels(bundle);
  const n = summary.customerId.length;
  const perUnit = DAYS_PER_UNIT[bundle.timeUnit];
  const spendPer = spend ? spend.conditionalExpectedSpend(summary) : Float64Array.from({ length: n }, (_, i) => (summary.orders[i]! > 0 ? Math.max(0, summary.totalSpend[i]! / summary.orders[i]!) : 0));
  const withPurchaseModel = (m: PurchaseModel) => (days: number) => {
    const e = m.conditionalExpectedPurchases(days / perUnit, summary);
    let sp = 0, sr = 0;
    for (let i = 0; i < n; i++) {
      sp += e[i]!;
      sr += e[i]! * spendPer[i]!;
    }
    return { purchases: sp, revenue: sr };
  };
  return { customerIds: summary.customerId, cumulative: withPurchaseModel(purchase), withPurchaseModel, summary };
}

/** A stacked pipeline's forecast: its stacked expected purchases and value over `days`, summed over the customers scored at the reference end. */
export function pipelineForecast(pipeline: ClvPipeline, log: TransactionLog, refEndIso: string): Forecast {
  const s = scoreInputs(pipeline, log, refEndIso);
  const sum = (a: Float64Array) => a.reduce((x, v) => x + v, 0);
  return {
    customerIds: s.enc.customerIds,
    cumulative: (days: number) => {
      const z = stackAtHorizon(pipeline, s, days);
      return { purchases: sum(combine(pipeline.purchases.meta, z.purchases)), revenue: sum(combine(pipeline.value.meta, z.value)) };
    },
  };
}
