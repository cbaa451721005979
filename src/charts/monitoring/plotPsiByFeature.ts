import * as Plot from "@observablehq/plot";
import type { FeatureDrift } from "../../monitoring/compareFeatures.js";
import type { ThresholdPair } from "../../monitoring/severity.js";
import { renderPlot } from "../renderPlot.js";

/**
 * PSI of every monitored feature as horizontal bars coloured by status, with the moderate and major thresholds as
 * dashed rules (default 0.1 and 0.25). Mix features (reported, not alerted) are hatched grey. Returns an SVG string.
 * @see Siddiqi (2006), Credit Risk Scorecards (the 0.1 / 0.25 bands)
 * @example plotPsiByFeature(snapshot.features, snapshot.thresholds.psi)
 */
export function plotPsiByFeature(features: readonly FeatureDrift[], thresholds: ThresholdPair): string {
  const rows = features.map((f) => ({ feature: `${f.name}${f.group === "prediction" ? " (prediction)" : ""}`, psi: f.statistics.psi, status: f.alerting ? f.status : "mix (not alerted)" }));
  const xmax = Math.max(thresholds.major * 1.2, ...rows.map((r) => r.psi));
  return renderPlot({
    width: 640,
    height: 40 + rows.length * 24,
    marginLeft: 210,
    title: "Population stability index by feature",
    x: { label: "PSI", domain: [0, xmax], grid: true },
    y: { label: null, domain: rows.map((r) => r.feature) },
    color: { legend: true, domain: ["none", "moderate", "major", "mix (not alerted)"], range: ["#54a24b", "#f58518", "#e45756", "#bab0ac"] },
    marks: [
      Plot.barX(rows, { y: "feature", x: "psi", fill: "status" }),
      Plot.ruleX([thresholds.moderate], { stroke: "#f58518", strokeDasharray: "4,3" }),
      Plot.ruleX([thresholds.major], { stroke: "#e45756", strokeDasharray: "4,3" }),
      Plot.text(rows, { y: "feature", x: "psi", text: (d: { psi: number }) => d.psi.toFixed(3), dx: 4, textAnchor: "start" }),
    ],
  });
}
