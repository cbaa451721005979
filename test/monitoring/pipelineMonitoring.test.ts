import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { compareSegmentShares } from "../../src/monitoring/compareSegmentShares.js";
import { monitorModel } from "../../src/monitoring/monitorModel.js";
import { validateMonitoringSnapshot } from "../../src/monitoring/snapshotSchema.js";
import { snapshotToPrometheus } from "../../src/monitoring/snapshotToPrometheus.js";
import { trackRealizedVsPredicted } from "../../src/monitoring/trackRealizedVsPredicted.js";
import { monitoringReport } from "../../src/reports/monitoringReport.js";
import { fitGmm } from "../../src/segmentation/segments/fitGmm.js";
import { predictClv } from "../../src/segmentation/predictor/predictClv.js";
import { trainClvPipeline } from "../../src/segmentation/predictor/trainClvPipeline.js";
import type { ClvPipeline } from "../../src/segmentation/predictor/pipelineTypes.js";
import { createRng } from "../../src/random/createRng.js";

// A slice of the Texas data (data/texas_transactions.csv): customers C0001..C0250, small and fast.
const lines = readFileSync("data/texas_transactions.csv", "utf8").trim().split("\n");
const dir = mkdtempSync(join(tmpdir(), "clvlab-pipeline-monitor-"));
writeFileSync(join(dir, "slice.csv"), [lines[0]!, ...lines.slice(1).filter((l) => Number(l.slice(1, 5)) <= 250)].join("\n") + "\n");
const log = await loadTransactions(join(dir, "slice.csv"));
const settings = { replicates: 0, seed: 1, innerHorizonsDays: [90], workers: 1 };
const pipeline = trainClvPipeline(log, { ...settings, calibrationEnd: "2024-03-31" });

describe("segment shares", () => {
  it("gives scipy's chi-square, the hand-computed PSI and Cramér's V on segment counts", () => {
    // scipy 1.17.1: chi2_contingency([[50, 30, 20], [30, 30, 40]], correction=False) -> 11.666667, p 0.0029283.
    // PSI by hand: (0.3 - 0.5) ln(0.3 / 0.5) + 0 + (0.4 - 0.2) ln(0.4 / 0.2) = 0.240794; V = sqrt(11.6667 / 200) = 0.241523.
    const d = compareSegmentShares([50, 30, 20], [30, 30, 40]);
    expect(d.name).toBe("segment_share");
    expect(d.group).toBe("prediction");
    expect(d.statistics.chiSquare).toBeCloseTo(11.666667, 4); // snapshot figures keep 6 significant digits
    expect(d.statistics.chiSquarePValue).toBeCloseTo(0.0029283, 6);
    expect(d.statistics.psi).toBeCloseTo(0.240794, 5);
    expect(d.statistics.cramersV).toBeCloseTo(0.241523, 5);
    expect(d.status).toBe("major"); // V ≥ 0.2
    expect(d.labels).toEqual(["0", "1", "2"]);
    expect(compareSegmentShares([50, 30, 20], [100, 60, 40]).status).toBe("none");
    expect(() => compareSegmentShares([1, 2], [1, 2, 3])).toThrow(/segment counts differ in length \(reference 2, current 3\)/);
  });

  it("takes the training-time shares stored in the pipeline as the reference, and flags a changed segment mix", () => {
    const snap = monitorModel(pipeline, log, { modelId: "p", currentEnd: "2024-04-28", createdAt: new Date("2024-04-29T00:00:00Z") });
    const seg = snap.segmentShares!;
    expect(seg.referenceSource).toBe("training");
    expect(seg.k).toBe(pipeline.gmm.k);
    expect(seg.segments.map((s) => s.referenceCount)).toEqual(pipeline.profiles.map((p) => p.size));
    expect(seg.segments.reduce((a, s) => a + s.currentCount, 0)).toBe(snap.current.customers);
    const f = snap.features.find((x) => x.name === "segment_share")!;
    expect(f.statistics.chiSquare).toBeGreaterThanOrEqual(0);
    // At another reference end the shares are recomputed there.
    const later = monitorModel(pipeline, log, { referenceEnd: "2024-04-07", currentEnd: "2024-04-28" });
    expect(later.segmentShares!.referenceSource).toBe("reference-end");
    // A mix moved by hand: all but one customer in segment 0 is major drift.
    const moved = compareSegmentShares(seg.segments.map((s) => s.referenceCount), seg.segments.map((_, c) => (c === 0 ? 249 : c === 1 ? 1 : 0)));
    expect(moved.status).toBe("major");
  });

  it("writes the shares into a snapshot that validates, into Prometheus text and into the report's chart", () => {
    const snap = monitorModel(pipeline, log, { modelId: "p", currentEnd: "2024-04-28", createdAt: new Date("2024-04-29T00:00:00Z") });
    expect(validateMonitoringSnapshot(JSON.parse(JSON.stringify(snap)))).toEqual([]);
    expect(snap.model.kind).toBe("clv-pipeline");
    expect(snap.features.map((f) => f.name)).toEqual(expect.arrayContaining(["p_alive", "expected_purchases_365d", "value_30d", "value_365d", "segment_share"]));
    const bad = JSON.parse(JSON.stringify(snap));
    bad.segmentShares.segments[0].currentShare = 1.5;
    expect(validateMonitoringSnapshot(bad)).toContain("$.segmentShares.segments[0].currentShare: 1.5 is above the maximum 1");
    const prom = snapshotToPrometheus(snap);
    const s0 = snap.segmentShares!.segments[0]!;
    expect(prom).toContain(`clvlab_segment_share{model="p",segment="0",window="reference"} ${s0.referenceShare}`);
    expect(prom).toContain(`clvlab_segment_share{model="p",segment="0",window="current"} ${s0.currentShare}`);
    expect(prom).toMatch(/clvlab_feature_psi\{model="p",feature="segment_share",group="prediction"\} [0-9.e-]+/);
    const html = monitoringReport(snap);
    expect(html).toContain("<h2>Segment shares</h2>");
    expect(html).toMatch(/Segment shares, training vs current: PSI [0-9.]+/);
  });
});

describe("realized vs predicted for a stacked pipeline", () => {
  it("expects, per period, the differences of the pipeline's own stacked forecasts", () => {
    const t = trackRealizedVsPredicted(pipeline, log, { currentEnd: "2024-04-28" });
    expect(t.periods.length).toBe(4);
    const total = (h: number) => predictClv(pipeline, log, { asOf: "2024-03-31", horizonsDays: [h], intervals: false }).purchases[0]!.reduce((a, b) => a + b, 0);
    expect(t.periods[0]!.expectedPurchases).toBeCloseTo(total(7), 4);
    expect(t.cumulativeExpected).toBeCloseTo(total(28), 3);
    expect(t.customers).toBe(pipeline.scoringCustomers);
    expect(() => trackRealizedVsPredicted(pipeline, log, { band: "bootstrap" })).toThrow(/bootstrap band: a stacked pipeline has no parameter curvature to draw from; use band poisson/);
  });

  it("monitors a pipeline saved by an older clvlab (no training start, counts or lineage)", () => {
    const old: Record<string, unknown> = { ...pipeline };
    delete old.trainingStart;
    delete old.trainingTransactions;
    delete old.fitOrigin;
    const snap = monitorModel(old as unknown as ClvPipeline, log, { currentEnd: "2024-04-28" });
    expect(snap.model.trainingStart).toBe(pipeline.trainingStart);
    expect(snap.segmentShares!.referenceSource).toBe("training");
  });
});

describe("warm start of the stacked pipeline", () => {
  it("reaches the mixture log-likelihood of a cold fit with the same k (within 1e-6 per customer) in fewer EM iterations", () => {
    const k = pipeline.gmm.k;
    const tight = { ...settings, calibrationEnd: "2024-04-28", mixtureTolerance: 1e-10 };
    const warm = trainClvPipeline(log, { ...tight, warmStart: pipeline });
    const cold = trainClvPipeline(log, { ...tight, kMin: k, kMax: k });
    expect(warm.gmm.k).toBe(k);
    expect(Math.abs(warm.gmm.logLikelihood - cold.gmm.logLikelihood) / warm.gmm.rows).toBeLessThan(1e-6);
    expect(warm.metrics.mixture_em_iterations!).toBeLessThan(cold.metrics.mixture_em_iterations!);
    expect(warm.fitOrigin!.mixture).toMatch(new RegExp(`^warm: EM from the stored weights, means and covariances \\(k = ${k} kept`));
    expect(warm.fitOrigin!.btyd).toMatch(/^warm/);
    expect(warm.fitOrigin!.trees).toMatch(/^cold/);
    expect(warm.fitOrigin!.ridge).toBe("refit (closed form)");
    expect(cold.fitOrigin!.mixture).toMatch(/^cold/);
  });

  it("EM from a mixture's own optimum stays there (same data, same log-likelihood)", () => {
    // Two well-separated Gaussian clusters (seeded), fitted cold, then refitted from the fitted parameters.
    const rng = createRng(5);
    const x = Array.from({ length: 400 }, (_, i) => (i < 250 ? [rng.normal(0, 1), rng.normal(0, 1)] : [rng.normal(6, 0.5), rng.normal(-3, 0.5)]));
    const cold = fitGmm(x, { k: 2, seed: 1, tolerance: 1e-10 });
    const warm = fitGmm(x, { k: 2, tolerance: 1e-10, initial: cold });
    expect(Math.abs(warm.logLikelihood - cold.logLikelihood) / 400).toBeLessThan(1e-9);
    expect(warm.screeningIterations! + warm.iterations).toBeLessThanOrEqual(4);
    expect(() => fitGmm(x, { k: 3, initial: cold })).toThrow(/initial mixture has 2 weights.*k = 3/);
  });
});
