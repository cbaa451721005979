import { describe, expect, it } from "vitest";
import { logAddExp, logSubExp, logSumExp } from "../../../src/numeric/special/logSumExp.js";

describe("logSumExp", () => {
  it("is exact for small values and does not overflow for large ones", () => {
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 14);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(logSumExp(new Float64Array([1000, 1000, 1000]))).toBeCloseTo(1000 + Math.log(3), 12);
    expect(logSubExp(Math.log(5), Math.log(3))).toBeCloseTo(Math.log(2), 14);
    expect(logSubExp(0, -1e-20)).toBeCloseTo(Math.log(1e-20), 10);
  });
});
