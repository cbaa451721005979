import * as Plot from "@observablehq/plot";
import type { SegmentShares } from "../../monitoring/monitorModel.js";
import { renderPlot } from "../renderPlot.js";

const COLORS = { domain: ["reference", "current"], range: ["#9ecae9", "#e45756"] };

/**
 * Segment shares of a stacked pipeline, reference (by default the training-time shares) vs current: for each segment,
 * labelled with its profile, the share of customers whose most probable segment it is, as paired horizontal bars
 * with the shares printed. Title: the segment-share PSI and status when given. Returns an SVG string.
 * @see Siddiqi (2006), Credit Risk Scorecards, ch. 8 (characteristic analysis of a score's bins)
 * @example plotSegmentShares(snapshot.segmentShares!, { psi: 0.04, status: "none" })
 */
export function plotSegmentShares(shares: SegmentShares, summary: { psi?: number; status?: string; width?: number } = {}): string {
  const name = (s: SegmentShares["segments"][number]) => `${s.segment}: ${s.label.length > 56 ? `${s.label.slice(0, 55)}…` : s.label}`;
  const rows = shares.segments.flatMap((s) => [
    { segment: name(s), window: "reference", share: s.referenceShare },
    { segment: name(s), window: "current", share: s.currentShare },
  ]);
  const title = `Segment shares, ${shares.referenceSource === "training" ? "training" : "reference end"} vs current${summary.psi !== undefined ? `: PSI ${summary.psi.toFixed(3)}` : ""}${summary.status ? ` (${summary.status})` : ""}`;
  return renderPlot({
    width: summary.width ?? 720,
    height: 50 + shares.segments.length * 46,
    marginLeft: 330,
    marginRight: 50,
    title,
    x: { label: "share of customers (most probable segment)", grid: true, tickFormat: "%", domain: [0, Math.max(0.05, ...rows.map((r) => r.share)) * 1.15] },
    y: { axis: null, domain: COLORS.domain },
    fy: { label: null, domain: shares.segments.map(name) },
    color: { ...COLORS, legend: true },
    marks: [
      Plot.barX(rows, { fy: "segment", y: "window", x: "share", fill: "window" }),
      Plot.text(rows, { fy: "segment", y: "window", x: "share", text: (d: { share: number }) => `${(d.share * 100).toFixed(1)}%`, dx: 4, textAnchor: "start", fontSize: 10 }),
      Plot.ruleX([0]),
    ],
  });
}
