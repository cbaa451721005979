import type { MonitoringSnapshot } from "./monitorModel.js";

const LEVEL = { none: 0, moderate: 1, major: 2 } as const;

/** Escapes a label value for the Prometheus text format (backslash, quote, newline). */
function esc(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/**
 * The snapshot's figures in the Prometheus text exposition format (version 0.0.4): per feature PSI,
 * Jensen–Shannon distance, KS statistic and p-value, normalised Wasserstein distance, Cramér's V and status
 * (0 none, 1 moderate, 2 major); the latest tracking period (actual, expected, band), tracking error and the run of
 * periods outside; for a stacked pipeline the segment shares (`clvlab_segment_share{segment="2",window="current"}`);
 * the overall status. Every metric is a gauge labelled with the model id, e.g.
 * `clvlab_feature_psi{model="…",feature="recency_ratio",group="input"} 0.03`. Statistics that do not apply are left out.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/
 * @example writeFileAtomic("monitor/metrics.prom", snapshotToPrometheus(snapshot))
 */
export function snapshotToPrometheus(snapshot: MonitoringSnapshot): string {
  const model = esc(snapshot.model.id);
  const lines: string[] = [];
  const metric = (name: string, help: string, rows: Array<[Record<string, string>, number | null]>) => {
    const kept = rows.filter(([, v]) => v !== null && Number.isFinite(v));
    if (!kept.length) return;
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [labels, v] of kept) {
      const l = Object.entries({ model, ...labels }).map(([k, x]) => `${k}="${k === "model" ? x : esc(x)}"`).join(",");
      lines.push(`${name}{${l}} ${v}`);
    }
  };
  const f = snapshot.features;
  const lab = (x: (typeof f)[number]) => ({ feature: x.name, group: x.group });
  metric("clvlab_feature_psi", "Population stability index of the feature, current vs reference (bins fixed on the reference).", f.map((x) => [lab(x), x.statistics.psi]));
  metric("clvlab_feature_jensen_shannon", "Jensen-Shannon distance (base 2) on the same bins.", f.map((x) => [lab(x), x.statistics.jensenShannon]));
  metric("clvlab_feature_ks_statistic", "Two-sample Kolmogorov-Smirnov statistic D.", f.map((x) => [lab(x), x.statistics.ksStatistic]));
  metric("clvlab_feature_ks_pvalue", "Two-sample Kolmogorov-Smirnov p-value (reported, not alerted on by default).", f.map((x) => [lab(x), x.statistics.ksPValue]));
  metric("clvlab_feature_wasserstein_normalized", "Wasserstein distance in reference standard deviations.", f.map((x) => [lab(x), x.statistics.wassersteinNormalized]));
  metric("clvlab_feature_cramers_v", "Cramer's V of a categorical feature.", f.map((x) => [lab(x), x.statistics.cramersV]));
  metric("clvlab_feature_status", "Feature drift status: 0 none, 1 moderate, 2 major.", f.map((x) => [lab(x), LEVEL[x.status]]));
  const t = snapshot.tracking;
  const last = t.periods[t.periods.length - 1];
  const per = { period: t.period };
  if (last) {
    metric("clvlab_tracking_actual_purchases", "Repeat purchases in the latest whole period.", [[per, last.actualPurchases]]);
    metric("clvlab_tracking_expected_purchases", "Expected repeat purchases in the latest whole period.", [[per, last.expectedPurchases]]);
    metric("clvlab_tracking_band_lower", "Lower edge of the band on repeat purchases, latest period.", [[per, last.lowerPurchases]]);
    metric("clvlab_tracking_band_upper", "Upper edge of the band on repeat purchases, latest period.", [[per, last.upperPurchases]]);
  }
  metric("clvlab_tracking_error", "Sum of |actual - expected| over sum of expected repeat purchases since the reference end.", [[per, t.trackingError]]);
  metric("clvlab_tracking_consecutive_outside", "Periods in a row, up to the latest, outside the band.", [[per, t.consecutiveOutside]]);
  const seg = snapshot.segmentShares;
  if (seg) {
    const rows = (w: "reference" | "current") => seg.segments.map((x): [Record<string, string>, number] => [{ segment: String(x.segment), window: w }, w === "reference" ? x.referenceShare : x.currentShare]);
    metric("clvlab_segment_share", "Share of customers whose most probable segment this is (stacked pipeline), reference (training) and current.", [...rows("reference"), ...rows("current")]);
  }
  metric("clvlab_monitoring_status", "Overall status: 0 none, 1 moderate, 2 major.", [[{}, LEVEL[snapshot.status]]]);
  return lines.join("\n") + "\n";
}
