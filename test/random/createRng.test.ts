import { describe, expect, it } from "vitest";
import { createRng } from "../../src/random/createRng.js";

describe("createRng", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const a = createRng(7), b = createRng(7), c = createRng(8);
    const xa = [a.uniform(), a.uniform()], xb = [b.uniform(), b.uniform()];
    expect(xa).toEqual(xb);
    expect(c.uniform()).not.toBe(xa[0]);
  });
  it("gamma uses shape and rate: mean shape/rate, variance shape/rate^2 (moments of Gamma(3, 2))", () => {
    const r = createRng(1);
    const n = 200_000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const x = r.gamma(3, 2); s += x; s2 += x * x; }
    const mean = s / n, variance = s2 / n - mean * mean;
    expect(mean).toBeCloseTo(1.5, 2);
    expect(variance).toBeCloseTo(0.75, 1);
  });
  it("rejects a seed that is not a 32-bit unsigned integer", () => {
    expect(() => createRng(-1)).toThrow(/invalid seed -1/);
    expect(() => createRng(1.5)).toThrow(/invalid seed 1.5/);
  });
});
