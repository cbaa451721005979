import { describe, expect, it } from "vitest";
import { cholesky, choleskyLower, invertSymmetric, solveAugmented, solveSpd, symmetrize } from "../../src/numeric/linearAlgebra.js";

// Hand-computed on A = [[4, 2], [2, 5]] (det 16): L = [[2, 0], [1, 2]], A⁻¹ = [[5, −2], [−2, 4]] / 16.
const A = Float64Array.of(4, 2, 2, 5);

describe("dense small linear algebra", () => {
  it("cholesky factors A = L Lᵀ (lower, upper zeroed) and refuses an indefinite matrix", () => {
    const l = new Float64Array(4).fill(9);
    expect(cholesky(A, 0, 2, l, 0)).toBe(true);
    expect(Array.from(l)).toEqual([2, 0, 1, 2]);
    expect(cholesky(Float64Array.of(1, 2, 2, 1), 0, 2, new Float64Array(4), 0)).toBe(false);
    // Offsets: the second of two stacked matrices.
    const two = Float64Array.of(1, 0, 0, 1, 4, 2, 2, 5);
    const out = new Float64Array(8);
    expect(cholesky(two, 4, 2, out, 4)).toBe(true);
    expect(Array.from(out.subarray(4))).toEqual([2, 0, 1, 2]);
  });

  it("solveSpd solves (G + λI) β = b: A β = (2, 3) gives (1/4, 1/2); with λ = 1, (6/26, 11/26)", () => {
    const beta = solveSpd(A, Float64Array.of(2, 3), 2, 0);
    expect(beta[0]).toBeCloseTo(0.25, 14);
    expect(beta[1]).toBeCloseTo(0.5, 14);
    // (A + I) = [[5, 2], [2, 6]], det 26: β = [[6, −2], [−2, 5]] (2, 3) / 26 = (6/26, 11/26).
    const ridge = solveSpd(A, Float64Array.of(2, 3), 2, 1);
    expect(ridge[0]).toBeCloseTo(6 / 26, 14);
    expect(ridge[1]).toBeCloseTo(11 / 26, 14);
    // A singular Gram matrix gets a jitter instead of failing: [[1, 1], [1, 1]] β = (1, 1) → β₁ + β₂ = 1.
    const s = solveSpd(Float64Array.of(1, 1, 1, 1), Float64Array.of(1, 1), 2, 0);
    expect(s[0]! + s[1]!).toBeCloseTo(1, 6);
  });

  it("invertSymmetric gives A⁻¹ = [[5, −2], [−2, 4]] / 16, undefined when not positive definite", () => {
    const inv = invertSymmetric(A, 2)!;
    [5 / 16, -2 / 16, -2 / 16, 4 / 16].forEach((v, i) => expect(inv[i]).toBeCloseTo(v, 14));
    expect(invertSymmetric(Float64Array.of(1, 2, 2, 1), 2)).toBeUndefined();
  });

  it("solveAugmented solves [[2, 1], [1, 3]] x = (3, 5) → (0.8, 1.4), pivots past a zero, and flags a singular system", () => {
    const x = solveAugmented(Float64Array.of(2, 1, 3, 1, 3, 5), 2)!;
    expect(x[0]).toBeCloseTo(0.8, 14);
    expect(x[1]).toBeCloseTo(1.4, 14);
    const p = solveAugmented(Float64Array.of(0, 1, 2, 1, 0, 3), 2)!; // needs a row swap
    expect(Array.from(p)).toEqual([3, 2]);
    expect(solveAugmented(Float64Array.of(1, 2, 3, 2, 4, 6), 2)).toBeUndefined();
  });
});

describe("symmetrize", () => {
  it("averages each off-diagonal pair in place and leaves the diagonal, (H + Hᵀ) / 2", () => {
    const H = Float64Array.of(1, 2, 5, 4, 3, 6, 7, 8, 9);
    expect(symmetrize(H, 3)).toBe(H);
    expect(Array.from(H)).toEqual([1, 3, 6, 3, 3, 7, 6, 7, 9]);
  });
});

describe("choleskyLower", () => {
  it("factors a positive-definite matrix, L = [[2, 0], [1, √2]] for [[4, 2], [2, 3]] (hand computed)", () => {
    expect(Array.from(choleskyLower(Float64Array.of(4, 2, 2, 3), 2)!)).toEqual([2, 0, 1, Math.SQRT2]);
  });

  it("returns undefined for an indefinite matrix or an infinite pivot", () => {
    expect(choleskyLower(Float64Array.of(1, 2, 2, 1), 2)).toBeUndefined();
    expect(choleskyLower(Float64Array.of(Infinity, 0, 0, 1), 2)).toBeUndefined();
  });
});
