import type { TransactionLog } from "../../data/types.js";
import { dayNumber, isoDate } from "../../time/dayNumber.js";
import type { FeatureMatrix } from "../types.js";

/** Feature names of {@link encodeSequences}, in column order. Times are in days, spend in the log's currency. */
export const SEQUENCE_FEATURES = [
  "log_repeat_purchases",
  "log_recency_days",
  "log_age_days",
  "log_days_since_last",
  "log_ipt_mean_days",
  "ipt_cv",
  "ipt_trend",
  "log_spend_mean",
  "spend_cv",
  "spend_trend",
  "log_total_spend",
  "recency_weighted_activity",
  "log_purchase_rate_per_year",
  "ipt_regularity",
  "weekday_concentration",
  "log_overdue_ratio",
] as const;

/** Normalization fitted on training customers and re-applied to new ones (z-scores, clipped). */
export interface FeatureNormalization {
  readonly featureNames: readonly string[];
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  /** |z| is clipped to this, so a far-out new customer cannot dominate a distance. */
  readonly clip: number;
}

/** Per-customer encoding: raw and normalized features plus the purchase summary the encoder saw. */
export interface EncodedSequences extends FeatureMatrix {
  readonly customerIds: readonly string[];
  readonly featureNames: readonly string[];
  /** Raw (unnormalized) features, same layout as `data`. */
  readonly raw: Float64Array;
  readonly normalization: FeatureNormalization;
  /** Last day included, ISO date (inclusive). */
  readonly asOf: string;
  /** Per customer: distinct purchase days, first and last purchase day (day numbers), net spend. */
  readonly purchaseDays: Int32Array;
  readonly firstPurchase: Int32Array;
  readonly lastPurchase: Int32Array;
  readonly totalSpend: Float64Array;
  /** Net spend of the repeat purchase days (all days but the first). */
  readonly repeatSpend: Float64Array;
}

export interface EncodeSequencesOptions {
  /** Last day to use, ISO `YYYY-MM-DD`, inclusive. Default: the last day in the log. */
  asOf?: string;
  /** Half-life in days of the recency-weighted activity. Default 90. */
  halfLifeDays?: number;
  /** A normalization fitted earlier (on training data); default: fit one on these customers. */
  normalization?: FeatureNormalization;
  /** Encode these customers in this order (a customer without purchases by `asOf` is an error). Default: every customer with a purchase by `asOf`, in log order. */
  customers?: readonly string[];
  /** |z| clip of a newly fitted normalization. Default 8. */
  clip?: number;
}

/**
 * Encodes each customer's purchase sequence (purchases merged per calendar day, as in the BTYD literature) into a
 * fixed-length vector: counts and RFM, inter-purchase time (IPT) mean, spread and trend, spend mean, spread and trend,
 * recency-weighted activity, and periodicity indicators (IPT regularity, weekday concentration, overdue ratio).
 * Every purchase contributes through streaming statistics, so a customer with 10,000 purchases gets the same shape as
 * one with 1 and nothing is truncated. Values are always finite. The normalization is fitted on the customers encoded
 * here unless one is given (fit on training data, pass it for new data).
 * @see https://doi.org/10.1287/mksc.1040.0098 (Fader, Hardie & Lee 2005, RFM as sufficient statistics)
 * @example const enc = encodeSequences(log, { asOf: "1997-09-30" }); enc.rows; enc.featureNames;
 */
export function encodeSequences(log: TransactionLog, options: EncodeSequencesOptions = {}): EncodedSequences {
  const halfLife = options.halfLifeDays ?? 90;
  if (!(halfLife > 0)) throw new Error(`invalid halfLifeDays ${halfLife}: use a positive number of days`);
  if (log.length === 0) throw new Error("empty transaction log: nothing to encode");
  const { minDay, maxDay } = dayRange(log);
  const asOfDay = options.asOf === undefined ? maxDay : dayNumber(options.asOf);
  const order = sortByCustomerDay(log, minDay, maxDay);
  const start = customerRowStarts(log);
  const selected = selectCustomers(log, options.customers, start, order, asOfDay);
  const enc = encodeRaw(log, order, start, selected, asOfDay, halfLife);

  const featureNames = [...SEQUENCE_FEATURES];
  const dim = featureNames.length;
  const rows = selected.length;
  const normalization = options.normalization ?? fitNormalization(enc.raw, rows, dim, featureNames, options.clip ?? 8);
  if (normalization.featureNames.length !== dim || normalization.featureNames.some((f, i) => f !== featureNames[i]))
    throw new Error(`normalization has features [${normalization.featureNames.join(", ")}], expected [${featureNames.join(", ")}]: refit it with this clvlab version`);
  return {
    data: normalize(enc.raw, rows, dim, normalization),
    rows,
    cols: dim,
    customerIds: Array.from(selected, (c) => log.customerIds[c]!),
    featureNames,
    raw: enc.raw,
    normalization,
    asOf: isoDate(asOfDay),
    purchaseDays: enc.purchaseDays,
    firstPurchase: enc.firstPurchase,
    lastPurchase: enc.lastPurchase,
    totalSpend: enc.totalSpend,
    repeatSpend: enc.repeatSpend,
  };
}

/** First and last day number in the log. */
function dayRange(log: TransactionLog): { minDay: number; maxDay: number } {
  let maxDay = -Infinity;
  let minDay = Infinity;
  for (let i = 0; i < log.length; i++) {
    const d = log.day[i]!;
    if (d > maxDay) maxDay = d;
    if (d < minDay) minDay = d;
  }
  return { minDay, maxDay };
}

/** Row ranges per customer in the (customer, day) order: customer c's rows are start[c] .. start[c + 1] − 1. */
function customerRowStarts(log: TransactionLog): Int32Array {
  const nCust = log.customerIds.length;
  const start = new Int32Array(nCust + 1);
  for (let i = 0; i < log.length; i++) start[log.customer[i]! + 1]!++;
  for (let c = 0; c < nCust; c++) start[c + 1]! += start[c]!;
  return start;
}

/** Customer indices to encode: the given ids in their order, or every customer with a purchase by `asOfDay`. */
function selectCustomers(log: TransactionLog, customers: readonly string[] | undefined, start: Int32Array, order: Int32Array, asOfDay: number): Int32Array {
  if (customers) {
    const index = new Map<string, number>();
    log.customerIds.forEach((id, c) => index.set(id, c));
    const selected = new Int32Array(customers.length);
    customers.forEach((id, j) => {
      const c = index.get(id);
      if (c === undefined) throw new Error(`customer ${JSON.stringify(id)} has no transactions: drop it from \`customers\``);
      selected[j] = c;
    });
    return selected;
  }
  const keep: number[] = [];
  for (let c = 0; c < log.customerIds.length; c++) {
    const r0 = start[c]!;
    if (start[c + 1]! > r0 && log.day[order[r0]!]! <= asOfDay) keep.push(c);
  }
  return Int32Array.from(keep);
}

/** Raw features and purchase summary of the selected customers (the per-customer outputs of {@link EncodedSequences}). */
function encodeRaw(log: TransactionLog, order: Int32Array, start: Int32Array, selected: Int32Array, asOfDay: number, halfLife: number) {
  const dim = SEQUENCE_FEATURES.length;
  const rows = selected.length;
  const raw = new Float64Array(rows * dim);
  const purchaseDays = new Int32Array(rows);
  const firstPurchase = new Int32Array(rows);
  const lastPurchase = new Int32Array(rows);
  const totalSpend = new Float64Array(rows);
  const repeatSpend = new Float64Array(rows);
  // Scratch buffers sized to the longest sequence; reused across customers.
  let maxLen = 1;
  for (let c = 0; c < log.customerIds.length; c++) maxLen = Math.max(maxLen, start[c + 1]! - start[c]!);
  const days = new Float64Array(maxLen);
  const spend = new Float64Array(maxLen);
  const ipt = new Float64Array(maxLen);

  for (let j = 0; j < rows; j++) {
    const c = selected[j]!;
    const m = mergePurchaseDays(log, order, start[c]!, start[c + 1]!, asOfDay, days, spend);
    if (m === 0) throw new Error(`customer ${JSON.stringify(log.customerIds[c])} has no purchase on or before ${isoDate(asOfDay)}: drop it from \`customers\``);
    const first = days[0]!;
    const last = days[m - 1]!;
    const age = asOfDay - first;
    let total = 0;
    for (let t = 0; t < m; t++) total += spend[t]!;
    purchaseDays[j] = m;
    firstPurchase[j] = first;
    lastPurchase[j] = last;
    totalSpend[j] = total;
    repeatSpend[j] = total - spend[0]!;

    const gaps = interPurchaseFeatures(days, m, age, ipt);
    const spending = spendFeatures(spend, m);
    const { activity, concentration } = timingFeatures(days, m, asOfDay, halfLife);

    const o = j * dim;
    raw[o] = Math.log1p(m - 1);
    raw[o + 1] = Math.log1p(last - first);
    raw[o + 2] = Math.log1p(age);
    raw[o + 3] = Math.log1p(asOfDay - last);
    raw[o + 4] = Math.log1p(gaps.mean);
    raw[o + 5] = gaps.cv;
    raw[o + 6] = gaps.trend;
    raw[o + 7] = Math.log1p(spending.mean);
    raw[o + 8] = spending.cv;
    raw[o + 9] = spending.trend;
    raw[o + 10] = Math.log1p(Math.max(0, total));
    raw[o + 11] = Math.log1p(activity);
    raw[o + 12] = Math.log1p(((m - 1) / (age + 1)) * 365);
    raw[o + 13] = gaps.regularity;
    raw[o + 14] = concentration;
    raw[o + 15] = Math.log((asOfDay - last + 1) / (gaps.mean + 1));
  }
  return { raw, purchaseDays, firstPurchase, lastPurchase, totalSpend, repeatSpend };
}

/** Merges one customer's rows r0 .. r1 − 1 (in day order) into purchase days with their net spend, up to `asOfDay`; returns how many. */
function mergePurchaseDays(log: TransactionLog, order: Int32Array, r0: number, r1: number, asOfDay: number, days: Float64Array, spend: Float64Array): number {
  let m = 0;
  let prev = -Infinity;
  for (let r = r0; r < r1; r++) {
    const row = order[r]!;
    const d = log.day[row]!;
    if (d > asOfDay) break;
    if (d !== prev) {
      days[m] = d;
      spend[m] = 0;
      m++;
      prev = d;
    }
    spend[m - 1]! += log.amount[row]!;
  }
  return m;
}

/** Inter-purchase times: mean, spread, trend (late half vs early half), regularity around the median; `ipt` is scratch. */
function interPurchaseFeatures(days: Float64Array, m: number, age: number, ipt: Float64Array): { mean: number; cv: number; trend: number; regularity: number } {
  const nIpt = m - 1;
  // No repeat yet: the gap is at least the customer's age (censored), the best finite stand-in.
  if (nIpt < 1) return { mean: age + 1, cv: 0, trend: 0, regularity: 0 };
  for (let t = 0; t < nIpt; t++) ipt[t] = days[t + 1]! - days[t]!;
  const mean = meanOf(ipt, 0, nIpt);
  if (nIpt < 2) return { mean, cv: 0, trend: 0, regularity: 0 };
  const cv = sdOf(ipt, 0, nIpt, mean) / mean;
  const h = nIpt >> 1;
  const trend = clamp((meanOf(ipt, nIpt - h, nIpt) - meanOf(ipt, 0, h)) / mean, -5, 5);
  const med = medianOf(ipt.slice(0, nIpt));
  let near = 0;
  for (let t = 0; t < nIpt; t++) if (Math.abs(ipt[t]! - med) <= 0.25 * med) near++;
  return { mean, cv, trend, regularity: near / nIpt };
}

/** Spend per purchase day: mean, spread and trend (returns can make a day negative; all use the positive part, set in `spend`). */
function spendFeatures(spend: Float64Array, m: number): { mean: number; cv: number; trend: number } {
  for (let t = 0; t < m; t++) spend[t] = Math.max(0, spend[t]!);
  const mean = meanOf(spend, 0, m);
  if (!(m >= 2 && mean > 0)) return { mean, cv: 0, trend: 0 };
  const h = m >> 1;
  return {
    mean,
    cv: sdOf(spend, 0, m, mean) / mean,
    trend: clamp((meanOf(spend, m - h, m) - meanOf(spend, 0, h)) / mean, -5, 5),
  };
}

/** Recency-weighted activity (half-life in days) and weekday concentration (1 − normalized entropy, shrunk for short sequences). */
function timingFeatures(days: Float64Array, m: number, asOfDay: number, halfLife: number): { activity: number; concentration: number } {
  let activity = 0;
  const weekday = [0, 0, 0, 0, 0, 0, 0];
  for (let t = 0; t < m; t++) {
    activity += Math.exp((-Math.LN2 * (asOfDay - days[t]!)) / halfLife);
    weekday[(((days[t]! + 4) % 7) + 7) % 7]!++;
  }
  let entropy = 0;
  for (const w of weekday) if (w > 0) entropy -= (w / m) * Math.log(w / m);
  const concentration = m >= 2 ? (1 - entropy / Math.log(Math.min(7, m))) * ((m - 1) / (m + 2)) : 0;
  return { activity, concentration };
}

/** Z-scores of the raw features under `normalization`, clipped to ±clip. */
function normalize(raw: Float64Array, rows: number, dim: number, normalization: FeatureNormalization): Float64Array {
  const data = new Float64Array(rows * dim);
  for (let i = 0; i < rows; i++)
    for (let f = 0; f < dim; f++) {
      const z = (raw[i * dim + f]! - normalization.mean[f]!) / normalization.scale[f]!;
      data[i * dim + f] = clamp(z, -normalization.clip, normalization.clip);
    }
  return data;
}

/** Row order sorted by (customer, day): two stable counting-sort passes, O(n), no comparisons. */
function sortByCustomerDay(log: TransactionLog, minDay: number, maxDay: number): Int32Array {
  const n = log.length;
  const span = maxDay - minDay + 1;
  const byDay = new Int32Array(n);
  const cnt = new Int32Array(span + 1);
  for (let i = 0; i < n; i++) cnt[log.day[i]! - minDay + 1]!++;
  for (let d = 0; d < span; d++) cnt[d + 1]! += cnt[d]!;
  for (let i = 0; i < n; i++) byDay[cnt[log.day[i]! - minDay]!++] = i;
  const nCust = log.customerIds.length;
  const cc = new Int32Array(nCust + 1);
  for (let i = 0; i < n; i++) cc[log.customer[i]! + 1]!++;
  for (let c = 0; c < nCust; c++) cc[c + 1]! += cc[c]!;
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const i = byDay[r]!;
    order[cc[log.customer[i]!]!++] = i;
  }
  return order;
}

function fitNormalization(raw: Float64Array, rows: number, dim: number, featureNames: string[], clip: number): FeatureNormalization {
  const mean = new Float64Array(dim);
  const scale = new Float64Array(dim);
  for (let f = 0; f < dim; f++) {
    let s = 0;
    for (let i = 0; i < rows; i++) s += raw[i * dim + f]!;
    const mu = rows > 0 ? s / rows : 0;
    let v = 0;
    for (let i = 0; i < rows; i++) v += (raw[i * dim + f]! - mu) ** 2;
    const sd = rows > 1 ? Math.sqrt(v / (rows - 1)) : 0;
    mean[f] = mu;
    // A constant feature keeps scale 1 so it maps to 0 rather than dividing by zero.
    scale[f] = sd > 1e-12 ? sd : 1;
  }
  return { featureNames, mean, scale, clip };
}

function meanOf(a: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]!;
  return to > from ? s / (to - from) : 0;
}

function sdOf(a: Float64Array, from: number, to: number, mean: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += (a[i]! - mean) ** 2;
  return to - from > 1 ? Math.sqrt(s / (to - from - 1)) : 0;
}

function medianOf(a: Float64Array): number {
  a.sort();
  const h = a.length >> 1;
  return a.length % 2 ? a[h]! : (a[h - 1]! + a[h]!) / 2;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
