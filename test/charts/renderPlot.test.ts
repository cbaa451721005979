import * as Plot from "@observablehq/plot";
import { describe, expect, it } from "vitest";
import { leftLabelWidth, renderPlot } from "../../src/charts/renderPlot.js";

const data = [
  { week: 0, purchases: 10 },
  { week: 10, purchases: 40 },
  { week: 20, purchases: 30 },
  { week: 30, purchases: 60 },
];

describe("renderPlot", () => {
  it("renders a line chart to the stored SVG snapshot (fixed 640 × 400 size)", async () => {
    const svg = renderPlot({ marks: [Plot.lineY(data, { x: "week", y: "purchases" }), Plot.ruleY([0])] });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain('width="640" height="400"');
    await expect(svg).toMatchFileSnapshot("./__snapshots__/line.svg");
  });

  it("widens the left margin to the longest y tick label, so '18,000' and '-12,000' are not clipped", () => {
    const big = [{ x: "a", y: 18000 }, { x: "b", y: -12000 }];
    const svg = renderPlot({ marks: [Plot.barY(big, { x: "x", y: "y" })] });
    // Tick labels are right-anchored 9 px left of the frame at x = marginLeft: the frame must sit at least at
    // the estimated label width (tick, padding, "−12,000" at about 6 px per digit).
    const frameX = Number(/aria-label="y-axis tick label"[\s\S]*?translate\((\d+(?:\.\d+)?),/.exec(svg)![1]);
    expect(frameX).toBeGreaterThanOrEqual(leftLabelWidth(svg));
    expect(frameX).toBeGreaterThan(40 + 10);
    // Short labels keep Plot's default margin.
    expect(renderPlot({ marks: [Plot.lineY(data, { x: "week", y: "purchases" })] })).toContain('transform="translate(40,');
  });

  it("is deterministic: clip-path ids are renumbered per figure, so call order does not change output", () => {
    const options = { marks: [Plot.areaY(data, { x: "week", y: "purchases", clip: true })] };
    const a = renderPlot(options);
    renderPlot({ marks: [Plot.dot(data, { x: "week", y: "purchases", clip: true })] });
    const b = renderPlot(options);
    expect(a).toBe(b);
    expect(a).toMatch(/id="clvlab-1"/);
    expect(a).toContain("url(#clvlab-1)");
  });

  it("draws a continuous color legend without a canvas (an embedded SVG ramp of the scheme's colors)", () => {
    const html = renderPlot({ color: { type: "linear", scheme: "blues", domain: [0, 1], legend: true }, marks: [Plot.dot(data, { x: "week", y: "purchases", fill: "purchases" })] });
    const m = /href="data:image\/svg\+xml;base64,([^"]+)"/.exec(html);
    expect(m).not.toBeNull();
    const ramp = Buffer.from(m![1]!, "base64").toString("utf8");
    expect(ramp.match(/<rect /g)?.length).toBe(256);
    // The first and last pixels are the two ends of d3's Blues scheme.
    expect(ramp).toContain('fill="rgb(247, 251, 255)"');
    expect(ramp).toContain('fill="rgb(8, 48, 107)"');
  });

  it("returns a <figure> when a title or legend is asked for", () => {
    const html = renderPlot({ title: "Repeat purchases", marks: [Plot.barY(data, { x: "week", y: "purchases" })] });
    expect(html.startsWith("<figure")).toBe(true);
    expect(html).toContain("Repeat purchases");
  });
});
