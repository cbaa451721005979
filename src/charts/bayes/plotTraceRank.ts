import * as Plot from "@observablehq/plot";
import { renderPlot } from "../renderPlot.js";
import type { Posterior } from "../../bayes/posterior.js";

/**
 * Trace plot of one parameter: its draws by iteration, one line per chain (well-mixed chains overlap as noise
 * around a common level). Returns an SVG string.
 * @example plotTrace(model.posterior!, "r")
 */
export function plotTrace(posterior: Posterior, parameter: string, options: { title?: string } = {}): string {
  const chains = chainsOf(posterior, parameter);
  const data = chains.flatMap((c, k) => Array.from(c, (v, i) => ({ iteration: i + 1, value: v, chain: `chain ${k + 1}` })));
  return renderPlot({
    title: options.title ?? `Trace of ${parameter}`,
    height: 220,
    x: { label: "draw" },
    y: { label: parameter, grid: true },
    color: { legend: true },
    marks: [Plot.line(data, { x: "iteration", y: "value", stroke: "chain", strokeWidth: 0.6, strokeOpacity: 0.8 })],
  });
}

/**
 * Rank plot of one parameter (Vehtari et al. 2021): the draws of all chains are ranked together and each chain's
 * rank histogram is drawn; with good mixing every histogram is near uniform. Returns an SVG string.
 * @see https://doi.org/10.1214/20-BA1221, sec. 4.3; arviz.plot_rank
 * @example plotRank(model.posterior!, "alpha")
 */
export function plotRank(posterior: Posterior, parameter: string, options: { bins?: number; title?: string } = {}): string {
  const chains = chainsOf(posterior, parameter);
  const all = chains.flatMap((c, k) => Array.from(c, (v) => ({ v, k })));
  all.sort((a, b) => a.v - b.v);
  const bins = options.bins ?? 20;
  const counts = chains.map(() => new Array<number>(bins).fill(0));
  all.forEach((d, r) => counts[d.k]![Math.min(bins - 1, Math.floor((r * bins) / all.length))]!++);
  const data = counts.flatMap((c, k) => c.map((n, b) => ({ bin: b, count: n, chain: k + 1 })));
  const expected = all.length / chains.length / bins;
  return renderPlot({
    title: options.title ?? `Rank plot of ${parameter} (uniform bars: chains agree)`,
    height: 140 * chains.length,
    fy: { label: "chain" },
    x: { label: "rank bin (all chains pooled)" },
    y: { label: "draws", grid: true },
    marks: [Plot.barY(data, { x: "bin", y: "count", fy: "chain", fill: "#4c78a8" }), Plot.ruleY([expected], { stroke: "#f58518", strokeDasharray: "4,3" })],
  });
}

function chainsOf(posterior: Posterior, parameter: string): readonly Float64Array[] {
  const c = posterior.draws[parameter];
  if (!c) throw new Error(`unknown parameter "${parameter}": use one of ${posterior.names.join(", ")}`);
  return c;
}
