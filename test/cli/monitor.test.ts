import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMonitor, runUpdate } from "../../src/cli/monitor.js";
import { validateMonitoringSnapshot } from "../../src/monitoring/snapshotSchema.js";
import { generateTexasRetail } from "../../src/synthetic/generateTexasRetail.js";

// Texas data (data/texas_transactions.csv) split at 2024-03-31: the first part trains, the rest arrives later.
const lines = readFileSync("data/texas_transactions.csv", "utf8").trim().split("\n");
const header = lines[0]!;
const by = (from: string, to: string) => [header, ...lines.slice(1).filter((l) => { const d = l.split(",")[2]!; return d > from && d <= to; })].join("\n") + "\n";

describe("clvlab update and clvlab monitor on Texas data", () => {
  it("fits a first model, monitors it (exit 0 when calm), and writes snapshot, Prometheus text and report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clvlab-monitor-"));
    const data = join(dir, "tx"), store = join(dir, "models"), out = join(dir, "monitor");
    mkdirSync(data);
    writeFileSync(join(data, "2024q1.csv"), by("0000", "2024-03-31"));
    const first = await runUpdate([data], { model: store });
    expect(first).toContain("decision: full");
    expect(first).toContain("reason: no stored model: first fit");
    writeFileSync(join(data, "2024-04.csv"), by("2024-03-31", "2024-04-28"));
    const r = await runMonitor([data], { model: join(store, "latest"), out, attribute: ["city"] });
    expect(r.exitCode).toBe(0);
    expect(r.text).toMatch(/^status none \(exit 0\)/);
    const snap = JSON.parse(readFileSync(join(out, "snapshot.json"), "utf8"));
    expect(validateMonitoringSnapshot(snap)).toEqual([]);
    expect(snap.tracking.periods.length).toBe(4);
    expect(readFileSync(join(out, "metrics.prom"), "utf8")).toMatch(/clvlab_feature_psi\{model="[^"]+",feature="recency_ratio",group="input"\} [0-9.e-]+/);
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("<svg");
    const upd = await runUpdate([data], { model: store });
    expect(upd).toContain("decision: warm");
    expect(upd).toMatch(/lineage:\n.*\n.*warm/);
  }, 30_000);

  it("exits 1 or 2 when purchases drop after a price rise (scenario from the generator)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clvlab-monitor-"));
    const data = join(dir, "tx"), store = join(dir, "models");
    mkdirSync(data);
    writeFileSync(join(data, "history.csv"), by("0000", "2024-06-30"));
    await runUpdate([data], { model: store });
    // Same seed as the shipped data, purchase rates halved in every city from 2024-07-01.
    const g = generateTexasRetail({ seed: 2024, observationEnd: "2024-09-30", rateChanges: [{ from: "2024-07-01", multiplier: 0.5 }] });
    const scenario = join(dir, "scenario.csv");
    writeFileSync(scenario, g.toCsv());
    const r = await runMonitor([scenario], { model: store, out: join(dir, "out") });
    expect(r.exitCode).toBeGreaterThanOrEqual(1);
    expect(r.text).toMatch(/tracking repeat_purchases/);
  }, 30_000);

  it("gives helpful errors for bad options", async () => {
    await expect(runMonitor(["data/texas_transactions.csv"], { model: "/nonexistent/models", out: "/tmp/x", period: "day" })).rejects.toThrow(/invalid --period "day": use week or month/);
    await expect(runMonitor(["data/texas_transactions.csv"], { model: "/nonexistent/models", out: "/tmp/x", referenceEnd: "2024-13-01" })).rejects.toThrow(/invalid --reference-end "2024-13-01"/);
    await expect(runUpdate(["data/texas_transactions.csv"], { model: "/tmp/x", policy: "often" })).rejects.toThrow(/invalid policy "often": use auto, warm or full/);
  });
});
