import * as Plot from "@observablehq/plot";
import type { TrackingResult } from "../../monitoring/trackRealizedVsPredicted.js";
import { dayNumber } from "../../time/dayNumber.js";
import { renderPlot } from "../renderPlot.js";

/**
 * Realized vs predicted per period: the band (shaded), the model's expectation (dashed line) and the actual repeat
 * purchases (dots; red outside the band), for purchases or revenue. Returns an SVG string.
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2), fig. 4 (weekly tracking)
 * @example plotTrackingBand(snapshot.tracking)
 */
export function plotTrackingBand(tracking: Omit<TrackingResult, "summary">, options: { measure?: "purchases" | "revenue" } = {}): string {
  const measure = options.measure ?? "purchases";
  if (measure !== "purchases" && measure !== "revenue") throw new Error(`invalid measure ${JSON.stringify(measure)}: use purchases or revenue`);
  const rev = measure === "revenue";
  const rows = tracking.periods.map((p) => ({
    date: new Date(dayNumber(p.end) * 86_400_000),
    expected: rev ? p.expectedRevenue : p.expectedPurchases,
    actual: rev ? p.actualRevenue : p.actualPurchases,
    lower: rev ? p.lowerRevenue : p.lowerPurchases,
    upper: rev ? p.upperRevenue : p.upperPurchases,
    state: p.outside ? "outside band" : "inside band",
  }));
  return renderPlot({
    width: 720,
    height: 320,
    title: `${rev ? "Revenue" : "Repeat purchases"} per ${tracking.period} since ${tracking.referenceEnd}: actual vs expected, ${Math.round(tracking.level * 100)}% ${tracking.band} band`,
    x: { label: `${tracking.period} ending`, type: "utc" },
    y: { label: rev ? "revenue per period" : "repeat purchases per period", grid: true, zero: true },
    color: { legend: true, domain: ["inside band", "outside band"], range: ["#4c78a8", "#e45756"] },
    marks: [
      Plot.areaY(rows, { x: "date", y1: "lower", y2: "upper", fill: "#9ecae9", fillOpacity: 0.35, curve: "step-before" }),
      Plot.line(rows, { x: "date", y: "expected", stroke: "#555", strokeDasharray: "5,3" }),
      Plot.line(rows, { x: "date", y: "actual", stroke: "#4c78a8", strokeOpacity: 0.5 }),
      Plot.dot(rows, { x: "date", y: "actual", fill: "state", r: 3.5 }),
    ],
  });
}
