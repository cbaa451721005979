import type { FeatureMatrix } from "../types.js";

/** Readable names of the encoder's features, for labels. */
const READABLE: Record<string, string> = {
  log_repeat_purchases: "repeat purchases",
  log_recency_days: "recency span",
  log_age_days: "tenure",
  log_days_since_last: "days since last purchase",
  log_ipt_mean_days: "gap between purchases",
  ipt_cv: "gap variability",
  ipt_trend: "gap trend",
  log_spend_mean: "spend per purchase",
  spend_cv: "spend variability",
  spend_trend: "spend trend",
  log_total_spend: "total spend",
  recency_weighted_activity: "recent activity",
  log_purchase_rate_per_year: "purchase rate",
  ipt_regularity: "regularity",
  weekday_concentration: "weekday habit",
  log_overdue_ratio: "overdue ratio",
};

export interface SegmentProfile {
  segment: number;
  /** Customers whose most probable segment this is. */
  size: number;
  /** Sum of the soft probabilities over customers, divided by the number of customers. */
  share: number;
  /** Probability-weighted mean of each raw (unnormalized) feature, by feature name. */
  featureMeans: Record<string, number>;
  /** Probability-weighted mean of the normalized features (z-scores; 0 is the population average). */
  featureScores: Record<string, number>;
  /** Probability-weighted mean value (e.g. predicted CLV or past spend), when values were given. */
  value?: number;
  /** Features that set the segment apart, largest |z| first, with the sign of the difference. */
  distinguishing: Array<{ feature: string; z: number }>;
  /** A short readable label built from the distinguishing features, e.g. "high repeat purchases, low days since last purchase". */
  label: string;
}

export interface SegmentProfilesInput {
  /** Normalized features used for clustering (rows × cols). */
  features: FeatureMatrix;
  featureNames: readonly string[];
  /** Raw features (same layout); default: the normalized ones. */
  raw?: Float64Array;
  /** Soft probabilities rows × k. */
  probabilities: Float64Array;
  k: number;
  /** Optional value per customer (any currency unit), averaged per segment. */
  value?: Float64Array;
  /** Features named in a label. Default 2. */
  labelFeatures?: number;
}

/**
 * Describes each segment of a soft clustering: size, share, probability-weighted feature means (raw and z-scores),
 * value, the features that set it apart (largest |z| of the weighted mean z-score) and a readable label.
 * @see https://doi.org/10.1509/jmkr.37.1.45.18785 (Wedel & Kamakura, market segmentation by mixture models)
 * @example const profiles = segmentProfiles({ features: enc, featureNames: enc.featureNames, raw: enc.raw, probabilities, k });
 */
export function segmentProfiles(input: SegmentProfilesInput): SegmentProfile[] {
  const { features, featureNames, probabilities, k } = input;
  const { rows: n, cols: d } = features;
  const raw = input.raw ?? features.data;
  if (featureNames.length !== d) throw new Error(`${featureNames.length} feature names for ${d} columns: give one name per column`);
  if (probabilities.length !== n * k) throw new Error(`probabilities have ${probabilities.length} values, expected rows × k = ${n * k}`);
  if (input.value && input.value.length !== n) throw new Error(`value has ${input.value.length} entries, expected one per row (${n})`);
  const top = input.labelFeatures ?? 2;
  const out: SegmentProfile[] = [];
  for (let c = 0; c < k; c++) {
    let w = 0;
    let size = 0;
    let v = 0;
    const zs = new Float64Array(d);
    const rs = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const p = probabilities[i * k + c]!;
      let best = 0;
      for (let j = 1; j < k; j++) if (probabilities[i * k + j]! > probabilities[i * k + best]!) best = j;
      if (best === c) size++;
      if (p === 0) continue;
      w += p;
      if (input.value) v += p * input.value[i]!;
      for (let f = 0; f < d; f++) {
        zs[f]! += p * features.data[i * d + f]!;
        rs[f]! += p * raw[i * d + f]!;
      }
    }
    const featureMeans: Record<string, number> = {};
    const featureScores: Record<string, number> = {};
    const ranked: Array<{ feature: string; z: number }> = [];
    featureNames.forEach((name, f) => {
      featureMeans[name] = w > 0 ? rs[f]! / w : 0;
      featureScores[name] = w > 0 ? zs[f]! / w : 0;
      ranked.push({ feature: name, z: featureScores[name]! });
    });
    ranked.sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
    const distinguishing = ranked.slice(0, Math.max(top, 3));
    const parts = distinguishing
      .slice(0, top)
      .filter((r) => Math.abs(r.z) >= 0.25)
      .map((r) => `${r.z > 0 ? "high" : "low"} ${READABLE[r.feature] ?? r.feature.replace(/_/g, " ")}`);
    out.push({
      segment: c,
      size,
      share: n > 0 ? w / n : 0,
      featureMeans,
      featureScores,
      ...(input.value ? { value: w > 0 ? v / w : 0 } : {}),
      distinguishing,
      label: parts.length ? parts.join(", ") : "average customers",
    });
  }
  return out;
}
