import { DAYS_PER_UNIT, type TimeUnit, type TransactionLog } from "../data/types.js";
import type { CustomerSummary } from "../summaries/types.js";
import { summaryAt } from "./clvBundle.js";
import type { BinningSpec } from "./binning.js";

/** A set of per-customer features at one date: numeric columns and categorical columns, aligned with `customerId`. */
export interface FeatureSet {
  readonly asOf: string;
  readonly timeUnit: TimeUnit;
  readonly customers: number;
  readonly numeric: Readonly<Record<string, Float64Array>>;
  readonly categorical: Readonly<Record<string, readonly string[]>>;
  /** How each numeric feature is binned for PSI (default: reference deciles). */
  readonly binning: Readonly<Record<string, BinningSpec>>;
  /** Features that describe the base's age or mix ("mix"): they move as a base ages or acquisition slows, without any change in behaviour, so they are reported but do not alert unless asked. Others are "behaviour". */
  readonly mix: readonly string[];
}

/** Options of {@link customerFeatures}. */
export interface CustomerFeatureOptions {
  /** Day the features describe (ISO, inclusive): the reference end or the current end. */
  asOf: string;
  /** Unit of recency, T and the purchase rate (default "weeks"). */
  timeUnit?: TimeUnit;
  /** Log attributes (e.g. "city") to monitor as categorical mixes: each customer's value on the first row. */
  attributes?: readonly string[];
}

/** Tenure bands in days (cohort mix relative to age): < 3 months, 3–6, 6–12, 1–2 years, 2 years +. */
const TENURE = [
  [91, "< 3 months"],
  [183, "3-6 months"],
  [365, "6-12 months"],
  [730, "1-2 years"],
] as const;

/**
 * The input features monitored for a BTYD-based CLV model, per customer at `asOf` (customers with a purchase on or
 * before it): `frequency` (repeat purchase days; value bins 0..9, 10+, because most customers have 0 and deciles
 * collapse), `purchase_rate` = frequency / T and `recency_ratio` = recency / T (behaviour relative to age, so an
 * ageing customer base is not mistaken for drift; undefined at T = 0 and counted apart), `T` (age), `log_mean_spend`
 * (ln of net spend per purchase day), and as categorical mixes `one_time_buyer` (frequency 0 or not), `tenure_band`
 * (cohort mix by age) and any requested log attribute. `frequency`, `T`, `tenure_band` and the attributes are "mix"
 * features: they grow or shift as the base ages (frequency counts up with age) or as acquisition speeds up or slows,
 * so they explain a change but do not raise alerts by default.
 * @see Fader, Hardie & Lee (2005), RFM and CLV, JMR 42(4) (the frequency/recency/T summary) — https://brucehardie.com/papers/rfm_clv_2005-02-16.pdf
 * @example const ref = customerFeatures(log, { asOf: "2024-06-30", timeUnit: "weeks" }); ref.numeric.purchase_rate
 */
export function customerFeatures(log: TransactionLog, options: CustomerFeatureOptions): FeatureSet & { summary: CustomerSummary } {
  const timeUnit = options.timeUnit ?? "weeks";
  const s = summaryAt(log, timeUnit, options.asOf);
  return featuresFromSummary(s, log, options.attributes ?? []);
}

/** Features of a summary (internal; `log` supplies attributes). */
export function featuresFromSummary(s: CustomerSummary, log: TransactionLog | undefined, attributes: readonly string[]): FeatureSet & { summary: CustomerSummary } {
  const n = s.customerId.length;
  const rate = new Float64Array(n), ratio = new Float64Array(n), spend = new Float64Array(n);
  const oneTime: string[] = new Array(n), tenure: string[] = new Array(n);
  const perUnit = DAYS_PER_UNIT[s.timeUnit];
  for (let i = 0; i < n; i++) {
    const T = s.T[i]!;
    rate[i] = T > 0 ? s.frequency[i]! / T : NaN;
    ratio[i] = T > 0 ? s.recency[i]! / T : NaN;
    const perDay = s.orders[i]! > 0 ? s.totalSpend[i]! / s.orders[i]! : NaN;
    spend[i] = perDay > 0 ? Math.log(perDay) : NaN;
    oneTime[i] = s.frequency[i] === 0 ? "yes" : "no";
    const days = T * perUnit;
    tenure[i] = TENURE.find(([d]) => days < d)?.[1] ?? "2 years +";
  }
  const categorical: Record<string, readonly string[]> = { one_time_buyer: oneTime, tenure_band: tenure };
  if (attributes.length) {
    if (!log) throw new Error("attributes need the transaction log");
    const index = new Map<string, number>();
    s.customerId.forEach((id, i) => index.set(id, i));
    for (const a of attributes) {
      const col = log.attributes[a];
      if (!col) throw new Error(`no attribute ${JSON.stringify(a)} in the transactions: use one of ${Object.keys(log.attributes).join(", ") || "(none loaded)"}`);
      const out: string[] = new Array(n).fill("");
      const seen = new Uint8Array(n);
      for (let r = 0; r < log.length; r++) {
        const i = index.get(log.customerIds[log.customer[r]!]!);
        if (i !== undefined && !seen[i]) {
          seen[i] = 1;
          out[i] = col[r] ?? "";
        }
      }
      categorical[a] = out;
    }
  }
  return {
    asOf: s.observationEnd,
    timeUnit: s.timeUnit,
    customers: n,
    numeric: { frequency: s.frequency, purchase_rate: rate, recency_ratio: ratio, T: s.T, log_mean_spend: spend },
    categorical,
    binning: { frequency: { kind: "values", max: 10 } },
    mix: ["frequency", "T", "tenure_band", ...attributes],
    summary: s,
  };
}
