import { DAYS_PER_UNIT } from "../data/types.js";
import { customerLifetimeValue } from "../models/customerLifetimeValue.js";
import type { CustomerSummary } from "../summaries/types.js";
import { bundleModels, type ClvBundle } from "./clvBundle.js";
import type { FeatureSet } from "./customerFeatures.js";

/** Options of {@link predictionFeatures}. */
export interface PredictionFeatureOptions {
  /** Horizon of expected purchases and CLV, in months of 365.25/12 days (default 12). */
  months?: number;
  /** Annual discount rate of CLV (default 0.10). */
  discountRate?: number;
}

/**
 * The prediction distributions monitored: `p_alive`, `expected_purchases` over the horizon (default 12 months) and
 * `clv` (revenue, discounted at 10 % a year) of each customer in `summary`, from the stored model. Customers without
 * a Gamma-Gamma spend prediction (no spend model) use their own mean spend per purchase day.
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2) (P(alive), conditional expectations); Fader, Hardie & Lee (2005), JMR 42(4) (CLV)
 * @example predictionFeatures(bundle, customerFeatures(log, { asOf: "2024-09-30" }).summary).numeric.p_alive
 */
export function predictionFeatures(bundle: ClvBundle, summary: CustomerSummary, options: PredictionFeatureOptions = {}): FeatureSet {
  const months = options.months ?? 12;
  if (!(months > 0 && Number.isFinite(months))) throw new Error(`invalid horizon ${months} months: use a positive number such as 12`);
  // The kind first: another stored object has no time unit to compare.
  const { purchase, spend } = bundleModels(bundle);
  if (summary.timeUnit !== bundle.timeUnit) throw new Error(`summary in ${summary.timeUnit} but the model in ${bundle.timeUnit}: summarize in ${bundle.timeUnit}`);
  const n = summary.customerId.length;
  const pAlive = purchase.probabilityAlive(summary);
  const horizon = (months * 365.25) / 12 / DAYS_PER_UNIT[summary.timeUnit];
  const expected = purchase.conditionalExpectedPurchases(horizon, summary);
  let spendPer: Float64Array;
  if (spend) spendPer = spend.conditionalExpectedSpend(summary);
  else spendPer = Float64Array.from({ length: n }, (_, i) => (summary.orders[i]! > 0 ? Math.max(0, summary.totalSpend[i]! / summary.orders[i]!) : 0));
  const clv = customerLifetimeValue(purchase, { conditionalExpectedSpend: () => spendPer }, summary, { months, discountRate: options.discountRate ?? 0.1, margin: 1 }); // revenue: drift is scale-free
  return { asOf: summary.observationEnd, timeUnit: summary.timeUnit, customers: n, numeric: { p_alive: pAlive, expected_purchases: expected, clv }, categorical: {}, binning: {}, mix: [] };
}
