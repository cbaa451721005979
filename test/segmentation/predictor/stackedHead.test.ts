import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/random/createRng.js";
import { fitHead, type HeadOptions } from "../../../src/segmentation/predictor/stackedHead.js";

// Stacked generalization (Wolpert 1992): out-of-fold predictions must come from learners that never saw the row.
const options: HeadOptions = { folds: 4, ridgeLambda: 1, segmentLambda: 1, metaLambda: 1e-3, metaWeighting: "none", trees: { trees: 20 }, oof: "customer-origin", metaWeights: "non-negative" };

/** Two inner origins; the target's ratio to the base forecast is 1 at origin 0 and 3 at origin 1, whatever x is. */
function data(n: number) {
  const rng = createRng(5);
  const rows = 2 * n;
  const x = new Float64Array(rows);
  const y = new Float64Array(rows);
  const base = new Float64Array(rows).fill(1);
  const group = new Int32Array(rows);
  const origin = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    origin[i] = i < n ? 0 : 1;
    group[i] = i % n;
    x[i] = rng.uniform();
    y[i] = origin[i] === 0 ? 1 : 3;
  }
  return { x: { data: x, rows, cols: 1 }, y, base, alt: base, p: new Float64Array(rows).fill(1), k: 1, group, origin };
}

describe("fitHead out-of-fold schemes", () => {
  it("customer-origin: a row's out-of-fold ridge ratio is learned at the other origin only (3 at origin 0, 1 at origin 1)", () => {
    const d = data(2000);
    const { oof } = fitHead(d, options, createRng(1));
    // Column 2 is the ridge learner's prediction (ratio × base); base = 1.
    for (let i = 0; i < 4000; i += 137) expect(oof.data[i * oof.cols + 2]).toBeCloseTo(i < 2000 ? 3 : 1, 1);
  });

  it("customer: rows of both origins train every fold, so the ridge ratio is their mix (2)", () => {
    const d = data(2000);
    const { oof } = fitHead(d, { ...options, oof: "customer" }, createRng(1));
    for (let i = 0; i < 4000; i += 137) expect(oof.data[i * oof.cols + 2]).toBeCloseTo(2, 1);
  });
});
