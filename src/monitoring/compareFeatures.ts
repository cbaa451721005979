import { binCounts, proportions, referenceBins, sortedFinite, type BinnedShares, type BinningSpec } from "./binning.js";
import { chiSquareHomogeneity } from "./chiSquareHomogeneity.js";
import type { FeatureSet } from "./customerFeatures.js";
import { jensenShannonDistance } from "./jensenShannonDistance.js";
import { ksTwoSample } from "./ksTwoSample.js";
import { psiFromProportions } from "./populationStabilityIndex.js";
import { maxSeverity, resolveThresholds, severityOf, type DriftThresholds, type Severity } from "./severity.js";
import { wassersteinDistance } from "./wassersteinDistance.js";

/** Drift of one feature: the bins (not the rows), every statistic and the status. Statistics that do not apply are null. */
export interface FeatureDrift extends BinnedShares {
  readonly name: string;
  /** "input" (customer behaviour) or "prediction" (model output). */
  readonly group: "input" | "prediction";
  /** Whether the status counts towards alerts: false for "mix" features (age, tenure, frequency, attributes) unless `alertOnMix`. */
  readonly alerting: boolean;
  readonly kind: "numeric" | "categorical";
  /** "quantile" (reference deciles), "values" (0..9, 10+), "edges" or "categories". */
  readonly binning: "quantile" | "values" | "edges" | "categories";
  readonly referenceMean: number | null;
  readonly currentMean: number | null;
  readonly statistics: {
    readonly psi: number;
    readonly jensenShannon: number;
    readonly ksStatistic: number | null;
    readonly ksPValue: number | null;
    readonly wassersteinNormalized: number | null;
    readonly chiSquare: number | null;
    readonly chiSquarePValue: number | null;
    readonly cramersV: number | null;
  };
  readonly status: Severity;
  /** Why the status is not "none" (one line per statistic over its threshold). */
  readonly reasons: string[];
}

/** Options of {@link compareFeatures}. */
export interface CompareFeaturesOptions {
  /** Alert thresholds (defaults: DEFAULT_DRIFT_THRESHOLDS). */
  thresholds?: Partial<DriftThresholds>;
  /** Group recorded on every result (default "input"). */
  group?: "input" | "prediction";
  /** PSI floor for empty bins (default 1e-4). */
  epsilon?: number;
  /** Let "mix" features (age, tenure, raw frequency, attributes) raise alerts too (default false). */
  alertOnMix?: boolean;
  /** KS p-value method (default "auto": exact up to 10 000 values per sample). */
  ksMethod?: "auto" | "exact" | "asymptotic";
}

const r6 = (x: number) => Number(x.toPrecision(6));

/**
 * Compares every feature of `current` with `reference`: numeric features on bins fixed on the reference (PSI,
 * Jensen–Shannon distance on the same bins, two-sample KS with its p-value, Wasserstein distance in reference sds),
 * categorical ones by their shares (PSI, Jensen–Shannon, chi-square with p-value, Cramér's V). The status alerts
 * on effect sizes only (PSI, Jensen–Shannon, normalised Wasserstein, Cramér's V); p-values are reported, and alert
 * only when `thresholds.pValue` is set above 0, because at large n a trivial shift is significant.
 * @see Siddiqi (2006) for PSI bands; Lin (1991) Jensen–Shannon; Hodges (1957) KS; Villani (2009) Wasserstein
 * @example compareFeatures(customerFeatures(log, { asOf: "2024-06-30" }), customerFeatures(log, { asOf: "2024-09-30" }))
 */
export function compareFeatures(reference: FeatureSet, current: FeatureSet, options: CompareFeaturesOptions = {}): FeatureDrift[] {
  const t = resolveThresholds(options.thresholds);
  const eps = options.epsilon ?? 1e-4;
  const group = options.group ?? "input";
  const out: FeatureDrift[] = [];
  for (const name of Object.keys(reference.numeric)) {
    const cur = current.numeric[name];
    if (!cur) throw new Error(`feature ${JSON.stringify(name)} is in the reference but not in the current features`);
    const ref = sortedFinite(reference.numeric[name]!);
    const c = sortedFinite(cur);
    if (ref.length === 0 || c.length === 0) throw new Error(`feature ${name}: no finite values (reference ${ref.length}, current ${c.length}): widen the windows`);
    const spec: BinningSpec = reference.binning[name] ?? { kind: "quantile", bins: 10 };
    const bins = referenceBins(ref, spec);
    const rp = proportions(binCounts(ref, bins.edges)), cp = proportions(binCounts(c, bins.edges));
    const psi = psiFromProportions(rp, cp, eps);
    const js = jensenShannonDistance(rp, cp);
    const ks = ksTwoSample(ref, c, { method: options.ksMethod ?? "auto" });
    let w: number | null = null;
    try {
      w = wassersteinDistance(ref, c, { normalize: true });
    } catch {
      w = null; // constant reference: no spread to normalise by; PSI still applies
    }
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    const reasons: string[] = [];
    const levels: Severity[] = [];
    const check = (label: string, v: number | null, pair: { moderate: number; major: number }) => {
      if (v === null) return;
      const l = severityOf(v, pair);
      levels.push(l);
      if (l !== "none") reasons.push(`${label} ${r6(v)} ≥ ${l === "major" ? pair.major : pair.moderate} (${l})`);
    };
    check("psi", psi, t.psi);
    check("jensen-shannon", js, t.jensenShannon);
    check("wasserstein/sd", w, t.wasserstein);
    if (t.pValue > 0 && ks.pValue < t.pValue) {
      levels.push("moderate");
      reasons.push(`ks p-value ${r6(ks.pValue)} < ${t.pValue}`);
    }
    out.push({
      name,
      group,
      alerting: options.alertOnMix === true || !reference.mix.includes(name),
      kind: "numeric",
      binning: spec.kind,
      edges: bins.edges.map(r6),
      labels: bins.labels,
      referenceProportions: Array.from(rp, r6),
      currentProportions: Array.from(cp, r6),
      referenceCount: ref.length,
      currentCount: c.length,
      referenceNonFinite: reference.numeric[name]!.length - ref.length,
      currentNonFinite: cur.length - c.length,
      referenceMean: r6(mean(ref)),
      currentMean: r6(mean(c)),
      statistics: { psi: r6(psi), jensenShannon: r6(js), ksStatistic: r6(ks.statistic), ksPValue: r6(ks.pValue), wassersteinNormalized: w === null ? null : r6(w), chiSquare: null, chiSquarePValue: null, cramersV: null },
      status: maxSeverity(...levels),
      reasons,
    });
  }
  for (const name of Object.keys(reference.categorical)) {
    const cur = current.categorical[name];
    if (!cur) throw new Error(`feature ${JSON.stringify(name)} is in the reference but not in the current features`);
    const count = (v: readonly string[]) => {
      const m: Record<string, number> = {};
      for (const x of v) m[x] = (m[x] ?? 0) + 1;
      return m;
    };
    out.push(categoricalDrift(name, group, options.alertOnMix === true || !reference.mix.includes(name), count(reference.categorical[name]!), count(cur), t, eps));
  }
  return out;
}

/**
 * Drift of one categorical feature from its category counts (internal; segment shares use it too): PSI,
 * Jensen–Shannon, chi-square with p-value and Cramér's V on the shares, status on the effect sizes.
 */
export function categoricalDrift(name: string, group: "input" | "prediction", alerting: boolean, rc: Readonly<Record<string, number>>, cc: Readonly<Record<string, number>>, t: DriftThresholds, eps: number): FeatureDrift {
  const chi = chiSquareHomogeneity(rc, cc);
  const psi = psiFromProportions(chi.referenceProportions, chi.currentProportions, eps);
  const js = jensenShannonDistance(chi.referenceProportions, chi.currentProportions);
  const reasons: string[] = [];
  const levels: Severity[] = [];
  for (const [label, v, pair] of [["psi", psi, t.psi], ["jensen-shannon", js, t.jensenShannon], ["cramér's v", chi.cramersV, t.cramersV]] as const) {
    const l = severityOf(v, pair);
    levels.push(l);
    if (l !== "none") reasons.push(`${label} ${r6(v)} ≥ ${l === "major" ? pair.major : pair.moderate} (${l})`);
  }
  if (t.pValue > 0 && chi.pValue < t.pValue) {
    levels.push("moderate");
    reasons.push(`chi-square p-value ${r6(chi.pValue)} < ${t.pValue}`);
  }
  const total = (m: Readonly<Record<string, number>>) => Object.values(m).reduce((a, b) => a + b, 0);
  return {
    name,
    group,
    alerting,
    kind: "categorical",
    binning: "categories",
    edges: [],
    labels: chi.categories,
    referenceProportions: chi.referenceProportions.map(r6),
    currentProportions: chi.currentProportions.map(r6),
    referenceCount: total(rc),
    currentCount: total(cc),
    referenceNonFinite: 0,
    currentNonFinite: 0,
    referenceMean: null,
    currentMean: null,
    statistics: { psi: r6(psi), jensenShannon: r6(js), ksStatistic: null, ksPValue: null, wassersteinNormalized: null, chiSquare: r6(chi.statistic), chiSquarePValue: r6(chi.pValue), cramersV: r6(chi.cramersV) },
    status: maxSeverity(...levels),
    reasons,
  };
}
