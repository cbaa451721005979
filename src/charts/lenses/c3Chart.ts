import * as Plot from "@observablehq/plot";
import type { Lens5Result } from "../../lenses/lens5.js";
import { renderPlot } from "../renderPlot.js";

/**
 * The C3 ("customer-cohort chart", Lens 5): revenue (or active customers) per calendar period stacked by
 * acquisition cohort, oldest cohort at the bottom. Revenue ticks carry the currency symbol (default "$").
 * Returns an SVG string.
 * @see https://wharton.upenn.edu/the-customer-base-audit/ (Fader, Hardie & Ross 2022, Lens 5)
 * @example const svg = c3Chart(lens5(panel), { metric: "revenue" });
 */
export function c3Chart(l: Lens5Result, options: { metric?: "revenue" | "activeCustomers"; currency?: string } = {}): string {
  const metric = options.metric ?? "revenue";
  const currency = options.currency ?? "$";
  const m = metric === "revenue" ? l.revenue : l.activeCustomers;
  const data = l.cohorts.flatMap((cohort, g) => l.periods.map((period, p) => ({ cohort, period, value: m[g]![p]! })));
  return renderPlot({
    height: 420,
    marginBottom: 55,
    title: metric === "revenue" ? "C3: revenue by acquisition cohort" : "C3: active customers by acquisition cohort",
    x: { label: null, domain: l.periods, tickRotate: -45 },
    y: metric === "revenue"
      ? { label: `↑ revenue (${currency})`, grid: true, tickFormat: (v: number) => `${v < 0 ? "−" : ""}${currency}${Math.abs(v).toLocaleString("en-US")}` }
      : { label: "↑ active customers", grid: true, tickFormat: (v: number) => (Number.isInteger(v) ? v.toLocaleString("en-US") : "") },
    color: { legend: true, domain: l.cohorts, scheme: "viridis" },
    marks: [Plot.barY(data, { x: "period", y: "value", fill: "cohort", order: l.cohorts }), Plot.ruleY([0])],
  });
}
