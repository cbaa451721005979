import { describe, expect, it } from "vitest";
import { createRng } from "../../src/random/createRng.js";
import { fitBoostedTrees } from "../../src/segmentation/fitBoostedTrees.js";
import { predictBoostedTrees } from "../../src/segmentation/predictBoostedTrees.js";

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
});
