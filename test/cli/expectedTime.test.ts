import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { estimateRunSeconds, RUN_COST } from "../../src/cli/expectedTime.js";
import { expectedTimeLine } from "../../src/cli/expectedTimeLine.js";
import { runTrain } from "../../src/cli/train.js";

describe("expected run time of train and predict", () => {
  it("grows with replicates, customers and inner origins (linear cost model of RUN_COST)", () => {
    const base = { command: "train", customers: 2357, innerOrigins: 3 } as const;
    const r20 = estimateRunSeconds({ ...base, replicates: 20 }), r200 = estimateRunSeconds({ ...base, replicates: 200 });
    expect(r200).toBeGreaterThan(r20);
    // The bootstrap term is customers × replicates × inner origins × the per-unit cost.
    expect(r200 - r20).toBeCloseTo(2357 * 180 * 3 * RUN_COST.trainPerCustomerOriginReplicate, 9);
    expect(estimateRunSeconds({ ...base, replicates: 200, customers: 200_000 })).toBeGreaterThan(r200 * 50);
    expect(estimateRunSeconds({ ...base, replicates: 200, innerOrigins: 1 })).toBeLessThan(r200);
    const p0 = estimateRunSeconds({ command: "predict", customers: 2357, replicates: 0 });
    expect(estimateRunSeconds({ command: "predict", customers: 2357, replicates: 200 })).toBeGreaterThan(p0);
  });

  it("reproduces the runs it was measured on within 20% (CDNOW, 2,357 customers; predict also at 100,000)", () => {
    // The measured times written in RUN_COST's comment.
    expect(Math.abs(estimateRunSeconds({ command: "train", customers: 2357, replicates: 0, innerOrigins: 1 }) / 2.24 - 1)).toBeLessThan(0.2);
    expect(Math.abs(estimateRunSeconds({ command: "train", customers: 2357, replicates: 200, innerOrigins: 3 }) / 7.86 - 1)).toBeLessThan(0.2);
    expect(Math.abs(estimateRunSeconds({ command: "predict", customers: 2357, replicates: 200 }) / 0.67 - 1)).toBeLessThan(0.2);
    // And the 100,000-customer prediction with 200 replicates' intervals (7.36 s).
    expect(Math.abs(estimateRunSeconds({ command: "predict", customers: 100_000, replicates: 200 }) / 7.36 - 1)).toBeLessThan(0.2);
  });

  it("states the size it was estimated from, with thousands separators and the machine", () => {
    const line = expectedTimeLine({ command: "train", customers: 200_000, replicates: 200, innerOrigins: 3 });
    expect(line).toMatch(/^expected time: about \d+ min for 200,000 customers × 200 replicates × 3 inner origins \(measured on a 2-core machine\)$/);
    // 0.45 + 2,357 × 1.0e-5 = 0.47 s, at least "about 1 s" below 10 s.
    expect(expectedTimeLine({ command: "predict", customers: 2357, replicates: 0 })).toMatch(/^expected time: about 1 s for 2,357 customers × 0 replicates \(/);
    // 0.45 + 100,000 × 1.0e-5 + 100,000 × 200 × 3.1e-7 = 7.65 s.
    expect(expectedTimeLine({ command: "predict", customers: 100_000, replicates: 200 })).toContain("about 8 s for 100,000 customers × 200 replicates");
  });

  it("train prints the expected time before any training output, and --quiet leaves it out", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "clvlab-eta-")), "models");
    const chunks: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((c) => (chunks.push(String(c)), true));
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      await runTrain(["data/cdnow_transactions.csv"], { calibrationEnd: "1997-09-30", out, replicates: "2", seed: "1", innerHorizon: "180" });
      const text = chunks.join("");
      const eta = text.indexOf("expected time: about");
      expect(eta).toBeGreaterThan(-1);
      expect(text).toContain("for 2,357 customers × 2 replicates × 1 inner origin (");
      expect(eta).toBeLessThan(text.indexOf("saved "));
      expect(eta).toBeLessThan(text.indexOf("training customers"));
      chunks.length = 0;
      await runTrain(["data/cdnow_transactions.csv"], { calibrationEnd: "1997-09-30", out, replicates: "0", seed: "1", innerHorizon: "180", quiet: true });
      expect(chunks.join("")).not.toContain("expected time");
    } finally {
      write.mockRestore();
      err.mockRestore();
    }
  }, 60_000);
});
