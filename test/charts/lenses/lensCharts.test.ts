import { describe, expect, it } from "vitest";
import { c3Chart, cohortHeatmapChart, decilesChart, healthFactorsChart, lorenzChart, migrationChart, retentionCurvesChart } from "../../../src/charts/lenses/index.js";
import { lens1 } from "../../../src/lenses/lens1.js";
import { lens2 } from "../../../src/lenses/lens2.js";
import { lens4 } from "../../../src/lenses/lens4.js";
import { lens5 } from "../../../src/lenses/lens5.js";
import { periodPanel } from "../../../src/summaries/periodPanel.js";
import { fixtureLog } from "../../lenses/fixture.js";

const panel = periodPanel(fixtureLog(), { period: "month", observationEnd: "2024-06-30" });
const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

describe("Five Lenses charts (Fader, Hardie & Ross 2022 figures) render to SVG", () => {
  it("Lorenz curve: equality diagonal, curve through the hand-computed points, Gini in the title", () => {
    const svg = lorenzChart(lens1(panel));
    expect(svg).toContain("Gini 0.314");
    expect(svg).toContain("<svg");
    expect(count(svg, /<path/g)).toBeGreaterThanOrEqual(3);
  });

  it("Lorenz curve stays inside the frame and ends at its top-right corner (100% of customers hold 100% of revenue)", () => {
    const svg = lorenzChart(lens1(panel));
    const frame = /<rect[^>]*x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*stroke="#ddd"|<rect[^>]*stroke="#ddd"[^>]*x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(svg);
    expect(frame).not.toBeNull();
    const [x, y, w, h] = (frame![1] !== undefined ? frame!.slice(1, 5) : frame!.slice(5, 9)).map(Number) as [number, number, number, number];
    const curve = /<g[^>]*stroke="steelblue"[^>]*stroke-width="2"[^>]*>\s*<path[^>]*d="([^"]+)"/.exec(svg);
    expect(curve).not.toBeNull();
    const pts = [...curve![1]!.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    for (const [px, py] of pts) {
      expect(px).toBeGreaterThanOrEqual(x - 0.5);
      expect(px).toBeLessThanOrEqual(x + w + 0.5);
      expect(py).toBeGreaterThanOrEqual(y - 0.5);
      expect(py).toBeLessThanOrEqual(y + h + 0.5);
    }
    const last = pts.at(-1)!;
    expect(last[0]).toBeCloseTo(x + w, 0);
    expect(last[1]).toBeCloseTo(y, 0);
  });

  it("each chart matches its stored SVG snapshot (fixture data, fixed ids)", async () => {
    const l1 = lens1(panel), l4 = lens4(panel);
    const l2 = lens2(panel, { firstFrom: "2024-03", firstTo: "2024-04", secondFrom: "2024-05", secondTo: "2024-06" });
    await expect(lorenzChart(l1)).toMatchFileSnapshot("./__snapshots__/lorenz.svg");
    await expect(decilesChart(l1)).toMatchFileSnapshot("./__snapshots__/deciles.svg");
    await expect(migrationChart(l2)).toMatchFileSnapshot("./__snapshots__/migration.svg");
    await expect(retentionCurvesChart(l4)).toMatchFileSnapshot("./__snapshots__/retention.svg");
    await expect(cohortHeatmapChart(l4)).toMatchFileSnapshot("./__snapshots__/heatmap.svg");
  });

  it("deciles: one bar per non-empty decile and share labels", () => {
    const svg = decilesChart(lens1(panel));
    expect(svg).toContain("33.6%"); // D2 = 100 / 298
    expect(svg).toContain(">D10<");
  });

  it("migration: labelled groups with their counts", () => {
    const svg = migrationChart(lens2(panel, { firstFrom: "2024-03", firstTo: "2024-04", secondFrom: "2024-05", secondTo: "2024-06" }));
    for (const t of ["lost 2", "new 1", "reactivated 1"]) expect(svg).toContain(t);
    expect(svg).not.toContain("retained 0");
  });

  it("retention curves and heat map: one line per cohort, one cell per observed (cohort, age)", () => {
    const l4 = lens4(panel);
    const curves = retentionCurvesChart(l4);
    expect(curves).toContain("2024-01");
    const heat = cohortHeatmapChart(l4);
    // Cells: January 6 ages + February 5 + June 1 = 12 (empty March-May cohorts are left out).
    expect(count(heat, /<rect/g) - count(cohortHeatmapChart({ ...l4, cohorts: [], heatmap: { ...l4.heatmap } }), /<rect/g)).toBe(12);
    expect(heat).toContain(">33<");
  });

  it("C3 and health factors: cohort layers and factor weights are shown", () => {
    const l5 = lens5(panel);
    const c3 = c3Chart(l5);
    expect(c3).toContain("2024-Q1");
    expect(c3).toContain("2024-Q2");
    expect(c3Chart(l5, { metric: "activeCustomers" })).toContain("active customers");
    const h = healthFactorsChart(l5);
    expect(h).toContain("× weight 0.25");
    // Plain factor names, not code names, and a legend that explains the colours.
    expect(h).toContain("retention trend");
    expect(h).not.toContain("retentionTrend");
    expect(h).toMatch(/good \(≥ 0\.6\)/);
    expect(h).toMatch(/weak \(&lt; 0\.4\)|weak \(< 0\.4\)/);
  });

  it("C3 revenue ticks carry the currency and are never clipped", () => {
    const c3 = c3Chart(lens5(panel), { currency: "$" });
    expect(c3).toContain("↑ revenue ($)");
    const ticks = [...c3.matchAll(/<text[^>]*transform="translate\((\d+(?:\.\d+)?),[^"]*"[^>]*>(\$[\d,]+)<\/text>/g)];
    expect(ticks.length).toBeGreaterThan(2);
  });

  it("retention curves say how many cohorts they show", () => {
    const l4 = lens4(panel);
    const n = l4.cohorts.filter((c) => c.size > 0).length;
    expect(retentionCurvesChart(l4)).toContain(`(${n} cohorts)`);
    if (n > 1) expect(retentionCurvesChart(l4, { maxCohorts: 1 })).toContain(`(the 1 newest of ${n} cohorts)`);
  });

  it("is deterministic", () => {
    expect(c3Chart(lens5(panel))).toBe(c3Chart(lens5(panel)));
  });
});
