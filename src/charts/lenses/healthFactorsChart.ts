import * as Plot from "@observablehq/plot";
import type { Lens5Result } from "../../lenses/lens5.js";
import { renderPlot } from "../renderPlot.js";

/**
 * Health factors (Lens 5): each factor's score (0-1) as a bar, labelled with its effective weight, so the
 * weighted health score can be read off the chart. Returns an SVG string.
 * @see https://wharton.upenn.edu/the-customer-base-audit/ (Fader, Hardie & Ross 2022, Lens 5)
 * @example const svg = healthFactorsChart(lens5(panel));
 */
export function healthFactorsChart(l: Lens5Result): string {
  const data = l.health.factors.map((f) => ({ factor: f.name, score: f.score ?? 0, label: f.score === null ? "n/a" : `${f.score.toFixed(2)} × w ${f.effectiveWeight.toFixed(2)}` }));
  return renderPlot({
    height: 300,
    marginLeft: 170,
    marginRight: 120,
    title: `Health factors (score ${l.health.score === null ? "n/a" : l.health.score.toFixed(2)})`,
    x: { domain: [0, 1], label: "score (0 = worst, 1 = best) →", grid: true },
    y: { label: null, domain: data.map((d) => d.factor) },
    marks: [
      Plot.barX(data, { y: "factor", x: "score", fill: (d: { score: number }) => (d.score >= 0.6 ? "#2ca02c" : d.score >= 0.4 ? "#ff7f0e" : "#d62728") }),
      Plot.text(data, { y: "factor", x: 1, text: "label", textAnchor: "start", dx: 6 }),
      Plot.ruleX([0]),
    ],
  });
}
