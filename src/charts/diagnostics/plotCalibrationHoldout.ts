import * as Plot from "@observablehq/plot";
import { renderPlot } from "../renderPlot.js";
import type { PurchaseModelForCharts } from "./types.js";

/** Options of {@link plotCalibrationHoldout}. */
export interface CalibrationHoldoutOptions {
  /** Customers with at least this many calibration purchases share the last group (default 7, "7+"). */
  maxFrequency?: number;
  title?: string;
}

/** A calibration summary with the holdout columns (as `summarizeCustomers` with `calibrationEnd` returns). */
export interface CalibrationHoldoutSummary {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
  frequencyHoldout?: ArrayLike<number>;
  durationHoldout?: number;
}

/**
 * Conditional expectations: mean actual holdout purchases vs the model's E[Y(holdout) | x, t_x, T], by number of
 * calibration purchases (Fader, Hardie & Lee 2005, fig. 4; BTYD `plotCondExpectation`). Returns an SVG string.
 * @see https://brucehardie.com/papers/018/fader_et_al_mksc_05.pdf
 * @example html = plotCalibrationHoldout(model, summarizeCustomers(log, { timeUnit: "weeks", calibrationEnd, observationEnd }))
 */
export function plotCalibrationHoldout(model: PurchaseModelForCharts, summary: CalibrationHoldoutSummary, options: CalibrationHoldoutOptions = {}): string {
  const rows = calibrationHoldoutData(model, summary, options.maxFrequency ?? 7);
  const long = rows.flatMap((r) => [
    { bin: r.bin, source: "actual", purchases: r.actual },
    { bin: r.bin, source: "model", purchases: r.model },
  ]);
  return renderPlot({
    title: options.title ?? `Holdout purchases by calibration frequency: actual vs ${model.model}`,
    x: { label: "repeat purchases in calibration", domain: rows.map((r) => r.bin) },
    y: { label: "mean purchases in holdout", grid: true },
    color: { legend: true, domain: ["actual", "model"], range: ["#4c78a8", "#f58518"] },
    marks: [Plot.line(long, { x: "bin", y: "purchases", stroke: "source", marker: "circle", tip: true }), Plot.ruleY([0])],
  });
}

/** Per calibration-frequency group: customers, mean actual and mean predicted holdout purchases. */
export function calibrationHoldoutData(model: PurchaseModelForCharts, summary: CalibrationHoldoutSummary, maxFrequency: number): { bin: string; customers: number; actual: number; model: number }[] {
  if (!summary.frequencyHoldout || summary.durationHoldout === undefined) throw new Error("calibration/holdout chart needs frequencyHoldout and durationHoldout: summarize with a calibrationEnd");
  const pred = model.conditionalExpectedPurchases(summary.durationHoldout, { frequency: summary.frequency, recency: summary.recency, T: summary.T });
  const K = maxFrequency;
  const n = new Float64Array(K + 1), act = new Float64Array(K + 1), mod = new Float64Array(K + 1);
  for (let i = 0; i < pred.length; i++) {
    const b = Math.min(K, summary.frequency[i]!);
    n[b]++;
    act[b] += summary.frequencyHoldout[i]!;
    mod[b] += pred[i]!;
  }
  const out = [];
  for (let b = 0; b <= K; b++) if (n[b]! > 0) out.push({ bin: b === K ? `${K}+` : String(b), customers: n[b]!, actual: act[b]! / n[b]!, model: mod[b]! / n[b]! });
  return out;
}
