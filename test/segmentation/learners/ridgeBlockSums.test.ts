import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/random/createRng.js";
import { fitRidge } from "../../../src/segmentation/learners/fitRidge.js";
import { ridgeBlockSums } from "../../../src/segmentation/learners/ridgeBlockSums.js";

describe("ridgeBlockSums", () => {
  // Reference: fitRidge (closed-form weighted ridge, Hoerl & Kennard 1970) on the same rows; only the summation order differs.
  const rng = createRng(3);
  const n = 600, p = 4, blocks = 6;
  const data = new Float64Array(n * p);
  const y = new Float64Array(n);
  const w0 = new Float64Array(n);
  const w1 = new Float64Array(n);
  const block = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) data[i * p + j] = rng.normal(j, 1 + j);
    data[i * p + 3] = 2.5; // a constant feature: its coefficient must stay 0
    y[i] = 1 + 0.5 * data[i * p]! - 0.2 * data[i * p + 1]! + rng.normal(0, 0.3);
    w0[i] = 0.2 + rng.uniform();
    w1[i] = i % 5 === 0 ? 0 : w0[i]! * rng.uniform(); // zero weights are skipped, as in fitRidge
    block[i] = rng.int(blocks);
  }
  const sums = ridgeBlockSums({ data, rows: n, cols: p }, y, [w0, w1], block, blocks);

  it("matches fitRidge on the rows of any union of blocks, for each weighting, to 1e-11", () => {
    for (const include of [[true, true, true, true, true, true], [false, true, false, true, true, false], [true, false, false, false, false, false]]) {
      const rows = Int32Array.from({ length: n }, (_, i) => i).filter((i) => include[block[i]!]);
      const sub = Float64Array.from({ length: rows.length * p }, (_, k) => data[rows[Math.floor(k / p)]! * p + (k % p)]!);
      for (const [slot, w, lambda] of [[0, w0, 10], [1, w1, 30]] as const) {
        const ref = fitRidge({ data: sub, rows: rows.length, cols: p }, Float64Array.from(rows, (i) => y[i]!), { lambda, weights: Float64Array.from(rows, (i) => w[i]!) });
        const got = sums.fit(include, slot, lambda);
        expect(Math.abs(got.intercept - ref.intercept)).toBeLessThan(1e-11 * Math.max(1, Math.abs(ref.intercept)));
        for (let j = 0; j < p; j++) expect(Math.abs(got.coefficients[j]! - ref.coefficients[j]!)).toBeLessThan(1e-11);
        expect(Math.abs(got.coefficients[3]!)).toBeLessThan(1e-12);
      }
    }
  });

  it("gives the zero model when the included blocks carry no weight", () => {
    const m = sums.fit([false, false, false, false, false, false], 0, 1);
    expect(m.intercept).toBe(0);
    expect(Array.from(m.coefficients)).toEqual([0, 0, 0, 0]);
  });
});
