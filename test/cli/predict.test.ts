import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { runPredict } from "../../src/cli/predict.js";
import { runTrain } from "../../src/cli/train.js";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import type { ClvPipeline } from "../../src/segmentation/predictor/pipelineTypes.js";
import { predictClv } from "../../src/segmentation/predictor/predictClv.js";
import { loadArtifact } from "../../src/store/loadArtifact.js";

const REPRO = resolve("../shared/data/repro/negative_clv.csv");

describe("clvlab predict", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "clvlab-predict-"));
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    // Few replicates and one inner horizon: enough for intervals, cheap on a loaded machine (the limit is explicit).
    await runTrain(["data/cdnow_transactions.csv"], { calibrationEnd: "1997-09-30", out: join(dir, "models"), replicates: "2", seed: "1", innerHorizon: "180", quiet: true });
    write.mockRestore();
  }, 120_000);

  it("writes the CLV table as CSV and Parquet with the documented columns", async () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const n = await runPredict(["data/cdnow_transactions.csv"], { model: join(dir, "models", "latest"), out: join(dir, "clv.csv"), asOf: "1997-09-30" });
    await runPredict(["data/cdnow_transactions.csv"], { model: join(dir, "models"), out: join(dir, "clv.parquet"), asOf: "1997-09-30", intervals: false });
    write.mockRestore();
    expect(n).toBe(2357);
    const lines = readFileSync(join(dir, "clv.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("customer_id,segment,segment_probability,clv_30d,clv_90d,clv_180d,clv_365d,clv_lower_95,clv_upper_95,clv_pred_lower_95,clv_pred_upper_95");
    expect(lines.length).toBe(2358);
    const row = lines[1]!.split(",").map(Number);
    expect(row[3]!).toBeLessThanOrEqual(row[6]!);
    expect(row[7]!).toBeLessThanOrEqual(row[8]!);
    // The interval of the expected value brackets every customer's 365-day point forecast; the prediction interval
    // of the realized value may not (a likely non-buyer gets [0, 0]), which is why the two are named apart.
    let outsidePred = 0;
    for (const l of lines.slice(1)) {
      const c = l.split(",").map(Number);
      expect(c[7]!).toBeLessThanOrEqual(c[6]! + 1e-9);
      expect(c[8]!).toBeGreaterThanOrEqual(c[6]! - 1e-9);
      expect(c[9]!).toBeLessThanOrEqual(c[10]!);
      if (c[6]! < c[9]! || c[6]! > c[10]!) outsidePred++;
    }
    expect(outsidePred).toBeGreaterThan(0);
    const buf = readFileSync(join(dir, "clv.parquet"));
    const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) });
    expect(rows.length).toBe(2357);
    expect(Object.keys(rows[0]!)).toContain("clv_365d");
    // The written numbers are the library's: predictClv on the same artefact and log, computed here independently.
    const artefact = loadArtifact<ClvPipeline>(join(dir, "models", "latest"));
    const log = await loadTransactions(["data/cdnow_transactions.csv"], { observationEnd: "1997-09-30" });
    const pred = predictClv(artefact.payload, log, { asOf: "1997-09-30", intervals: false });
    expect(pred.horizonsDays).toEqual([30, 90, 180, 365]);
    expect(rows.map((r) => String(r.customer_id))).toEqual([...pred.customerIds]);
    const csvRows = lines.slice(1).map((l) => l.split(","));
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      expect(r.segment).toBe(pred.segment[i]);
      expect(r.segment_probability).toBe(pred.segmentProbability[i]);
      pred.horizonsDays.forEach((h, j) => {
        expect(r[`clv_${h}d`]).toBe(pred.value[j]![i]);
        expect(Number(csvRows[i]![3 + j])).toBeCloseTo(pred.value[j]![i]!, 6);
      });
      // Documented guarantees: value at 30 ≤ 90 ≤ 180 ≤ 365 days; the most probable segment has probability ≥ 1/k.
      expect(pred.value[0]![i]!).toBeLessThanOrEqual(pred.value[1]![i]!);
      expect(pred.value[1]![i]!).toBeLessThanOrEqual(pred.value[2]![i]!);
      expect(pred.value[2]![i]!).toBeLessThanOrEqual(pred.value[3]![i]!);
      expect(pred.segmentProbability[i]!).toBeGreaterThanOrEqual(1 / pred.k - 1e-12);
      // Interval bounds (CSV run) bracket nothing negative and are ordered.
      expect(Number(csvRows[i]![7])).toBeGreaterThanOrEqual(0);
      expect(Number(csvRows[i]![7])).toBeLessThanOrEqual(Number(csvRows[i]![8]));
    }
    expect(new Set(rows.map((r) => r.segment)).size).toBe(pred.k);
  });

  it("predicts any horizon in days (--horizons 273) between the 180- and 365-day values", async () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    await runPredict(["data/cdnow_transactions.csv"], { model: join(dir, "models"), out: join(dir, "h.csv"), asOf: "1997-09-30", intervals: false, horizons: "180,273,365" });
    write.mockRestore();
    const lines = readFileSync(join(dir, "h.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("customer_id,segment,segment_probability,clv_180d,clv_273d,clv_365d,clv_lower_95,clv_upper_95,clv_pred_lower_95,clv_pred_upper_95");
    for (const l of lines.slice(1)) {
      const [, , , v180, v273, v365] = l.split(",").map(Number);
      expect(v180!).toBeLessThanOrEqual(v273!);
      expect(v273!).toBeLessThanOrEqual(v365!);
    }
    await expect(runPredict(["data/cdnow_transactions.csv"], { model: join(dir, "models"), out: join(dir, "h.csv"), horizons: "30,-5" })).rejects.toThrow(/invalid --horizons entry "-5": use positive numbers of days/);
    await expect(runPredict(["data/cdnow_transactions.csv"], { model: join(dir, "models"), out: join(dir, "h.csv"), seed: "1.5" })).rejects.toThrow(/invalid --seed 1\.5: use a whole number/);
    await expect(runPredict([], { model: join(dir, "models"), out: join(dir, "h.csv") })).rejects.toThrow(/no transaction files given/);
  });

  it("writes missing intervals (--no-intervals) as empty CSV cells, not NaN, and formula-like ids escaped", async () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    await runPredict([REPRO], { model: join(dir, "models"), out: join(dir, "plain.csv"), intervals: false });
    write.mockRestore();
    const text = readFileSync(join(dir, "plain.csv"), "utf8");
    expect(text).not.toMatch(/NaN/);
    const lines = text.trim().split("\n");
    expect(lines.length).toBe(212); // 211 customers of the reproduction file
    for (const line of lines.slice(1)) expect(line).toMatch(/,,$/); // clv_lower_95, clv_upper_95 empty
    // OWASP CSV injection: no cell starts with a formula character; the ids come back prefixed with ' and quoted.
    for (const line of lines.slice(1)) expect(line).not.toMatch(/^[=+\-@\t\r]/);
    expect(text).toContain(`"'=cmd|' /C calc'!A0",`);
    expect(text).toContain(`"'@SUM(A1:A2)",`);
  });

  it("explains a missing model and an unsupported output", async () => {
    await expect(runPredict(["data/cdnow_transactions.csv"], { model: join(dir, "nowhere", "latest"), out: join(dir, "x.csv") })).rejects.toThrow(/no artefact at .*nowhere\/latest: train one/);
    await expect(runPredict(["data/cdnow_transactions.csv"], { model: join(dir, "models"), out: join(dir, "x.xlsx") })).rejects.toThrow(/unsupported output .*x\.xlsx: use a file name ending in \.csv, \.parquet, \.json or \.jsonl/);
  });
});
