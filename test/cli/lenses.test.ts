import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runLenses } from "../../src/cli/lenses.js";

const texas = fileURLToPath(new URL("../../data/texas_transactions.csv", import.meta.url));
const cdnowTxt = fileURLToPath(new URL("../../../shared/data/cdnow/CDNOW_sample.txt", import.meta.url));
const repro = fileURLToPath(new URL("../../../shared/data/repro/negative_clv.csv", import.meta.url));
const main = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

describe("clvlab lenses", () => {
  it("writes lens1.json ... lens5.json, report.md and report.html for Texas and reports the reconciliation (Fader, Hardie & Ross 2022)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clvlab-lenses-"));
    const lines = await runLenses([texas], { period: "quarter", outDir: dir });
    for (const f of ["lens1.json", "lens2.json", "lens3.json", "lens4.json", "lens5.json", "report.md", "report.html"]) expect(existsSync(join(dir, f))).toBe(true);
    expect(lines.join("\n")).toContain("reconciliation to the cent: lens 2 ok, lens 4 ok, lens 5 ok");
    const l5 = JSON.parse(readFileSync(join(dir, "lens5.json"), "utf8"));
    expect(l5.lens).toBe(5);
    expect(l5.period).toBe("quarter");
    expect(l5.reconciliation.exact).toBe(true);
    expect(readFileSync(join(dir, "report.html"), "utf8")).toContain("<svg");
  });

  it("honours --observation-end (later rows are counted, not used) on the CDNOW sample read as whitespace columns", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clvlab-lenses-"));
    const lines = await runLenses([cdnowTxt], {
      period: "month",
      observationEnd: "1997-12-31",
      outDir: dir,
      delimiter: "whitespace",
      header: false,
      columnNames: "master_id,customer_id,date,quantity,amount",
    });
    // Rows after the cut-off are outside the window, not errors: counted on their own line.
    expect(lines.find((l) => l.startsWith("rows after the observation end:"))).toMatch(/^rows after the observation end: \d+ \(outside the window; not errors\)$/);
    expect(lines).toContain("rows rejected: 0");
    const l1 = JSON.parse(readFileSync(join(dir, "lens1.json"), "utf8"));
    expect(l1.window.to).toBe("1997-12");
  });

  it("rejects a bad period or missing output folder with a clear message", async () => {
    await expect(runLenses([texas], { period: "week", outDir: "x" })).rejects.toThrow(/invalid period "week": use month, quarter or year/);
    await expect(runLenses([texas], { period: "month" })).rejects.toThrow(/missing --out-dir/);
    await expect(runLenses([texas], { observationEnd: "2024/01/01", outDir: "x" })).rejects.toThrow(/invalid --observation-end "2024\/01\/01": use a calendar date YYYY-MM-DD/);
  });

  it("runs from the built command line and exits 1 with the message on bad input", () => {
    const dir = mkdtempSync(join(tmpdir(), "clvlab-lenses-"));
    const ok = spawnSync(process.execPath, [main, "lenses", texas, "--period", "year", "--out-dir", dir], { encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("wrote");
    const bad = spawnSync(process.execPath, [main, "lenses", texas, "--period", "decade", "--out-dir", dir], { encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('clvlab: invalid period "decade"');
  });

  it("writes the reports readable by all (mode 0644 under umask 077) with the --title escaped in report.md", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clvlab-lenses-mode-"));
    const old = process.umask(0o077);
    try {
      await runLenses([repro], { period: "quarter", outDir: dir, title: "<b>Audit</b> *of* [x](y)" });
    } finally {
      process.umask(old);
    }
    for (const f of ["lens1.json", "lens5.json", "report.md", "report.html"]) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o644);
    expect(readFileSync(join(dir, "report.md"), "utf8").split("\n")[0]).toBe("# \\<b\\>Audit\\</b\\> \\*of\\* \\[x\\](y)");
  });
});
