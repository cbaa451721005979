import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/random/createRng.js";
import { fitBoostedTrees } from "../../../src/segmentation/learners/fitBoostedTrees.js";
import { orderStatistics } from "../../../src/segmentation/learners/orderStatistics.js";
import { predictBoostedTrees } from "../../../src/segmentation/learners/predictBoostedTrees.js";

/** 20,000 Poisson counts whose offset model (0.2 + 3b) is right up to a factor 2 where a > 0.5. */
function offsetModelData(): { data: Float64Array; y: Float64Array; offset: Float64Array; n: number } {
  const rng = createRng(11);
  const n = 20000;
  const data = new Float64Array(n * 2);
  const y = new Float64Array(n);
  const offset = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.uniform(), b = rng.uniform();
    data.set([a, b], i * 2);
    const baseline = 0.2 + 3 * b;
    offset[i] = Math.log(baseline);
    y[i] = rng.poisson(baseline * (a > 0.5 ? 2 : 1));
  }
  return { data, y, offset, n };
}

describe("fitBoostedTrees", () => {
  it("learns a step function and an interaction that a linear model cannot (Friedman 2001 gradient boosting)", () => {
    const rng = createRng(3);
    const n = 4000;
    const data = new Float64Array(n * 3);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = rng.uniform(), b = rng.uniform(), c = rng.uniform();
      data.set([a, b, c], i * 3);
      y[i] = (a > 0.5 ? 3 : 0) + (a > 0.5 && b > 0.5 ? 2 : 0) + rng.normal(0, 0.1);
    }
    const m = fitBoostedTrees({ data, rows: n, cols: 3 }, y, { trees: 200, depth: 2, learningRate: 0.1, seed: 1 });
    const test = { data: Float64Array.of(0.2, 0.2, 0.5, 0.8, 0.2, 0.5, 0.8, 0.8, 0.5), rows: 3, cols: 3 };
    const p = predictBoostedTrees(m, test);
    expect(p[0]).toBeCloseTo(0, 0);
    expect(p[1]).toBeCloseTo(3, 0);
    expect(p[2]).toBeCloseTo(5, 0);
    // Irrelevant feature c is never used for a split that matters: predictions do not move with c.
    const q = predictBoostedTrees(m, { data: Float64Array.of(0.8, 0.8, 0.01, 0.8, 0.8, 0.99), rows: 2, cols: 3 });
    expect(Math.abs(q[0]! - q[1]!)).toBeLessThan(0.2);
  });

  it("predicts the mean of a constant target and is deterministic for a seed", () => {
    const x = { data: Float64Array.from({ length: 100 }, (_, i) => i), rows: 100, cols: 1 };
    const y = new Float64Array(100).fill(4);
    const a = fitBoostedTrees(x, y, { seed: 2 });
    expect(predictBoostedTrees(a, x)[50]).toBeCloseTo(4, 10);
    const y2 = Float64Array.from({ length: 100 }, (_, i) => (i * 7) % 13);
    expect(Array.from(predictBoostedTrees(fitBoostedTrees(x, y2, { seed: 5 }), x))).toEqual(Array.from(predictBoostedTrees(fitBoostedTrees(x, y2, { seed: 5 }), x)));
  });

  it("Poisson deviance with a log offset learns a multiplicative correction of a baseline forecast (XGBoost count:poisson; Friedman 2001)", () => {
    const { data, y, offset, n } = offsetModelData();
    const m = fitBoostedTrees({ data, rows: n, cols: 2 }, y, { loss: "poisson", offset, trees: 150, depth: 2, learningRate: 0.1, seed: 4 });
    expect(m.link).toBe("log");
    const r = predictBoostedTrees(m, { data: Float64Array.of(0.2, 0.5, 0.8, 0.5), rows: 2, cols: 2 });
    // With offset 0 the prediction is the learned ratio to the baseline: about 1 and 2.
    expect(r[0]).toBeGreaterThan(0.9);
    expect(r[0]).toBeLessThan(1.1);
    expect(r[1]).toBeGreaterThan(1.85);
    expect(r[1]).toBeLessThan(2.15);
    expect(() => fitBoostedTrees({ data, rows: n, cols: 2 }, y, { offset })).toThrow(/offset needs loss "poisson"/);
  });

  it("with row caps (a 4,000-row subset, 1,000 rows per tree) still recovers the Poisson correction factor 2 of the offset model", () => {
    // Same simulation as the uncapped test above.
    const { data, y, offset, n } = offsetModelData();
    const x = { data, rows: n, cols: 2 };
    const options = { loss: "poisson" as const, offset, trees: 150, depth: 2, learningRate: 0.1, seed: 4, maxRows: 4000, maxSampleRows: 1000 };
    const m = fitBoostedTrees(x, y, options);
    const r = predictBoostedTrees(m, { data: Float64Array.of(0.2, 0.5, 0.8, 0.5), rows: 2, cols: 2 });
    expect(r[0]).toBeGreaterThan(0.9);
    expect(r[0]).toBeLessThan(1.1);
    expect(r[1]).toBeGreaterThan(1.8);
    expect(r[1]).toBeLessThan(2.2);
    // The subset is drawn from the seed: the same seed gives the same trees, another seed other ones.
    expect(Array.from(fitBoostedTrees(x, y, options).leaf)).toEqual(Array.from(m.leaf));
    expect(Array.from(fitBoostedTrees(x, y, { ...options, seed: 5 }).leaf)).not.toEqual(Array.from(m.leaf));
    expect(() => fitBoostedTrees(x, y, { ...options, maxRows: 0 })).toThrow(/invalid maxRows 0/);
    expect(() => fitBoostedTrees(x, y, { ...options, maxSampleRows: Number.NaN })).toThrow(/invalid maxSampleRows NaN/);
  });

  it("finds the bin edges' order statistics exactly as a full sort does, NaN ranked last, ties and infinities kept", () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + rng.int(trial < 200 ? 70 : 3000);
      const kind = trial % 4;
      const a = Float64Array.from({ length: n }, () =>
        kind === 0 ? rng.normal(0, 1) : kind === 1 ? rng.int(3) : kind === 2 ? (rng.uniform() < 0.1 ? NaN : rng.uniform() < 0.1 ? -Infinity : rng.int(10) - 5) : 7,
      );
      const bins = 2 + rng.int(40);
      const positions: number[] = [];
      for (let b = 1; b < bins; b++) positions.push(Math.min(n - 1, Math.floor((b * n) / bins)));
      const sorted = Float64Array.from(a).sort();
      expect(Array.from(orderStatistics(Float64Array.from(a), positions)), `trial ${trial}`).toEqual(positions.map((p) => sorted[p]));
    }
  });
});

describe("fitBoostedTrees on listed rows", () => {
  it("fits the same ensemble as on a copy of those rows, below and above the row cap", () => {
    const rng = createRng(9);
    const n = 3000, d = 3;
    const data = Float64Array.from({ length: n * d }, () => rng.normal(0, 1));
    const rows = Int32Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 !== 1);
    const y = Float64Array.from(rows, (i) => rng.poisson(Math.exp(0.5 * data[i * d]!)));
    const offset = Float64Array.from(rows, (i) => 0.1 * data[i * d + 2]!);
    const copy = { data: Float64Array.from({ length: rows.length * d }, (_, k) => data[rows[Math.floor(k / d)]! * d + (k % d)]!), rows: rows.length, cols: d };
    for (const maxRows of [Infinity, 1200]) {
      const options = { trees: 20, loss: "poisson" as const, offset, maxRows, maxSampleRows: 500, seed: 4 };
      const a = fitBoostedTrees(copy, y, options);
      const b = fitBoostedTrees({ data, rows: n, cols: d }, y, { ...options, rows });
      expect(Array.from(b.leaf)).toEqual(Array.from(a.leaf));
      expect(Array.from(b.threshold)).toEqual(Array.from(a.threshold));
      expect(b.baseScore).toBe(a.baseScore);
    }
  });
});
