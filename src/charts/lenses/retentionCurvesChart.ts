import * as Plot from "@observablehq/plot";
import type { Lens4Result } from "../../lenses/lens4.js";
import { renderPlot } from "../renderPlot.js";

/**
 * Retention curves (Lenses 3-4): share of each cohort active by periods since acquisition, one line per
 * cohort, left-aligned so cohorts are compared at equal age. With more than `maxCohorts` (default 12) cohorts the
 * newest are drawn and the title says how many of how many. Returns an SVG string.
 * @see https://wharton.upenn.edu/the-customer-base-audit/ (Fader, Hardie & Ross 2022, Lenses 3-4)
 * @example const svg = retentionCurvesChart(lens4(panel), { metric: "retention" });
 */
export function retentionCurvesChart(l: Lens4Result, options: { metric?: "retention" | "cumulativeRevenuePerMember"; maxCohorts?: number; currency?: string } = {}): string {
  const metric = options.metric ?? "retention";
  const max = options.maxCohorts ?? 12;
  const rows = l.cohorts.map((c, g) => ({ c, g })).filter(({ c }) => c.size > 0);
  const keep = rows.slice(Math.max(0, rows.length - max)); // the newest cohorts when there are many
  const m = metric === "retention" ? l.heatmap.retention : l.heatmap.cumulativeRevenuePerMember;
  const data = keep.flatMap(({ c, g }) =>
    m[g]!.flatMap((v, age) => (v === null || (metric === "retention" && age === 0) ? [] : [{ cohort: c.label, age, value: v }])),
  );
  return renderPlot({
    height: 400,
    title: `${metric === "retention" ? "Retention" : "Cumulative revenue per member"} by ${l.period}s since acquisition${keep.length < rows.length ? ` (the ${keep.length} newest of ${rows.length} cohorts)` : ` (${rows.length} cohorts)`}`,
    x: { label: `${l.period}s since acquisition →` },
    y: { label: metric === "retention" ? "↑ share of cohort active" : `↑ cumulative revenue per member (${options.currency ?? "$"})`, percent: metric === "retention", grid: true },
    color: { legend: true, type: "ordinal", scheme: "viridis" },
    marks: [Plot.line(data, { x: "age", y: "value", stroke: "cohort", marker: "circle" }), Plot.ruleY([0])],
  });
}
