import * as Plot from "@observablehq/plot";
import type { Lens1Result } from "../../lenses/lens1.js";
import { renderPlot } from "../renderPlot.js";

/**
 * Lorenz curve of customer value (Lens 1): cumulative share of revenue against cumulative share of customers,
 * customers sorted by increasing value; the diagonal is perfect equality. Returns an SVG string.
 * @see https://wharton.upenn.edu/the-customer-base-audit/ (Fader, Hardie & Ross 2022, Lens 1)
 * @example const svg = lorenzChart(lens1(panel));
 */
export function lorenzChart(l: Lens1Result): string {
  const pts = l.lorenz.customerShare.map((x, i) => ({ customers: x, revenue: l.lorenz.revenueShare[i]! }));
  return renderPlot({
    width: 480,
    height: 420,
    title: `Lorenz curve, ${l.window.from} to ${l.window.to}${l.gini === null ? "" : ` (Gini ${l.gini.toFixed(3)})`}`,
    // With `percent: true` Plot scales the data by 100, so the domain is given in percent too.
    x: { label: "cumulative share of customers (%) →", percent: true, domain: [0, 100] },
    y: { label: "↑ cumulative share of revenue (%)", percent: true, domain: [Math.min(0, ...l.lorenz.revenueShare) * 100, 100] },
    marks: [
      Plot.line([{ x: 0, y: 0 }, { x: 1, y: 1 }], { x: "x", y: "y", stroke: "#999", strokeDasharray: "4,4" }),
      Plot.areaY(pts, { x: "customers", y: "revenue", fill: "steelblue", fillOpacity: 0.15 }),
      Plot.line(pts, { x: "customers", y: "revenue", stroke: "steelblue", strokeWidth: 2 }),
      Plot.frame({ stroke: "#ddd" }),
    ],
  });
}
