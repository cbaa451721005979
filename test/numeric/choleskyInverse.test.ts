import { describe, expect, it } from "vitest";
import { invertLower, invertSymmetric } from "../../src/numeric/linearAlgebra.js";

describe("invertSymmetric", () => {
  it("inverts a positive-definite matrix exactly ([[4, 2], [2, 3]]⁻¹ = [[0.375, -0.25], [-0.25, 0.5]]) and A·A⁻¹ = I for a 3 × 3", () => {
    [...invertSymmetric(Float64Array.of(4, 2, 2, 3), 2)!].forEach((v, i) => expect(v).toBeCloseTo([0.375, -0.25, -0.25, 0.5][i]!, 15));
    const A = Float64Array.of(6, 2, 1, 2, 5, 2, 1, 2, 4);
    const inv = invertSymmetric(A, 3)!;
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let m = 0; m < 3; m++) s += A[i * 3 + m]! * inv[m * 3 + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 14);
      }
  });

  it("returns undefined for a matrix that is not positive definite (no interior maximum)", () => {
    expect(invertSymmetric(Float64Array.of(1, 2, 2, 1), 2)).toBeUndefined();
    expect(invertSymmetric(Float64Array.of(1, 0, 0, 0), 2)).toBeUndefined();
  });
});

describe("invertLower", () => {
  it("inverts a lower-triangular factor exactly ([[2, 0], [1, 2]]⁻¹ = [[0.5, 0], [-0.25, 0.5]]) and L·L⁻¹ = I for a 4 × 4", () => {
    const li = new Float64Array(4);
    invertLower(Float64Array.of(2, 0, 1, 2), 0, 2, li, 0);
    expect([...li]).toEqual([0.5, 0, -0.25, 0.5]);
    const L = Float64Array.of(3, 0, 0, 0, 1, 2, 0, 0, -1, 0.5, 4, 0, 2, -3, 1, 5);
    const inv = new Float64Array(16);
    invertLower(L, 0, 4, inv, 0);
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) {
        let s = 0;
        for (let m = 0; m < 4; m++) s += L[i * 4 + m]! * inv[m * 4 + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 14);
      }
  });
});
