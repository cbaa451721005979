import * as Plot from "@observablehq/plot";
import type { Lens1Result } from "../../lenses/lens1.js";
import { renderPlot } from "../renderPlot.js";

/**
 * Revenue share of each customer decile (Lens 1), decile 1 = the top 10% of customers by value. Returns an SVG string.
 * @see https://wharton.upenn.edu/the-customer-base-audit/ (Fader, Hardie & Ross 2022, Lens 1)
 * @example const svg = decilesChart(lens1(panel));
 */
export function decilesChart(l: Lens1Result): string {
  const data = l.deciles.map((d) => ({ decile: `D${d.decile}`, share: d.revenueShare ?? 0 }));
  return renderPlot({
    height: 360,
    title: `Revenue share by customer decile, ${l.window.from} to ${l.window.to}`,
    x: { label: "customer decile (D1 = top 10%)", domain: data.map((d) => d.decile) },
    y: { label: "↑ share of revenue", percent: true, grid: true },
    marks: [
      Plot.barY(data, { x: "decile", y: "share", fill: "steelblue" }),
      Plot.text(data, { x: "decile", y: "share", text: (d: { share: number }) => `${(d.share * 100).toFixed(1)}%`, dy: -6 }),
      Plot.ruleY([0]),
    ],
  });
}
