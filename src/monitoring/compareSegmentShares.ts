import { categoricalDrift, type FeatureDrift } from "./compareFeatures.js";
import { resolveThresholds, type DriftThresholds } from "./severity.js";

/** Options of {@link compareSegmentShares}. */
export interface CompareSegmentSharesOptions {
  /** Alert thresholds (defaults: DEFAULT_DRIFT_THRESHOLDS; PSI, Jensen–Shannon and Cramér's V apply). */
  thresholds?: Partial<DriftThresholds>;
  /** PSI floor for an empty segment (default 1e-4). */
  epsilon?: number;
}

/**
 * Drift of a segmentation's mix: the customers per most probable segment at the reference (by default the
 * training-time counts stored with the pipeline) against the current ones, compared as a categorical feature named
 * `segment_share` (group "prediction"): Pearson chi-square test of homogeneity on the 2 × k table of counts with its
 * p-value (reported), and the effect sizes that alert — PSI on the segment proportions (empty segments floored at
 * 1e-4), Jensen–Shannon distance and Cramér's V. Segments are labelled "0" … "k−1" as in the pipeline's profiles; a
 * segment empty in both samples is left out of the bins (it has no share to compare).
 * @see Pearson (1900), Philosophical Magazine 50 (chi-square); Siddiqi (2006), Credit Risk Scorecards, ch. 8 (PSI bands)
 * @example compareSegmentShares([221, 121, 82, 75], [240, 130, 70, 60]).statistics.psi
 */
export function compareSegmentShares(reference: readonly number[], current: readonly number[], options: CompareSegmentSharesOptions = {}): FeatureDrift {
  if (reference.length !== current.length || reference.length === 0) throw new Error(`segment counts differ in length (reference ${reference.length}, current ${current.length}): give one count per segment of the same mixture`);
  const width = String(reference.length - 1).length; // "01" < "10": labels sort as numbers
  const label = (c: number) => String(c).padStart(width, "0");
  const rc: Record<string, number> = {}, cc: Record<string, number> = {};
  reference.forEach((v, c) => (rc[label(c)] = v));
  current.forEach((v, c) => (cc[label(c)] = v));
  return categoricalDrift("segment_share", "prediction", true, rc, cc, resolveThresholds(options.thresholds), options.epsilon ?? 1e-4);
}
