import { describe, expect, it } from "vitest";
import { fastExp } from "../../src/numeric/fastExp.js";

/** The spacing of doubles at |v| (the distance to the next double away from zero). */
function ulpOf(v: number): number {
  const f = new Float64Array([Math.abs(v)]), i = new BigInt64Array(f.buffer);
  i[0] = i[0]! + 1n;
  return f[0]! - Math.abs(v);
}

/** Largest |fastExp(y) − Math.exp(y)| in ulps of Math.exp(y), over `count` points spread evenly in [lo, hi] and jittered. */
function maxUlps(lo: number, hi: number, count: number): number {
  let worst = 0, seed = 12345;
  for (let i = 0; i < count; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; // deterministic jitter, no test-order dependence
    const y = lo + ((hi - lo) * (i + seed / 2 ** 32)) / count;
    const ref = Math.exp(y);
    worst = Math.max(worst, Math.abs(fastExp(y) - ref) / ulpOf(ref));
  }
  return worst;
}

describe("fastExp (Tang's table-driven exponential)", () => {
  it("agrees with Math.exp to within 1 ulp over the whole finite range [-708, 709.78] (V8's Math.exp is itself within 1 ulp of e^y)", () => {
    expect(maxUlps(-708, 709.78, 400_000)).toBeLessThanOrEqual(1);
  });

  it("agrees with Math.exp to within 1 ulp near 0, where e^y - 1 is small (|y| < 1e-3), and on the exponents of P(alive) (|y| < 60)", () => {
    expect(maxUlps(-1e-3, 1e-3, 100_000)).toBeLessThanOrEqual(1);
    expect(maxUlps(-60, 60, 200_000)).toBeLessThanOrEqual(1);
  });

  it("gives the known values e^1, e^-1, e^(k ln 2) = 2^k and e^0 = 1 (IEEE 754 doubles of the exact values)", () => {
    expect(fastExp(0)).toBe(1);
    expect(fastExp(-0)).toBe(1);
    expect(fastExp(1)).toBe(Math.E);
    expect(Math.abs(fastExp(-1) - 0.36787944117144233) / ulpOf(0.36787944117144233)).toBeLessThanOrEqual(1);
    for (const k of [-1000, -10, 1, 10, 1000]) expect(Math.abs(fastExp(k * Math.LN2) / 2 ** k - 1)).toBeLessThan(4e-16 * Math.abs(k));
  });

  it("keeps the edge cases of Math.exp: NaN, infinities, overflow above ln(MAX_VALUE) = 709.7827, subnormal results and underflow to 0", () => {
    expect(fastExp(NaN)).toBeNaN();
    expect(fastExp(Infinity)).toBe(Infinity);
    expect(fastExp(-Infinity)).toBe(0);
    expect(fastExp(709.79)).toBe(Infinity);
    expect(fastExp(1e308)).toBe(Infinity);
    expect(fastExp(-746)).toBe(0);
    expect(fastExp(-1e308)).toBe(0);
    expect(fastExp(5e-324)).toBe(1);
    // Between 709.7 and ln(MAX_VALUE) the result is finite and needs 2^1024 as an intermediate.
    for (const y of [709.7, 709.75, 709.78, 709.782712893]) {
      expect(Number.isFinite(fastExp(y))).toBe(true);
      expect(Math.abs(fastExp(y) - Math.exp(y)) / ulpOf(Math.exp(y))).toBeLessThanOrEqual(1);
    }
    // Subnormal results (e^y < 2^-1022 for y < -708.4): within one subnormal spacing (2^-1074) of Math.exp.
    for (let y = -745; y < -708.4; y += 0.37) expect(Math.abs(fastExp(y) - Math.exp(y))).toBeLessThanOrEqual(2 ** -1074);
    expect(fastExp(-745.1)).toBe(5e-324);
  });
});
