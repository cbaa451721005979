import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/random/createRng.js";
import { fitRidge } from "../../../src/segmentation/learners/fitRidge.js";
import { predictLinear } from "../../../src/segmentation/learners/predictLinear.js";

describe("fitRidge", () => {
  it("with λ = 0 recovers an exact linear relation y = 1 + 2x₁ - 3x₂ (ordinary least squares)", () => {
    const rng = createRng(1);
    const n = 50;
    const data = new Float64Array(n * 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      data[2 * i] = rng.normal(0, 1);
      data[2 * i + 1] = rng.normal(0, 1);
      y[i] = 1 + 2 * data[2 * i]! - 3 * data[2 * i + 1]!;
    }
    const m = fitRidge({ data, rows: n, cols: 2 }, y, { lambda: 0 });
    expect(m.intercept).toBeCloseTo(1, 10);
    expect(m.coefficients[0]).toBeCloseTo(2, 10);
    expect(m.coefficients[1]).toBeCloseTo(-3, 10);
    expect(predictLinear(m, { data, rows: n, cols: 2 })[3]).toBeCloseTo(y[3]!, 10);
  });

  it("shrinks a single slope to Sxy / (Sxx + λ) with an unpenalized intercept (Hoerl & Kennard 1970, hand-computed)", () => {
    // x = 1..4 (mean 2.5, Sxx = 5), y = 2, 4, 5, 9 (mean 5, Sxy = 11); λ = 5 → β = 11 / 10 = 1.1, b = 5 - 1.1·2.5 = 2.25.
    const m = fitRidge({ data: Float64Array.of(1, 2, 3, 4), rows: 4, cols: 1 }, Float64Array.of(2, 4, 5, 9), { lambda: 5 });
    expect(m.coefficients[0]).toBeCloseTo(1.1, 12);
    expect(m.intercept).toBeCloseTo(2.25, 12);
  });

  it("row weights act as repeated rows (weight 2 = the row twice)", () => {
    const x = { data: Float64Array.of(0, 1, 2), rows: 3, cols: 1 };
    const a = fitRidge(x, Float64Array.of(1, 2, 5), { lambda: 0.5, weights: Float64Array.of(1, 2, 1) });
    const b = fitRidge({ data: Float64Array.of(0, 1, 1, 2), rows: 4, cols: 1 }, Float64Array.of(1, 2, 2, 5), { lambda: 0.5 });
    expect(a.coefficients[0]).toBeCloseTo(b.coefficients[0]!, 12);
    expect(a.intercept).toBeCloseTo(b.intercept, 12);
  });

  it("rejects mismatched lengths", () => {
    expect(() => fitRidge({ data: Float64Array.of(1, 2), rows: 2, cols: 1 }, Float64Array.of(1))).toThrow(/target has 1 values for 2 rows/);
  });
});
