import * as Plot from "@observablehq/plot";
import { renderPlot } from "../renderPlot.js";
import { modelColors } from "./chartColors.js";
import type { HoldoutEvaluation } from "../../validation/evaluateHoldout.js";

/**
 * Holdout vs calibration frequency for every model: mean actual holdout purchases and each model's mean forecast by
 * number of calibration repeat purchases (last group "maxFrequency+"), the conditional-expectation check of Fader,
 * Hardie & Lee (2005, fig. 5) for all compared models (the single-model version is `plotCalibrationHoldout`).
 * @see https://brucehardie.com/papers/018/fader_et_al_mksc_05.pdf
 * @example html = plotFrequencyHoldout(evaluation, { maxFrequency: 7 })
 */
export function plotFrequencyHoldout(ev: HoldoutEvaluation, options: { maxFrequency?: number; title?: string } = {}): string {
  const K = options.maxFrequency ?? 7;
  if (!(Number.isInteger(K) && K >= 1)) throw new Error(`invalid maxFrequency ${K}: use a whole number ≥ 1`);
  const bins = Array.from({ length: K + 1 }, (_, b) => (b === K ? `${K}+` : String(b)));
  const binOf = Int32Array.from(ev.calibrationFrequency, (x) => Math.min(K, x));
  const mean = (v: ArrayLike<number>) => {
    const s = new Float64Array(K + 1), c = new Float64Array(K + 1);
    for (let i = 0; i < v.length; i++) {
      s[binOf[i]!]! += v[i]!;
      c[binOf[i]!]!++;
    }
    return { s, c };
  };
  const rows: { bin: string; source: string; purchases: number; customers: number }[] = [];
  for (const [source, v] of [["actual", ev.actual.purchases], ...ev.models.map((m) => [m.model, m.purchases] as const)] as const) {
    const { s, c } = mean(v);
    for (let b = 0; b <= K; b++) if (c[b]! > 0) rows.push({ bin: bins[b]!, source, purchases: s[b]! / c[b]!, customers: c[b]! });
  }
  return renderPlot({
    title: options.title ?? "Mean holdout purchases by calibration repeat purchases: actual and each model",
    width: 760,
    x: { label: "repeat purchases in calibration", domain: bins.filter((b) => rows.some((r) => r.bin === b)) },
    y: { label: "mean purchases in holdout", grid: true },
    color: { legend: true, ...modelColors(ev.models.map((m) => m.model), true) },
    marks: [Plot.line(rows, { x: "bin", y: "purchases", stroke: "source", marker: "circle" }), Plot.ruleY([0])],
  });
}
