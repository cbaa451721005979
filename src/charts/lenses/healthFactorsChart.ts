import * as Plot from "@observablehq/plot";
import { HEALTH_FACTOR_LABELS, type Lens5Result } from "../../lenses/lens5.js";
import { renderPlot } from "../renderPlot.js";

const BANDS = ["good (≥ 0.6)", "fair (0.4 – 0.6)", "weak (< 0.4)", "no data"];

/**
 * Health factors (Lens 5): each factor's score (0-1) as a bar, labelled with its effective weight, so the
 * weighted health score can be read off the chart; factors in plain words, colours explained in a legend.
 * Returns an SVG string.
 * @see https://wharton.upenn.edu/the-customer-base-audit/ (Fader, Hardie & Ross 2022, Lens 5)
 * @example const svg = healthFactorsChart(lens5(panel));
 */
export function healthFactorsChart(l: Lens5Result): string {
  const data = l.health.factors.map((f) => ({
    factor: HEALTH_FACTOR_LABELS[f.name],
    score: f.score ?? 0,
    band: f.score === null ? BANDS[3] : f.score >= 0.6 ? BANDS[0] : f.score >= 0.4 ? BANDS[1] : BANDS[2],
    label: f.score === null ? "n/a" : `${f.score.toFixed(2)} × weight ${f.effectiveWeight.toFixed(2)}`,
  }));
  return renderPlot({
    height: 320,
    marginLeft: 190,
    marginRight: 150,
    title: `Health factors (weighted score ${l.health.score === null ? "n/a" : l.health.score.toFixed(2)} of 1)`,
    x: { domain: [0, 1], label: "factor score (0 = worst, 1 = best) →", grid: true },
    y: { label: null, domain: data.map((d) => d.factor) },
    color: { type: "ordinal", domain: BANDS, range: ["#2ca02c", "#ff7f0e", "#d62728", "#bbbbbb"], legend: true },
    marks: [
      Plot.barX(data, { y: "factor", x: "score", fill: "band" }),
      Plot.text(data, { y: "factor", x: 1, text: "label", textAnchor: "start", dx: 6 }),
      Plot.ruleX([0]),
    ],
  });
}
