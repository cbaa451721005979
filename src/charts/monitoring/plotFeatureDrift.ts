import * as Plot from "@observablehq/plot";
import type { FeatureDrift } from "../../monitoring/compareFeatures.js";
import { renderPlot } from "../renderPlot.js";

const COLORS = { domain: ["reference", "current"], range: ["#9ecae9", "#e45756"] };

/**
 * Reference vs current distribution of one monitored feature: the share of customers in each bin fixed on the
 * reference (deciles, value bins or categories), side by side, titled with PSI and the status. Returns an SVG string.
 * @see Siddiqi (2006), Credit Risk Scorecards, ch. 8 (characteristic analysis)
 * @example plotFeatureDrift(snapshot.features[0])
 */
export function plotFeatureDrift(feature: FeatureDrift, options: { width?: number; height?: number } = {}): string {
  const rows = feature.labels.flatMap((label, i) => [
    { bin: label, sample: "reference", share: feature.referenceProportions[i]! },
    { bin: label, sample: "current", share: feature.currentProportions[i]! },
  ]);
  const w = feature.statistics.wassersteinNormalized;
  return renderPlot({
    width: options.width ?? 420,
    height: options.height ?? 240,
    marginBottom: 60,
    title: `${feature.name}: PSI ${feature.statistics.psi.toFixed(3)}${w !== null ? `, W/sd ${w.toFixed(3)}` : ""}${feature.statistics.cramersV !== null ? `, V ${feature.statistics.cramersV.toFixed(3)}` : ""} (${feature.status}${feature.alerting ? "" : ", mix"})`,
    x: { axis: null, domain: COLORS.domain },
    fx: { label: null, domain: feature.labels, tickRotate: -35 },
    y: { label: "share of customers", grid: true, tickFormat: "%" },
    color: { ...COLORS, legend: true },
    marks: [Plot.barY(rows, { fx: "bin", x: "sample", y: "share", fill: "sample" }), Plot.ruleY([0])],
  });
}
