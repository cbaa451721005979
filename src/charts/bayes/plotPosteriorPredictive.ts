import * as Plot from "@observablehq/plot";
import { renderPlot } from "../renderPlot.js";
import { dayNumber } from "../../time/dayNumber.js";
import type { HoldoutBandRow, PurchaseCountPpcRow, TrackingBandRow } from "../../bayes/posteriorPredictiveChecks.js";

/**
 * Chart of {@link purchaseCountPpc}: observed share of customers per repeat-purchase count (bars) and the posterior
 * predictive mean with its band (points and rules). Returns an SVG string.
 * @example plotPurchaseCountPpc(purchaseCountPpc(model, summary))
 */
export function plotPurchaseCountPpc(rows: readonly PurchaseCountPpcRow[], options: { title?: string; level?: number } = {}): string {
  const pct = Math.round((options.level ?? 0.94) * 100);
  return renderPlot({
    title: options.title ?? `Repeat purchases: observed vs posterior predictive (${pct}% band)`,
    x: { label: "repeat purchases in calibration", domain: rows.map((r) => r.label) },
    y: { label: "share of customers", grid: true, tickFormat: "%" },
    marks: [
      Plot.barY(rows, { x: "label", y: "observed", fill: "#4c78a8", fillOpacity: 0.6, title: (d: PurchaseCountPpcRow) => `observed ${(d.observed * 100).toFixed(1)}%` }),
      Plot.ruleX(rows, { x: "label", y1: "lower", y2: "upper", stroke: "#f58518", strokeWidth: 3 }),
      Plot.dot(rows, { x: "label", y: "mean", fill: "#f58518", r: 4 }),
      Plot.ruleY([0]),
    ],
  });
}

/**
 * Chart of {@link trackingBands}: actual repeat transactions (line) and the posterior band of the model's
 * expectation (area), cumulative or weekly, with the end of calibration marked. Returns an SVG string.
 * @example plotTrackingBands(trackingBands(model, log, { timeUnit: "weeks", calibrationEnd: "1997-09-30" }), { calibrationEnd: "1997-09-30" })
 */
export function plotTrackingBands(rows: readonly TrackingBandRow[], options: { calibrationEnd: string; kind?: "cumulative" | "incremental"; title?: string; level?: number }): string {
  const cumulative = (options.kind ?? "cumulative") === "cumulative";
  const pct = Math.round((options.level ?? 0.94) * 100);
  const data = rows.map((r) => ({
    date: new Date(r.weekEnd * 86_400_000),
    actual: cumulative ? r.actualCumulative : r.actual,
    mean: cumulative ? r.cumulativeMean : r.mean,
    lower: cumulative ? r.cumulativeLower : r.lower,
    upper: cumulative ? r.cumulativeUpper : r.upper,
  }));
  return renderPlot({
    title: options.title ?? `${cumulative ? "Cumulative" : "Weekly"} repeat transactions: actual vs posterior (${pct}% band)`,
    x: { label: "week ending", type: "utc" },
    y: { label: cumulative ? "cumulative repeat transactions" : "repeat transactions per week", grid: true },
    marks: [
      Plot.areaY(data, { x: "date", y1: "lower", y2: "upper", fill: "#f58518", fillOpacity: 0.3 }),
      Plot.line(data, { x: "date", y: "mean", stroke: "#f58518", strokeDasharray: "4,3" }),
      Plot.line(data, { x: "date", y: "actual", stroke: "#4c78a8" }),
      Plot.ruleX([new Date(dayNumber(options.calibrationEnd) * 86_400_000)], { stroke: "#888", strokeDasharray: "2,2" }),
    ],
  });
}

/**
 * Chart of {@link calibrationHoldoutBands}: actual mean holdout purchases per calibration-frequency group (line and
 * points) and the posterior mean with its band (area). Returns an SVG string.
 * @example plotCalibrationHoldoutBands(calibrationHoldoutBands(model, summary))
 */
export function plotCalibrationHoldoutBands(rows: readonly HoldoutBandRow[], options: { title?: string; level?: number } = {}): string {
  const pct = Math.round((options.level ?? 0.94) * 100);
  return renderPlot({
    title: options.title ?? `Holdout purchases by calibration frequency: actual vs posterior (${pct}% band)`,
    x: { label: "repeat purchases in calibration", domain: rows.map((r) => r.label) },
    y: { label: "mean repeat purchases in holdout", grid: true },
    marks: [
      Plot.ruleX(rows, { x: "label", y1: "lower", y2: "upper", stroke: "#f58518", strokeWidth: 8, strokeOpacity: 0.35 }),
      Plot.dot(rows, { x: "label", y: "mean", fill: "#f58518", r: 3 }),
      Plot.line(rows, { x: "label", y: "actual", stroke: "#4c78a8" }),
      Plot.dot(rows, { x: "label", y: "actual", fill: "#4c78a8", r: 3 }),
    ],
  });
}
