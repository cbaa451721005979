/** Drift severity, ordered: none < moderate < major. */
export type Severity = "none" | "moderate" | "major";

/** A pair of thresholds: values ≥ `moderate` are moderate, ≥ `major` are major. */
export interface ThresholdPair {
  readonly moderate: number;
  readonly major: number;
}

/** Thresholds on the effect sizes that raise alerts (p-values are reported, never alerted on by default). */
export interface DriftThresholds {
  /** Population stability index. Default 0.1 / 0.25 (Siddiqi 2006). */
  psi: ThresholdPair;
  /** Jensen–Shannon distance (base 2) on the same bins. Default 0.1 / 0.2. */
  jensenShannon: ThresholdPair;
  /** Wasserstein distance in reference standard deviations. Default 0.1 / 0.2. */
  wasserstein: ThresholdPair;
  /** Cramér's V of a categorical feature. Default 0.1 / 0.2. */
  cramersV: ThresholdPair;
  /** Also alert when a p-value (KS, chi-square) falls below this; default 0 (never: at large n trivial shifts are significant). */
  pValue: number;
  /** Realized vs predicted: periods in a row outside the band that make a moderate / major alert. Default 2 / 3. */
  trackingRun: ThresholdPair;
}

/** The documented defaults (docs/monitoring.md). */
export const DEFAULT_DRIFT_THRESHOLDS: Readonly<DriftThresholds> = Object.freeze({
  psi: { moderate: 0.1, major: 0.25 },
  jensenShannon: { moderate: 0.1, major: 0.2 },
  wasserstein: { moderate: 0.1, major: 0.2 },
  cramersV: { moderate: 0.1, major: 0.2 },
  pValue: 0,
  trackingRun: { moderate: 2, major: 3 },
});

const ORDER: Readonly<Record<Severity, number>> = { none: 0, moderate: 1, major: 2 };

/** The larger of severities. */
export function maxSeverity(...levels: Severity[]): Severity {
  let out: Severity = "none";
  for (const l of levels) if (ORDER[l] > ORDER[out]) out = l;
  return out;
}

/** Exit code for a scheduler: 0 none, 1 moderate, 2 major. */
export function severityExitCode(level: Severity): 0 | 1 | 2 {
  return ORDER[level] as 0 | 1 | 2;
}

/**
 * Merges user thresholds over the defaults and checks them (moderate ≤ major, non-negative, p-value in [0, 1)).
 * @example resolveThresholds({ psi: { moderate: 0.05, major: 0.2 } }).psi.major // 0.2
 */
export function resolveThresholds(user: Partial<DriftThresholds> = {}): DriftThresholds {
  const t: DriftThresholds = { ...DEFAULT_DRIFT_THRESHOLDS, ...user };
  for (const k of ["psi", "jensenShannon", "wasserstein", "cramersV", "trackingRun"] as const) {
    const p = t[k];
    if (!p || !(p.moderate >= 0) || !(p.major >= p.moderate)) throw new Error(`invalid ${k} thresholds ${JSON.stringify(p)}: use { moderate, major } with 0 ≤ moderate ≤ major`);
  }
  if (!(t.pValue >= 0 && t.pValue < 1)) throw new Error(`invalid pValue threshold ${t.pValue}: use a number in [0, 1) (0 disables p-value alerts)`);
  return t;
}

/**
 * Severity of one value against a threshold pair.
 * @see Siddiqi N. (2006), Credit Risk Scorecards (the PSI rule of thumb 0.1 / 0.25)
 * @example severityOf(0.12, DEFAULT_DRIFT_THRESHOLDS.psi) // "moderate"
 */
export function severityOf(value: number, pair: ThresholdPair): Severity {
  if (!Number.isFinite(value)) return "none";
  return value >= pair.major ? "major" : value >= pair.moderate ? "moderate" : "none";
}
