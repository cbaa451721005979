import * as Plot from "@observablehq/plot";
import { renderPlot } from "../renderPlot.js";
import type { PurchaseModelForCharts } from "./types.js";

/** Options of {@link plotAliveHeatmap}. */
export interface HeatmapOptions {
  /** Customer age T (time since first purchase) for the grid, in the model's unit. */
  T: number;
  /** Largest frequency on the grid (default 20). */
  maxFrequency?: number;
  /** Recency steps on the grid (default 20). */
  recencySteps?: number;
  /** What to colour: "alive" (P(alive), default) or "expected" (conditional expected purchases in `horizon`). */
  measure?: "alive" | "expected";
  /** Horizon for "expected" (default T). */
  horizon?: number;
  title?: string;
}

/**
 * Frequency-recency heat map of P(alive) or of expected purchases in the next `horizon` for customers of age T
 * (lifetimes' `plot_probability_alive_matrix` / `plot_frequency_recency_matrix`). Returns an SVG string.
 * @see Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves" — https://brucehardie.com/papers/rfm_clv_2005-02-16.pdf
 * @example html = plotAliveHeatmap(model, { T: 39 })
 */
export function plotAliveHeatmap(model: PurchaseModelForCharts, options: HeatmapOptions): string {
  const measure = options.measure ?? "alive";
  const cells = heatmapData(model, options);
  // Titles round to 2 decimals and name the unit: "T = 77.86 weeks", "in the next 39 weeks".
  const unit = model.timeUnit ? ` ${model.timeUnit}` : " time units";
  const T = `${Number(options.T.toFixed(2))}${unit}`;
  const horizon = `${Number((options.horizon ?? options.T).toFixed(2))}${unit}`;
  return renderPlot({
    title: options.title ?? (measure === "alive" ? `P(alive) by frequency and recency (age T = ${T}), ${model.model}` : `Expected purchases in the next ${horizon} by frequency and recency (age T = ${T}), ${model.model}`),
    x: { label: `recency (time of last purchase${model.timeUnit ? `, ${model.timeUnit}` : ""})`, tickFormat: (d: number) => d.toFixed(0) },
    y: { label: "frequency (repeat purchases)", reverse: true },
    // Quantized scale: its legend is drawn in SVG (a continuous ramp needs a canvas, which jsdom lacks).
    color: { type: "quantize", n: 10, legend: true, scheme: measure === "alive" ? "viridis" : "magma", label: measure === "alive" ? "P(alive)" : "expected purchases", ...(measure === "alive" ? { domain: [0, 1] } : {}) },
    marks: [Plot.cell(cells, { x: "recency", y: "frequency", fill: "value", inset: 0 })],
  });
}

/** Grid cells { frequency, recency, value } for the heat map. */
export function heatmapData(model: PurchaseModelForCharts, options: HeatmapOptions): { frequency: number; recency: number; value: number }[] {
  const T = options.T;
  if (!(T > 0)) throw new Error(`invalid T ${T}: use the customer age in the model's time unit`);
  const maxF = options.maxFrequency ?? 20;
  const steps = options.recencySteps ?? 20;
  const f: number[] = [], r: number[] = [], Ts: number[] = [];
  for (let x = 0; x <= maxF; x++)
    for (let k = 0; k <= steps; k++) {
      const rec = x === 0 ? 0 : (T * k) / steps;
      if (x === 0 && k > 0) continue;
      f.push(x);
      r.push(rec);
      Ts.push(T);
    }
  const cust = { frequency: f, recency: r, T: Ts };
  const v = (options.measure ?? "alive") === "alive" ? model.probabilityAlive(cust) : model.conditionalExpectedPurchases(options.horizon ?? T, cust);
  return f.map((x, i) => ({ frequency: x, recency: r[i]!, value: v[i]! }));
}
