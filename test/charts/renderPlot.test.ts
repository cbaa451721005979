import * as Plot from "@observablehq/plot";
import { describe, expect, it } from "vitest";
import { renderPlot } from "../../src/charts/renderPlot.js";

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

  it("is deterministic: clip-path ids are renumbered per figure, so call order does not change output", () => {
    const options = { marks: [Plot.areaY(data, { x: "week", y: "purchases", clip: true })] };
    const a = renderPlot(options);
    renderPlot({ marks: [Plot.dot(data, { x: "week", y: "purchases", clip: true })] });
    const b = renderPlot(options);
    expect(a).toBe(b);
    expect(a).toMatch(/id="clvlab-1"/);
    expect(a).toContain("url(#clvlab-1)");
  });

  it("returns a <figure> when a title or legend is asked for", () => {
    const html = renderPlot({ title: "Repeat purchases", marks: [Plot.barY(data, { x: "week", y: "purchases" })] });
    expect(html.startsWith("<figure")).toBe(true);
    expect(html).toContain("Repeat purchases");
  });
});
