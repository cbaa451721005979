import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadTransactions } from "../../../src/data/loadTransactions.js";
import { fiveLensesReport } from "../../../src/reports/fiveLensesReport.js";

// The C3 and health-factor charts of the Texas audit as `clvlab lenses data/texas_transactions.csv` draws them
// (monthly periods, default options). Both were looked at as pictures (headless Chromium screenshot of the
// report's figures): every tick label, the "$" on the revenue axis and the factor labels are whole.
const texas = fileURLToPath(new URL("../../../data/texas_transactions.csv", import.meta.url));
let charts: Record<string, string>;
let html: string;
beforeAll(async () => {
  const r = fiveLensesReport(await loadTransactions(texas), { period: "month" });
  charts = r.charts;
  html = r.html;
}, 30_000);

// An upper bound of a label's width at Plot's 10 px sans-serif: 6.2 px for every character (digits, "$", letters;
// commas and spaces are narrower), so a label inside this bound is inside the figure.
const bound = (s: string) => [...s].length * 6.2;
const num = (s: string | undefined) => Number(s);
const viewBox = (svg: string) => /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!.slice(1).map(Number) as [number, number];
/** Right-anchored y tick labels: [text, x of the anchor]. */
function yTickLabels(svg: string): Array<[string, number]> {
  const g = /<g aria-label="y-axis tick label"[^>]*transform="translate\((-?[\d.]+),[^"]*"[^>]*>([\s\S]*?)<\/g>/.exec(svg)!;
  return [...g[2]!.matchAll(/<text[^>]*transform="translate\(([\d.]+),[^"]*"[^>]*>([^<]*)<\/text>/g)].map((t) => [t[2]!, num(t[1]) + num(g[1])]);
}

describe("Texas audit: C3 and health-factor charts", () => {
  it("match their stored SVG snapshots and are the charts embedded in report.html", async () => {
    expect(html).toContain(charts.c3!);
    expect(html).toContain(charts.health!);
    await expect(charts.c3).toMatchFileSnapshot("./__snapshots__/texas-c3.svg");
    await expect(charts.health).toMatchFileSnapshot("./__snapshots__/texas-health.svg");
  });

  it("C3: the revenue ticks carry the currency, reach the top bar and fit left of the axis (no \".8,000\")", () => {
    const ticks = yTickLabels(charts.c3!);
    expect(ticks.map(([t]) => t)).toEqual(["$0", "$2,000", "$4,000", "$6,000", "$8,000", "$10,000", "$12,000", "$14,000", "$16,000", "$18,000", "$20,000"]);
    for (const [t, x] of ticks) expect(x - bound(t), t).toBeGreaterThanOrEqual(0);
  });

  it("C3: the rotated month labels end inside the figure (left and bottom)", () => {
    const svg = charts.c3!;
    const [, height] = viewBox(svg);
    const g = /<g aria-label="x-axis tick label"[^>]*transform="translate\((-?[\d.]+),(-?[\d.]+)\)"[^>]*>([\s\S]*?)<\/g>/.exec(svg)!;
    const labels = [...g[3]!.matchAll(/transform="translate\(([\d.]+),([\d.]+)\) rotate\(-45\)">([^<]*)</g)];
    expect(labels.map((l) => l[3])).toContain("2023-01");
    for (const l of labels) {
      // End-anchored at -45°: the text runs down-left from its anchor by width × cos 45° in x and in y.
      const run = bound(l[3]!) * Math.SQRT1_2;
      expect(num(l[1]) + num(g[1]) - run, l[3]).toBeGreaterThanOrEqual(0);
      expect(num(l[2]) + num(g[2]) + run, l[3]).toBeLessThanOrEqual(height);
    }
  });

  it("health factors: plain factor names, and the score × weight labels and axis label end inside the figure", () => {
    const svg = charts.health!;
    const [width] = viewBox(svg);
    expect(yTickLabels(svg).map(([t]) => t)).toEqual(["retention", "retention trend", "independence from new cohorts", "revenue spread (1 − concentration)", "active-customer growth", "revenue-per-customer growth"]);
    const g = /<g aria-label="text" text-anchor="start" transform="translate\(([\d.]+),[^"]*"[^>]*>([\s\S]*?)<\/g>/.exec(svg)!;
    const labels = [...g[2]!.matchAll(/transform="translate\(([\d.]+),[^"]*"[^>]*>([^<]*)</g)];
    expect(labels).toHaveLength(6);
    for (const l of labels) {
      expect(l[2]).toMatch(/^\d\.\d\d × weight \d\.\d\d$/);
      expect(num(l[1]) + num(g[1]) + bound(l[2]!), l[2]).toBeLessThanOrEqual(width);
    }
    const axis = /<g aria-label="x-axis label" text-anchor="end" transform="translate\(([\d.]+),[^"]*"[^>]*><text transform="translate\(([\d.]+),/.exec(svg)!;
    expect(num(axis[1]) + num(axis[2])).toBeLessThanOrEqual(width);
  });
});
