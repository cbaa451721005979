import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { runMonitor, runUpdate } from "../../src/cli/monitor.js";
import { runTrain } from "../../src/cli/train.js";
import { modelLineage } from "../../src/monitoring/modelLineage.js";
import { validateMonitoringSnapshot } from "../../src/monitoring/snapshotSchema.js";
import type { ClvPipeline } from "../../src/segmentation/predictor/pipelineTypes.js";
import { loadArtifact } from "../../src/store/loadArtifact.js";
import { generateTexasRetail } from "../../src/synthetic/generateTexasRetail.js";

// A slice of the Texas data (data/texas_transactions.csv): customers C0001..C0250, history to 2024-03-31, then April.
const slice = (csv: string, from: string, to: string) => {
  const lines = csv.trim().split("\n");
  return [lines[0]!, ...lines.slice(1).filter((l) => Number(l.slice(1, 5)) <= 250 && l.split(",")[2]! > from && l.split(",")[2]! <= to)].join("\n") + "\n";
};
const texas = readFileSync("data/texas_transactions.csv", "utf8");

describe("clvlab monitor and clvlab update on a stacked pipeline from clvlab train", () => {
  it("monitors segment shares, warm-starts on calm new data, skips without new data and refits fully after a drop in purchases", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clvlab-pipeline-cli-"));
    const data = join(dir, "tx"), store = join(dir, "models"), out = join(dir, "monitor");
    mkdirSync(data);
    writeFileSync(join(data, "2024q1.csv"), slice(texas, "0000", "2024-03-31"));
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const trained = await runTrain([data], { calibrationEnd: "2024-03-31", out: store, replicates: "0", seed: "1", innerHorizon: "90", quiet: true });
    write.mockRestore();
    const stored = loadArtifact<ClvPipeline>(store).payload;

    // The files trained on are in the pipeline's manifest: nothing new, nothing to refit.
    expect(Object.keys(stored.files!)).toEqual([join(data, "2024q1.csv")]);
    const none = await runUpdate([data], { model: store });
    expect(none).toContain("decision: skip");
    expect(none).toContain("reason: no new data: every file was ingested before (manifest)");

    writeFileSync(join(data, "2024-04.csv"), slice(texas, "2024-03-31", "2024-04-28"));
    const m = await runMonitor([data], { model: join(store, "latest"), out });
    expect([0, 1]).toContain(m.exitCode);
    expect(m.text).toMatch(/segment shares \(training vs current\): 0 [0-9.]+% -> [0-9.]+%/);
    const snap = JSON.parse(readFileSync(join(out, "snapshot.json"), "utf8"));
    expect(validateMonitoringSnapshot(snap)).toEqual([]);
    expect(snap.model).toMatchObject({ id: trained, kind: "clv-pipeline", trainingEnd: "2024-03-31" });
    expect(snap.segmentShares.segments.map((s: { referenceCount: number }) => s.referenceCount)).toEqual(stored.profiles.map((p) => p.size));
    expect(snap.tracking.periods.length).toBe(4);
    expect(readFileSync(join(out, "metrics.prom"), "utf8")).toMatch(/clvlab_segment_share\{model="[^"]+",segment="0",window="current"\} [0-9.]+/);
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("Segment shares, training vs current");

    // Calm new data (April, no promotion): warm, from the stored state; the lineage says which parts were warm.
    const warm = await runUpdate([data], { model: store });
    expect(warm).toContain("decision: warm");
    expect(warm).toMatch(/mixture: warm: EM from the stored weights, means and covariances \(k = \d+ kept/);
    expect(warm).toContain("trees: cold");
    const lineage = modelLineage(store);
    expect(lineage.map((e) => e.decision)).toEqual(["warm", "initial"]);
    expect(lineage[0]!.parent).toBe(trained);
    expect(lineage[0]!.components!.btyd).toMatch(/^warm/);
    const next = loadArtifact<ClvPipeline>(store).payload;
    expect(next.calibrationEnd).toBe("2024-04-28");
    expect(next.gmm.k).toBe(stored.gmm.k);
    expect(Object.keys(next.files!).length).toBe(2);

    // Nothing new since: skip, by the manifest.
    expect(await runUpdate([data], { model: store })).toContain("reason: no new data: every file was ingested before (manifest)");

    // Purchases fall to a third from 2024-04-29 (the generator with the shipped data's seed): the stacked forecast
    // loses track, and the update refits fully (k chosen again by BIC).
    const g = generateTexasRetail({ seed: 2024, observationEnd: "2024-06-30", rateChanges: [{ from: "2024-04-29", multiplier: 0.3 }] });
    writeFileSync(join(data, "2024-05.csv"), slice(g.toCsv(), "2024-04-28", "2024-06-30"));
    const full = await runUpdate([data], { model: store });
    expect(full).toContain("decision: full");
    expect(full).toMatch(/reason: (tracking alarm|major)/);
    expect(full).toContain("mixture: cold: k-means++ restarts, k by BIC");
    expect(modelLineage(store).map((e) => e.decision)).toEqual(["full", "warm", "initial"]);
  }, 60_000);
});
