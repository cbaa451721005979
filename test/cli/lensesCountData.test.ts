import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runLenses } from "../../src/cli/lenses.js";

const main = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const texas = fileURLToPath(new URL("../../data/texas_transactions.csv", import.meta.url));
const read = (dir: string, f: string) => JSON.parse(readFileSync(join(dir, f), "utf8"));

// The Texas log without its amount and cost columns: count data, as a grocery panel without spend. Its return rows
// (negative amounts) are left out too: without amounts a return cannot be told from a purchase.
function countDataCopy(): string {
  const all = readFileSync(texas, "utf8").trim().split("\n");
  const head = all[0]!.split(",");
  const amount = head.indexOf("amount");
  const lines = all.filter((l, i) => i === 0 || !(Number(l.split(",")[amount]) < 0));
  const keep = head.map((h, i) => (h === "amount" || h === "cost" ? -1 : i)).filter((i) => i >= 0);
  const f = join(mkdtempSync(join(tmpdir(), "clvlab-count-")), "texas_counts.csv");
  writeFileSync(f, lines.map((l) => keep.map((i) => l.split(",")[i]).join(",")).join("\n") + "\n");
  return f;
}

describe("clvlab lenses on count data (no amount column)", () => {
  it("runs the audit on counts, says revenue is not available, and leaves revenue out instead of reporting zeros", async () => {
    const withAmount = mkdtempSync(join(tmpdir(), "clvlab-lenses-amt-"));
    const counts = mkdtempSync(join(tmpdir(), "clvlab-lenses-cnt-"));
    await runLenses([texas], { period: "quarter", outDir: withAmount });
    const lines = await runLenses([countDataCopy()], { period: "quarter", outDir: counts }); // detected: no amount column
    const text = lines.join("\n");
    expect(text).toMatch(/revenue not available \(count data: no amount column\)/);
    expect(text).not.toMatch(/revenue \d/);
    expect(text).not.toContain("reconciliation to the cent");

    // Customer counts, orders, frequencies and retention do not need spend: the same as on the full log.
    const a1 = read(withAmount, "lens1.json"), c1 = read(counts, "lens1.json");
    expect(c1.revenueAvailable).toBe(false);
    expect(c1.customers).toBe(a1.customers);
    expect(c1.orders).toBe(a1.orders);
    expect(c1.oneTimeBuyers).toBe(a1.oneTimeBuyers);
    expect(c1.purchaseCounts.map((p: { customers: number }) => p.customers)).toEqual(a1.purchaseCounts.map((p: { customers: number }) => p.customers));
    const a4 = read(withAmount, "lens4.json"), c4 = read(counts, "lens4.json");
    expect(c4.heatmap.retention).toEqual(a4.heatmap.retention);
    // Revenue, value deciles, concentration and the revenue ranking of cohorts are absent, not zero.
    for (const k of ["revenue", "averageOrderValue", "deciles", "gini", "lorenz", "concentration"]) expect(c1).not.toHaveProperty(k);
    expect(c4).not.toHaveProperty("comparison");
    expect(JSON.stringify([c1, c4, read(counts, "lens2.json"), read(counts, "lens3.json"), read(counts, "lens5.json")])).not.toMatch(/"(?!revenueAvailable")[A-Za-z]*[Rr]evenue[A-Za-z]*":|"monetary|Cents":/);

    // Health: the three revenue-based factors have no value, the score is the weighted mean of the other three
    // with their weights rescaled to sum to 1 (lens 5's rule for factors without a value).
    const a5 = read(withAmount, "lens5.json"), c5 = read(counts, "lens5.json");
    type F = { name: string; value: number | null; score: number | null; weight: number };
    const byName = (fs: F[], n: string) => fs.find((f) => f.name === n)!;
    expect(byName(c5.health.factors, "concentration").value).toBeNull();
    expect(byName(c5.health.factors, "revenuePerCustomerGrowth").value).toBeNull();
    expect(byName(c5.health.factors, "newCohortDependence").value).toBeNull();
    const countBased = (a5.health.factors as F[]).filter((f) => ["retention", "retentionTrend", "activeCustomerGrowth"].includes(f.name));
    expect(countBased.every((f) => f.score !== null)).toBe(true);
    const w = countBased.reduce((s, f) => s + f.weight, 0);
    expect(c5.health.score).toBeCloseTo(countBased.reduce((s, f) => s + f.score! * f.weight, 0) / w, 12);
    expect(c5).not.toHaveProperty("projection");

    const md = readFileSync(join(counts, "report.md"), "utf8");
    expect(md).toContain("Revenue is not available: the log has no amount column (count data).");
    expect(md).not.toMatch(/\$\d/);
    expect(md).not.toContain("of revenue");
    const html = readFileSync(join(counts, "report.html"), "utf8");
    expect(html).not.toContain("Lorenz curve:");
    expect(html).not.toContain("C3: revenue stacked");
    expect(html).toContain("<svg");
  }, 60_000);

  it("--no-amount on a log that has amounts gives the same count-data audit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clvlab-lenses-noamt-"));
    const lines = await runLenses([texas], { period: "quarter", outDir: dir, amount: false });
    expect(lines.join("\n")).toContain("revenue not available");
    expect(read(dir, "lens1.json")).not.toHaveProperty("revenue");
  }, 60_000);

  it("refuses --no-amount with an external engine instead of auditing zero revenue there", () => {
    const r = spawnSync(process.execPath, [main, "lenses", texas, "--out-dir", mkdtempSync(join(tmpdir(), "clvlab-lenses-eng-")), "--no-amount", "--engine", "duckdb"], { encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("--no-amount (count data) runs on the memory engine only: leave out --engine duckdb");
  }, 30_000);
});
