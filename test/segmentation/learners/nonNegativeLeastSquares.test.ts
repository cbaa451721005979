import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/random/createRng.js";
import { convexGram, nonNegativeLeastSquares } from "../../../src/segmentation/learners/nonNegativeLeastSquares.js";

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

  describe("sumToOne (convex stacking weights)", () => {
    it("solves hand-worked cases: the scipy example lands on a vertex [1, 0]; G = diag(2, 1), b = (1, 1) gives [1/3, 2/3]", () => {
      // min ½βᵀGβ − bᵀβ with β₀ + β₁ = 1: for the scipy data G = diag(2, 1), b = (3, 1): f'(β₀) = 3β₀ − 3 = 0 → β₀ = 1.
      const x = nonNegativeLeastSquares({ data: Float64Array.of(1, 0, 1, 0, 0, 1), rows: 3, cols: 2 }, Float64Array.of(2, 1, 1), { sumToOne: true });
      expect(Array.from(x)).toEqual([1, 0]);
      // f(β₀) = β₀² + ½(1 − β₀)² − 1: f'(β₀) = 3β₀ − 1 = 0 → β₀ = 1/3.
      const y = convexGram(Float64Array.of(2, 0, 0, 1), Float64Array.of(1, 1), 2);
      expect(y[0]).toBeCloseTo(1 / 3, 12);
      expect(y[1]).toBeCloseTo(2 / 3, 12);
    });

    it("matches a brute-force search over the simplex on random stacking data (3 columns, grid step 0.005)", () => {
      const rng = createRng(11);
      const n = 200;
      const z = new Float64Array(n * 3);
      const target = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const truth = rng.gamma(2, 1);
        for (let j = 0; j < 3; j++) z[i * 3 + j] = truth * (0.7 + 0.2 * j) + rng.normal(0, 0.5 + j);
        target[i] = truth;
      }
      const beta = nonNegativeLeastSquares({ data: z, rows: n, cols: 3 }, target, { sumToOne: true });
      const sse = (b: number[]) => {
        let s = 0;
        for (let i = 0; i < n; i++) s += (target[i]! - b[0]! * z[i * 3]! - b[1]! * z[i * 3 + 1]! - b[2]! * z[i * 3 + 2]!) ** 2;
        return s;
      };
      let best = Infinity;
      for (let a = 0; a <= 200; a++) for (let b = 0; a + b <= 200; b++) best = Math.min(best, sse([a / 200, b / 200, (200 - a - b) / 200]));
      expect(beta.every((v) => v >= 0)).toBe(true);
      expect(beta[0]! + beta[1]! + beta[2]!).toBeCloseTo(1, 12);
      expect(sse(Array.from(beta))).toBeLessThanOrEqual(best + 1e-9);
    });
  });
});
