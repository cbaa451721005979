import { DAYS_PER_UNIT, type TimeUnit } from "../data/types.js";
import { checkPredictions } from "./checkPredictions.js";
import type { CustomerData } from "./columns.js";
import { CLV_DEFAULTS } from "./clvDefaults.js";
import { gaussLaguerreRule, gaussLegendreRule } from "../numeric/quadrature.js";

/** What CLV needs from a purchase model (BG/NBD, Pareto/NBD, MBG/NBD). */
export interface PurchaseModelLike {
  conditionalExpectedPurchases(t: number, customers: CustomerData): Float64Array;
  /** Σ_k weights[k] · E[Y(times[k]) | x, t_x, T] in one pass, when the model shares work across horizons. */
  weightedExpectedPurchases?(times: ArrayLike<number>, weights: ArrayLike<number>, customers: CustomerData): Float64Array;
  readonly timeUnit?: TimeUnit;
}
/** What CLV needs from a spend model (Gamma-Gamma), or a fixed spend per transaction. */
export type SpendModelLike = { conditionalExpectedSpend(customers: CustomerData): Float64Array } | number;

export { CLV_DEFAULTS } from "./clvDefaults.js";

/** Options of {@link customerLifetimeValue}. */
export interface ClvOptions {
  /** Horizon in months of 365.25/12 days (default 12). `Infinity` is allowed with continuous discounting (DERT). */
  months?: number;
  /** Discount rate per `discountRatePeriod` (default 0.10 per year, {@link CLV_DEFAULTS}). */
  discountRate?: number;
  /** Period of `discountRate`: "year" (default) or "month" (lifetimes' and PyMC-Marketing's convention). */
  discountRatePeriod?: "year" | "month";
  /** "discrete" (default): monthly steps discounted at the end of each month, as lifetimes and PyMC-Marketing;
   * "continuous": e^(−δt) on the purchase flow, the discounted expected transactions (DERT) of BTYD and CLVTools. */
  discounting?: "discrete" | "continuous";
  /** Profit margin applied to spend (default 0.3, {@link CLV_DEFAULTS}; 1 gives CLV in revenue). */
  margin?: number;
  /** Time unit of the customers' recency and T; default the customers' `timeUnit`, else the model's. */
  timeUnit?: TimeUnit;
  /** Override: data time units per month (lifetimes uses 30 for days and 4.345 for weeks). Default 365.25/12 days in `timeUnit`. */
  unitsPerMonth?: number;
}

/**
 * Customer lifetime value per customer: margin × expected spend per transaction × discounted expected transactions
 * over the horizon. Discrete: Σ_k [E(kΔ) − E((k−1)Δ)] / (1+d)^k over months k (d the monthly rate, Δ one month in
 * the data's unit). Continuous: ∫_0^H e^(−δt) dE(t) = e^(−δH)E(H) + δ∫_0^H e^(−δt)E(t)dt (Gauss-Legendre), with
 * δ = ln(1 + annual rate) per year converted to the data's unit.
 * @see Fader, Hardie & Lee (2005) "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis" — https://brucehardie.com/papers/rfm_clv_2005-02-16.pdf
 * @example customerLifetimeValue(fitBgNbd(summary), fitGammaGamma(summary), summary, { months: 12, discountRate: 0.1, margin: 0.3 })
 */
export function customerLifetimeValue(purchaseModel: PurchaseModelLike, spendModel: SpendModelLike, customers: CustomerData, options: ClvOptions = {}): Float64Array {
  const { times, weights, margin } = clvSchedule(purchaseModel, customers, options);
  let spend: Float64Array | undefined;
  if (typeof spendModel === "number") {
    if (!Number.isFinite(spendModel)) throw new Error(`invalid spend per transaction ${spendModel}`);
  } else spend = spendModel.conditionalExpectedSpend(customers);
  // One call when the model shares work across horizons (BG/NBD family), else one conditionalExpectedPurchases per horizon.
  let disc: Float64Array;
  if (purchaseModel.weightedExpectedPurchases) disc = purchaseModel.weightedExpectedPurchases(times, weights, customers);
  else {
    disc = new Float64Array(0);
    for (let k = 0; k < times.length; k++) {
      const e = purchaseModel.conditionalExpectedPurchases(times[k]!, customers);
      if (disc.length === 0) disc = new Float64Array(e.length);
      for (let i = 0; i < e.length; i++) disc[i] = disc[i]! + weights[k]! * e[i]!;
    }
    if (times.length === 0) disc = purchaseModel.conditionalExpectedPurchases(0, customers);
  }
  checkPredictions(disc, "customerLifetimeValue: discounted expected purchases", {});
  const out = new Float64Array(disc.length);
  for (let i = 0; i < out.length; i++) out[i] = margin * (spend ? spend[i]! : (spendModel as number)) * disc[i]!;
  return out;
}

/**
 * The discounting of {@link customerLifetimeValue} as a weighted sum of expected purchases: CLV = margin × spend ×
 * Σ_k weights[k] E[Y(times[k]) | x, t_x, T], times in the data's unit. Validates the options (internal).
 */
export function clvSchedule(purchaseModel: Pick<PurchaseModelLike, "timeUnit">, customers: CustomerData, options: ClvOptions): { times: number[]; weights: number[]; margin: number } {
  const months = options.months ?? CLV_DEFAULTS.months;
  const rate = options.discountRate ?? CLV_DEFAULTS.discountRate;
  const period = options.discountRatePeriod ?? "year";
  const discounting = options.discounting ?? "discrete";
  const margin = options.margin ?? CLV_DEFAULTS.margin;
  if (!(months >= 0)) throw new Error(`invalid horizon ${months} months: use a non-negative number`);
  if (!(rate >= 0) || !Number.isFinite(rate)) throw new Error(`invalid discount rate ${rate}: use a non-negative number, e.g. 0.10 for 10% per ${period}`);
  if (period !== "year" && period !== "month") throw new Error(`invalid discountRatePeriod "${String(period)}": use "year" or "month"`);
  if (discounting !== "discrete" && discounting !== "continuous") throw new Error(`invalid discounting "${String(discounting)}": use "discrete" or "continuous"`);
  if (!Number.isFinite(margin)) throw new Error(`invalid margin ${margin}: use a number such as 0.30`);
  const dataUnit = (customers as { timeUnit?: unknown }).timeUnit;
  const unit = options.timeUnit ?? (dataUnit === "days" || dataUnit === "weeks" || dataUnit === "months" ? dataUnit : undefined) ?? purchaseModel.timeUnit;
  const perMonth = options.unitsPerMonth ?? (unit ? 365.25 / 12 / DAYS_PER_UNIT[unit] : undefined);
  if (perMonth === undefined) throw new Error(`customerLifetimeValue: unknown time unit of recency and T; pass options.timeUnit ("days", "weeks" or "months")`);
  if (!(perMonth > 0)) throw new Error(`invalid unitsPerMonth ${perMonth}: use a positive number`);
  if (discounting === "discrete" && !Number.isFinite(months)) throw new Error(`an infinite horizon needs discounting: "continuous"`);
  const monthly = period === "month" ? rate : Math.pow(1 + rate, 1 / 12) - 1;
  const times: number[] = [], weights: number[] = [];
  if (discounting === "discrete") {
    const K = Math.round(months);
    if (Math.abs(K - months) > 1e-9) throw new Error(`discrete discounting needs a whole number of months, got ${months}`);
    // Σ_k [E(kΔ) − E((k−1)Δ)] f_k = Σ_k E(kΔ) (f_k − f_{k+1}), f_k = (1+d)^−k, f_{K+1} = 0, E(0) = 0.
    for (let k = 1; k <= K; k++) {
      const f = Math.pow(1 + monthly, -k);
      times.push(k * perMonth);
      weights.push(k < K ? (f * monthly) / (1 + monthly) : f);
    }
  } else {
    // δ per data unit: ln(1 + monthly rate) per month.
    const delta = Math.log1p(monthly) / perMonth;
    const H = months * perMonth;
    if (delta === 0) {
      if (!Number.isFinite(H)) throw new Error(`an infinite horizon needs a positive discount rate`);
      times.push(H);
      weights.push(1);
    } else if (!Number.isFinite(H)) {
      // ∫_0^∞ δ e^(−δt) E(t) dt = ∫_0^∞ e^(−w) E(w/δ) dw: Gauss-Laguerre (E is smooth and grows at most polynomially).
      const { nodes, weights: w } = gaussLaguerreRule(40);
      for (let j = 0; j < nodes.length; j++) {
        if (w[j]! < 1e-300) continue;
        times.push(nodes[j]! / delta);
        weights.push(w[j]!);
      }
    } else {
      // e^(−δH) E(H) + ∫_0^H δ e^(−δt) E(t) dt, the integral by composite Gauss-Legendre.
      const { nodes, weights: w } = gaussLegendreRule(0, H, Math.max(4, Math.min(64, Math.ceil(months / 3))));
      for (let j = 0; j < nodes.length; j++) {
        times.push(nodes[j]!);
        weights.push(w[j]! * delta * Math.exp(-delta * nodes[j]!));
      }
      times.push(H);
      weights.push(Math.exp(-delta * H));
    }
  }
  return { times, weights, margin };
}
