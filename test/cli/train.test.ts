import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { runTrain } from "../../src/cli/train.js";
import { loadArtifact } from "../../src/store/loadArtifact.js";

describe("clvlab train", () => {
  it("trains on CDNOW's calibration period, evaluates the holdout, and saves a versioned artefact with latest", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "clvlab-train-")), "models");
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const id = await runTrain(["data/cdnow_transactions.csv"], { calibrationEnd: "1997-09-30", observationEnd: "1998-06-30", out, replicates: "2", seed: "1", innerHorizon: "180" });
    write.mockRestore();
    expect(readFileSync(join(out, "latest"), "utf8").trim()).toBe(id);
    const a = loadArtifact(join(out, "latest"));
    expect(a.meta.metrics.holdout_actual_purchases).toBe(1882);
    expect(a.meta.metrics.holdout_days).toBe(273);
    expect(a.meta.trainingDataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(join(out, id, "artifact.json"))).toBe(true);
  });

  it("gives helpful errors for bad options", async () => {
    await expect(runTrain(["data/cdnow_transactions.csv"], { calibrationEnd: "1997-13-01", out: "/tmp/x" })).rejects.toThrow(/invalid date "1997-13-01"/);
    await expect(runTrain(["data/cdnow_transactions.csv"], { calibrationEnd: "1997-09-30", observationEnd: "1997-09-01", out: "/tmp/x" })).rejects.toThrow(/--observation-end 1997-09-01 is not after/);
    await expect(runTrain(["data/cdnow_transactions.csv"], { calibrationEnd: "1997-09-30", out: "/tmp/x", model: "nbd" })).rejects.toThrow(/invalid --model "nbd"/);
    await expect(runTrain(["data/cdnow_transactions.csv"], { calibrationEnd: "1997-09-30", out: "/tmp/x", replicates: "-2" })).rejects.toThrow(/invalid --replicates "-2"/);
    await expect(runTrain(["data/cdnow_transactions.csv"], { calibrationEnd: "1997-09-30", out: "/tmp/x", maxFeatureShift: "2" })).rejects.toThrow(/invalid --max-feature-shift "2": use a share from 0 to 1/);
  });
});
