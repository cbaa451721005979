import { describe, expect, it } from "vitest";
// Through the public entry point: these functions keep their names wherever the pipeline's files live.
import {
  bootstrapIntervals, encodeSequences, fitBoostedTrees, fitGmm, fitRidge, nonNegativeLeastSquares, predictBoostedTrees, predictGmm, predictLinear,
  segmentProfiles, transactionLogFromRecords, type ClvPipeline, type FeatureMatrix,
} from "../../src/index.js";

const m = (rows: number[][]): FeatureMatrix => ({ data: Float64Array.from(rows.flat()), rows: rows.length, cols: rows[0]!.length });
const x = m([[0, 1], [1, 0], [1, 1], [2, 1], [0, 2], [3, 1]]);
const y = Float64Array.of(1, 1, 2, 3, 2, 4);

describe("learner options: each bad value is named with the fix", () => {
  it("fitRidge: targets, weights and lambda", () => {
    expect(() => fitRidge(x, Float64Array.of(1, 2))).toThrow("target has 2 values for 6 rows: give one target per row");
    expect(() => fitRidge(x, y, { weights: Float64Array.of(1) })).toThrow("weights have 1 values for 6 rows: give one weight per row");
    expect(() => fitRidge(x, y, { lambda: -1 })).toThrow("invalid lambda -1: use a number ≥ 0");
    const model = fitRidge(x, y, { lambda: 0 });
    expect(() => predictLinear(model, m([[1, 2, 3]]))).toThrow("features have 3 columns, the model has 2 coefficients");
  });

  it("fitRidge with lambda 0 recovers an exact linear relation (y = 1 + x0 + x1 on every row)", () => {
    const model = fitRidge(x, Float64Array.from([0, 1, 2, 3, 4, 5], (i) => 1 + x.data[2 * i]! + x.data[2 * i + 1]!), { lambda: 0 });
    const p = predictLinear(model, m([[10, -3], [0.5, 0.25]]));
    expect(p[0]!).toBeCloseTo(8, 8);
    expect(p[1]!).toBeCloseTo(1.75, 8);
  });

  it("nonNegativeLeastSquares: lambda, target length; convex weights: all-zero columns and too many columns", () => {
    expect(() => nonNegativeLeastSquares(x, y, { lambda: NaN })).toThrow("invalid lambda NaN: use a number ≥ 0");
    expect(() => nonNegativeLeastSquares(x, Float64Array.of(1))).toThrow("target has 1 values for 6 rows: give one target per row");
    expect(() => nonNegativeLeastSquares(m([[0, 0], [0, 0]]), Float64Array.of(1, 2), { sumToOne: true })).toThrow("convex weights: every column is zero");
    const wide = { data: new Float64Array(17), rows: 1, cols: 17 };
    expect(() => nonNegativeLeastSquares(wide, Float64Array.of(1), { sumToOne: true })).toThrow("convex weights over 17 columns: at most 16 are supported");
    // y equal to the first column: the convex combination puts all weight on it.
    const w = nonNegativeLeastSquares(x, Float64Array.from([0, 1, 1, 2, 0, 3]), { sumToOne: true });
    expect(w[0]!).toBeCloseTo(1, 10);
    expect(w[1]!).toBeCloseTo(0, 10);
  });

  it("fitBoostedTrees: depth, subsample, loss, offset and Poisson targets; predictBoostedTrees: columns and offset", () => {
    expect(() => fitBoostedTrees(x, y, { depth: 11 })).toThrow("invalid depth 11: use an integer 1..10");
    expect(() => fitBoostedTrees(x, y, { subsample: 0 })).toThrow("invalid subsample 0: use a fraction in (0, 1]");
    expect(() => fitBoostedTrees(x, y, { loss: "huber" as never })).toThrow('invalid loss "huber": use "squared" or "poisson"');
    expect(() => fitBoostedTrees(x, y, { offset: new Float64Array(6) })).toThrow('an offset needs loss "poisson" (it is on the log scale)');
    expect(() => fitBoostedTrees(x, y, { loss: "poisson", offset: new Float64Array(2) })).toThrow("offset has 2 values for 6 rows: give one per row");
    expect(() => fitBoostedTrees(x, Float64Array.of(1, 1, -2, 3, 2, 4), { loss: "poisson" })).toThrow("poisson loss needs targets ≥ 0, row 2 has -2");
    const trees = fitBoostedTrees(x, y, { trees: 3, minLeaf: 1 });
    expect(() => predictBoostedTrees(trees, m([[1, 2, 3]]))).toThrow("features have 3 columns, the trees were fitted on 2");
    const pois = fitBoostedTrees(x, y, { trees: 3, minLeaf: 1, loss: "poisson", offset: new Float64Array(6) });
    expect(() => predictBoostedTrees(pois, x, new Float64Array(1))).toThrow("offset has 1 values for 6 rows: give one per row");
  });

  it("fitGmm: restarts; predictGmm: columns", () => {
    expect(() => fitGmm(x, { k: 2, seed: 1, restarts: 0 })).toThrow("invalid restarts 0: use an integer ≥ 1");
    const g = fitGmm(x, { k: 1, seed: 1 });
    expect(() => predictGmm(g, [[1, 2, 3]])).toThrow("features have 3 columns, the mixture was fitted on 2");
    // One component: every row belongs to it with probability 1, and its mean is the column means (1.1667, 1).
    const p = predictGmm(g, x);
    expect([...p.labels]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(g.means[0]!).toBeCloseTo(7 / 6, 6);
    expect(g.means[1]!).toBeCloseTo(1, 6);
  });

  it("segmentProfiles: feature names, probabilities and values must match the rows", () => {
    const probabilities = new Float64Array(6).fill(1);
    expect(() => segmentProfiles({ features: x, featureNames: ["a"], probabilities, k: 1 })).toThrow("1 feature names for 2 columns: give one name per column");
    expect(() => segmentProfiles({ features: x, featureNames: ["a", "b"], probabilities: new Float64Array(5), k: 1 })).toThrow("probabilities have 5 values, expected rows × k = 6");
    expect(() => segmentProfiles({ features: x, featureNames: ["a", "b"], probabilities, k: 1, value: new Float64Array(2) })).toThrow("value has 2 entries, expected one per row (6)");
  });
});

describe("encodeSequences and bootstrapIntervals inputs", () => {
  const log = transactionLogFromRecords([{ customerId: "a", date: "2024-01-05", amount: 10 }]);
  it("encodeSequences: a non-positive half-life and an empty log", () => {
    expect(() => encodeSequences(log, { halfLifeDays: 0 })).toThrow("invalid halfLifeDays 0: use a positive number of days");
    expect(() => encodeSequences(transactionLogFromRecords([]))).toThrow("empty transaction log: nothing to encode");
  });

  it("bootstrapIntervals: something that is not a pipeline, and a pipeline from an older clvlab, each say how to get a usable one", () => {
    expect(() => bootstrapIntervals({ kind: "clv-btyd-bundle" } as unknown as ClvPipeline, log)).toThrow('not a clv pipeline (kind "clv-btyd-bundle"): load one saved by `clvlab train`');
    const old = { kind: "clv-pipeline", replicates: [] } as unknown as ClvPipeline;
    expect(() => bootstrapIntervals(old, log)).toThrow("this pipeline was saved by an older clvlab (no second BTYD base learner): retrain it with `clvlab train`");
  });
});
