import * as Plot from "@observablehq/plot";
import type { Lens2Result } from "../../lenses/lens2.js";
import { renderPlot } from "../renderPlot.js";

/**
 * Customer migration between two periods (Lens 2): first-period customers split into retained and lost,
 * second-period customers into retained, new and reactivated. Returns an SVG string.
 * @see https://wharton.upenn.edu/the-customer-base-audit/ (Fader, Hardie & Ross 2022, Lens 2)
 * @example const svg = migrationChart(lens2(panel));
 */
export function migrationChart(l: Lens2Result): string {
  const a = `${l.first.from}..${l.first.to}`;
  const b = `${l.second.from}..${l.second.to}`;
  const c = l.counts;
  const data = [
    { window: a, group: "lost", customers: c.lost },
    { window: a, group: "retained", customers: c.retained },
    { window: b, group: "retained", customers: c.retained },
    { window: b, group: "reactivated", customers: c.reactivated },
    { window: b, group: "new", customers: c.new },
  ];
  return renderPlot({
    height: 380,
    title: `Customer migration: retention ${l.retentionRate === null ? "n/a" : `${(l.retentionRate * 100).toFixed(1)}%`}`,
    x: { label: null, domain: [a, b] },
    y: { label: "↑ customers", grid: true },
    color: { legend: true, domain: ["lost", "retained", "reactivated", "new"], range: ["#d62728", "#1f77b4", "#9467bd", "#2ca02c"] },
    marks: [
      Plot.barY(data, { x: "window", y: "customers", fill: "group", order: ["lost", "retained", "reactivated", "new"] }),
      Plot.text(data, Plot.stackY({ x: "window", y: "customers", z: "group", text: (d: { customers: number; group: string }) => (d.customers ? `${d.group} ${d.customers}` : ""), order: ["lost", "retained", "reactivated", "new"], fill: "white" })),
      Plot.ruleY([0]),
    ],
  });
}
