import * as Plot from "@observablehq/plot";
import { renderPlot } from "../renderPlot.js";
import { dayNumber } from "../../time/dayNumber.js";
import { modelColors } from "./chartColors.js";
import type { HoldoutEvaluation } from "../../validation/evaluateHoldout.js";

/** Options of {@link plotHoldoutTracking}. */
export interface HoldoutTrackingOptions {
  /** "cumulative" (default) or "incremental" (per period). */
  kind?: "cumulative" | "incremental";
  title?: string;
}

function checkKind(kind: unknown): "cumulative" | "incremental" {
  if (kind === undefined) return "cumulative";
  if (kind !== "cumulative" && kind !== "incremental") throw new Error(`invalid kind ${JSON.stringify(kind)}: use cumulative or incremental`);
  return kind;
}

/**
 * Tracking chart of a holdout evaluation: actual repeat purchases per period (weeks by default) through calibration
 * and holdout, and every model's expectation over the holdout, cumulative or incremental, with a rule at the
 * calibration end (Fader, Hardie & Lee 2005, figs. 3-4, here for every compared model at once; the single-model
 * version over the whole span is `plotTracking`). Returns an SVG string.
 * @see https://brucehardie.com/papers/018/fader_et_al_mksc_05.pdf
 * @example html = plotHoldoutTracking(evaluateHoldout(log, { calibrationEnd, observationEnd }), { kind: "incremental" })
 */
export function plotHoldoutTracking(ev: HoldoutEvaluation, options: HoldoutTrackingOptions = {}): string {
  const cumulative = checkKind(options.kind) === "cumulative";
  const date = (iso: string) => new Date(dayNumber(iso) * 86_400_000);
  const rows: { date: Date; source: string; value: number }[] = [];
  let acc = 0;
  ev.calibrationTracking.periodEnds.forEach((e, j) => {
    acc += ev.calibrationTracking.purchases[j]!;
    rows.push({ date: date(e), source: "actual", value: cumulative ? acc : ev.calibrationTracking.purchases[j]! });
  });
  const calTotal = acc;
  ev.periodEnds.forEach((e, k) => {
    acc += ev.actual.periodPurchases[k]!;
    rows.push({ date: date(e), source: "actual", value: cumulative ? acc : ev.actual.periodPurchases[k]! });
  });
  for (const m of ev.models) {
    let c = calTotal;
    if (cumulative) rows.push({ date: date(ev.calibrationEnd), source: m.model, value: c });
    ev.periodEnds.forEach((e, k) => {
      c += m.periodPurchases[k]!;
      rows.push({ date: date(e), source: m.model, value: cumulative ? c : m.periodPurchases[k]! });
    });
  }
  const per = ev.periodDays === 7 ? "week" : `${ev.periodDays} days`;
  return renderPlot({
    title: options.title ?? `${cumulative ? "Cumulative" : `Per-${per}`} repeat purchases: actual and each model's holdout expectation`,
    width: 760,
    x: { label: `period ending (${per})`, type: "utc" },
    y: { label: cumulative ? "cumulative repeat purchases" : `repeat purchases per ${per}`, grid: true },
    color: { legend: true, ...modelColors(ev.models.map((m) => m.model), true) },
    marks: [
      Plot.ruleX([date(ev.calibrationEnd)], { stroke: "#888", strokeDasharray: "2,2" }),
      Plot.text([{ date: date(ev.calibrationEnd) }], { x: "date", frameAnchor: "top", dx: -4, textAnchor: "end", text: () => "calibration | holdout", fill: "#666" }),
      Plot.line(rows, { x: "date", y: "value", stroke: "source", strokeWidth: (d: { source: string }) => (d.source === "actual" ? 2 : 1.3) }),
    ],
  });
}
