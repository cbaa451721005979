import * as Plot from "@observablehq/plot";
import type { Lens4Result } from "../../lenses/lens4.js";
import { renderPlot } from "../renderPlot.js";

/**
 * Cohort-by-age heat map (Lens 4): rows are cohorts, columns periods since acquisition; cells show retention
 * (or revenue per member). Cells a cohort has not reached yet stay empty. Returns an SVG string.
 * @see https://wharton.upenn.edu/the-customer-base-audit/ (Fader, Hardie & Ross 2022, Lens 4)
 * @example const svg = cohortHeatmapChart(lens4(panel));
 */
export function cohortHeatmapChart(l: Lens4Result, options: { metric?: "retention" | "revenuePerMember" } = {}): string {
  const metric = options.metric ?? "retention";
  const m = metric === "retention" ? l.heatmap.retention : l.heatmap.revenuePerMember;
  const cohorts = l.cohorts.filter((c) => c.size > 0).map((c) => c.label);
  const data = l.cohorts.flatMap((c, g) => (c.size > 0 ? m[g]!.flatMap((v, age) => (v === null ? [] : [{ cohort: c.label, age, value: v }])) : []));
  const ages = l.heatmap.ages.length;
  const fmt = (v: number) => (metric === "retention" ? `${Math.round(v * 100)}` : v.toFixed(0));
  return renderPlot({
    width: Math.max(480, Math.min(1100, 90 + ages * 34)),
    height: Math.max(240, Math.min(900, 60 + cohorts.length * 22)),
    marginLeft: 80,
    title: metric === "retention" ? "Retention (%) by cohort and periods since acquisition" : "Revenue per member by cohort and periods since acquisition",
    x: { label: `${l.period}s since acquisition →`, type: "band", domain: l.heatmap.ages, axis: "top" },
    y: { label: null, domain: cohorts, type: "band" },
    // A quantized scale: its legend is drawn with rects (a continuous ramp would need a canvas, absent under jsdom).
    color: { type: "quantize", n: 10, scheme: "blues", legend: true, label: metric === "retention" ? "retention" : "revenue per member", ...(metric === "retention" ? { domain: [0, 1] } : {}) },
    marks: [
      Plot.cell(data, { x: "age", y: "cohort", fill: "value", inset: 0.5 }),
      ...(ages <= 30 && cohorts.length <= 40 ? [Plot.text(data, { x: "age", y: "cohort", text: (d: { value: number }) => fmt(d.value), fontSize: 9, fill: (d: { value: number }) => (metric === "retention" && d.value > 0.5 ? "white" : "black") })] : []),
    ],
  });
}
