import { describe, expect, it } from "vitest";
import { nonNegativeLeastSquares } from "../../src/segmentation/nonNegativeLeastSquares.js";

describe("nonNegativeLeastSquares", () => {
  it("matches the scipy.optimize.nnls documentation example: A = [[1,0],[1,0],[0,1]], b = [2,1,1] → x = [1.5, 1]", () => {
    const x = nonNegativeLeastSquares({ data: Float64Array.of(1, 0, 1, 0, 0, 1), rows: 3, cols: 2 }, Float64Array.of(2, 1, 1));
    expect(x[0]).toBeCloseTo(1.5, 10);
    expect(x[1]).toBeCloseTo(1, 10);
  });

  it("matches the scipy.optimize.nnls documentation example with an active constraint: b = [-1,-1,-1] → x = [0, 0]", () => {
    const x = nonNegativeLeastSquares({ data: Float64Array.of(1, 0, 1, 0, 0, 1), rows: 3, cols: 2 }, Float64Array.of(-1, -1, -1));
    expect(Array.from(x)).toEqual([0, 0]);
  });

  it("clamps a coefficient that ordinary least squares would make negative and refits the rest (Lawson & Hanson 1974)", () => {
    // y = 2·z₁ - 1·z₂ exactly; with β ≥ 0 the optimum drops z₂ and regresses y on z₁ alone: β₁ = Σz₁y / Σz₁².
    const z = [[1, 0.5], [2, 1.5], [3, 1], [4, 3]];
    const y = z.map((r) => 2 * r[0]! - r[1]!);
    const beta = nonNegativeLeastSquares({ data: Float64Array.from(z.flat()), rows: 4, cols: 2 }, Float64Array.from(y));
    const s1 = z.reduce((s, r, i) => s + r[0]! * y[i]!, 0);
    const s11 = z.reduce((s, r) => s + r[0]! * r[0]!, 0);
    expect(beta[1]).toBe(0);
    expect(beta[0]).toBeCloseTo(s1 / s11, 10);
  });

  it("a ridge penalty λ gives β = Σzy / (Σz² + λ) for one column (hand-computed)", () => {
    const beta = nonNegativeLeastSquares({ data: Float64Array.of(1, 2, 3), rows: 3, cols: 1 }, Float64Array.of(2, 4, 7), { lambda: 6 });
    expect(beta[0]).toBeCloseTo(31 / 20, 12);
  });
});
