import { describe, expect, it } from "vitest";
import { HEALTH_FACTOR_LABELS } from "../../src/lenses/lens5.js";
import { fiveLensesReport } from "../../src/reports/fiveLensesReport.js";
import { fixtureLog } from "../lenses/fixture.js";

describe("fiveLensesReport", () => {
  const r = fiveLensesReport(fixtureLog(), { observationEnd: "2024-06-30", title: "Fixture audit" });

  it("returns the five lenses as plain JSON-serializable objects (round trip is lossless)", () => {
    for (const k of ["lens1", "lens2", "lens3", "lens4", "lens5"] as const) {
      const j = JSON.parse(JSON.stringify(r.lenses[k]));
      expect(j).toEqual(r.lenses[k]);
    }
    expect(r.lenses.lens1.revenue).toBe(298);
    expect(r.lenses.lens3.cohort.label).toBe("2024-01");
  });

  it("writes Markdown with every lens and the hand-computed headline figures (Fader, Hardie & Ross 2022 lens structure)", () => {
    for (const h of ["# Fixture audit", "## Lens 1", "## Lens 2", "## Lens 3", "## Lens 4", "## Lens 5"]) expect(r.markdown).toContain(h);
    expect(r.markdown).toContain("| Revenue | $298.00 |");
    expect(r.markdown).toContain("| One-time buyers | 1 (20.0%) |");
    expect(r.markdown).toContain("| Revenue reconciles to the cent (lenses 2, 4, 5) | yes |");
    expect(r.markdown).toContain("4 = 1 retained + 3 lost");
  });

  it("names the health factors in plain words in the report table, as in the chart (no code names)", () => {
    for (const f of r.lenses.lens5.health.factors) expect(r.markdown).toContain(`| ${HEALTH_FACTOR_LABELS[f.name]} | ${f.description}`);
    expect(r.markdown).not.toMatch(/\| (retentionTrend|newCohortDependence|activeCustomerGrowth|revenuePerCustomerGrowth) \|/);
  });

  it("writes a self-contained HTML page: inline CSS, every chart inlined as SVG, no external assets", () => {
    expect(r.html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(r.html).toContain("<style>");
    for (const name of Object.keys(r.charts)) expect(r.html).toContain(r.charts[name]!);
    expect(Object.keys(r.charts)).toEqual(["lorenz", "deciles", "migration", "retentionCurves", "heatmap", "c3", "c3Customers", "health"]);
    expect(r.html).not.toMatch(/<(script|link|img)\b/);
    expect(r.html).not.toMatch(/(src|href)="https?:/);
  });

  it("passes custom cohorts and layers through", () => {
    const c = fiveLensesReport(fixtureLog(), { observationEnd: "2024-06-30", cohorts: { by: "quarter" }, layers: { attribute: "city" } });
    expect(c.lenses.lens4.cohorts.map((x) => x.label)).toEqual(["2024-Q1", "2024-Q2"]);
    expect(c.lenses.lens5.cohorts).toEqual(["Austin", "Dallas", "Houston", "San Antonio"]);
  });

  it("escapes Markdown and HTML in the user-supplied title and source (shown as typed in report.md and report.html)", () => {
    const title = "Q3 <script>alert(1)</script> *bold* [x](javascript:alert(3)) _u_ a_b & co";
    const source = "data/<img src=x onerror=alert(2)>.csv";
    const e = fiveLensesReport(fixtureLog(), { observationEnd: "2024-06-30", title, source });
    // CommonMark backslash escapes: no raw HTML, no emphasis, no link; the intraword _ in a_b stays bare.
    expect(e.markdown.split("\n")[0]).toBe("# Q3 \\<script\\>alert(1)\\</script\\> \\*bold\\* \\[x\\](javascript:alert(3)) \\_u\\_ a_b \\& co");
    expect(e.markdown).toContain("Data: data/\\<img src=x onerror=alert(2)\\>.csv;");
    expect(e.markdown).not.toMatch(/(?<!\\)<(script|img)/); // every < is escaped
    // HTML shows the same characters, escaped as entities; the escapes' backslashes are not shown.
    expect(e.html).toContain("<h1>Q3 &lt;script&gt;alert(1)&lt;/script&gt; *bold* [x](javascript:alert(3)) _u_ a_b &amp; co</h1>");
    expect(e.html).toContain("Data: data/&lt;img src=x onerror=alert(2)&gt;.csv;");
    expect(e.html).not.toMatch(/<(script|img|em>bold)/);
    // A title with a line break stays one heading.
    expect(fiveLensesReport(fixtureLog(), { observationEnd: "2024-06-30", title: "a\n# b" }).markdown.split("\n")[0]).toBe("# a \\# b");
  });
});
