import * as Plot from "@observablehq/plot";
import { renderPlot } from "../renderPlot.js";
import { modelColors } from "./chartColors.js";
import type { HoldoutEvaluation } from "../../validation/evaluateHoldout.js";

/** Options of {@link plotErrorByGroup}. */
export interface ErrorByGroupOptions {
  /** "cohort" (acquisition period, default) or "segment" (the stacked predictor's most probable segment; without it, calibration repeat purchases 0, 1, 2-3, 4-7, 8+). */
  by?: "cohort" | "segment";
  /** "purchases" (default) or "value". */
  target?: "purchases" | "value";
  /** "mae" (default) or "bias" (mean signed error). */
  metric?: "mae" | "bias";
  title?: string;
}

function checkBy(v: unknown): "cohort" | "segment" {
  if (v === undefined) return "cohort";
  if (v !== "cohort" && v !== "segment") throw new Error(`invalid by ${JSON.stringify(v)}: use cohort or segment`);
  return v;
}
function checkTarget(v: unknown): "purchases" | "value" {
  if (v === undefined) return "purchases";
  if (v !== "purchases" && v !== "value") throw new Error(`invalid target ${JSON.stringify(v)}: use purchases or value`);
  return v;
}
function checkMetric(v: unknown): "mae" | "bias" {
  if (v === undefined) return "mae";
  if (v !== "mae" && v !== "bias") throw new Error(`invalid metric ${JSON.stringify(v)}: use mae or bias`);
  return v;
}

/** Group label of each customer: cohort, stacked segment, or calibration-frequency band. */
export function groupLabels(ev: HoldoutEvaluation, by: "cohort" | "segment"): { labels: string[]; name: string } {
  if (by === "cohort") return { labels: ev.cohort, name: "acquisition cohort" };
  const st = ev.models.find((m) => m.segment);
  if (st?.segment) return { labels: Array.from(st.segment, (s) => `segment ${s}`), name: "stacked predictor's segment" };
  const band = (x: number) => (x === 0 ? "0" : x === 1 ? "1" : x <= 3 ? "2-3" : x <= 7 ? "4-7" : "8+");
  return { labels: Array.from(ev.calibrationFrequency, band), name: "calibration repeat purchases" };
}

/**
 * Holdout error by acquisition cohort or by segment, one bar per model: where each model misses. Per group, the
 * mean absolute error (or mean signed error) of the per-customer forecasts of purchases or value.
 * @see https://observablehq.com/plot/marks/bar (grouped bars with fx)
 * @example html = plotErrorByGroup(evaluation, { by: "cohort", target: "value" })
 */
export function plotErrorByGroup(ev: HoldoutEvaluation, options: ErrorByGroupOptions = {}): string {
  const by = checkBy(options.by), target = checkTarget(options.target), metric = checkMetric(options.metric);
  const { labels, name } = groupLabels(ev, by);
  const groups = [...new Set(labels)].sort();
  const actual = target === "purchases" ? ev.actual.purchases : ev.actual.value;
  const rows: { group: string; model: string; error: number; customers: number }[] = [];
  for (const m of ev.models) {
    const pred = target === "purchases" ? m.purchases : m.value;
    const s = new Map<string, { e: number; n: number }>();
    for (let i = 0; i < pred.length; i++) {
      const g = s.get(labels[i]!) ?? { e: 0, n: 0 };
      const d = pred[i]! - actual[i]!;
      g.e += metric === "mae" ? Math.abs(d) : d;
      g.n++;
      s.set(labels[i]!, g);
    }
    for (const g of groups) rows.push({ group: g, model: m.model, error: s.get(g)!.e / s.get(g)!.n, customers: s.get(g)!.n });
  }
  const what = metric === "mae" ? "mean absolute error" : "mean signed error";
  return renderPlot({
    title: options.title ?? `Holdout ${target}: ${what} by ${name}`,
    width: 760,
    fx: { label: name, domain: groups },
    x: { axis: null, domain: ev.models.map((m) => m.model) },
    y: { label: `${what} (${target === "purchases" ? "purchases" : "value"})`, grid: true },
    color: { legend: true, ...modelColors(ev.models.map((m) => m.model), false) },
    marks: [Plot.barY(rows, { fx: "group", x: "model", y: "error", fill: "model" }), Plot.ruleY([0])],
  });
}
