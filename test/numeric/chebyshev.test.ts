import { describe, expect, it } from "vitest";
import { chebyshevAdaptive, chebyshevEval, chebyshevFit } from "../../src/numeric/chebyshev.js";

describe("Chebyshev interpolation", () => {
  it("reproduces a polynomial of degree n-1 exactly from n points (T_3(s) = 4s^3 - 3s has coefficients 0, 0, 0, 1)", () => {
    const c = chebyshevFit((s) => 4 * s ** 3 - 3 * s, -1, 1, 6);
    expect(Array.from(c).map((v) => Math.round(v * 1e12) / 1e12 + 0)).toEqual([0, 0, 0, 1, 0, 0]);
  });

  it("interpolates exp on [0, 2] to 1e-14 relative with its adaptive degree, and evaluates by Clenshaw anywhere in the interval", () => {
    const c = chebyshevAdaptive(Math.exp, 0, 2, 1e-14)!;
    expect(c.length).toBeLessThan(32);
    for (const x of [0, 0.013, 0.5, 1.7, 2]) expect(Math.abs(chebyshevEval(c, 0, c.length, 0, 2, x) / Math.exp(x) - 1)).toBeLessThan(1e-14);
  });

  it("gives up (undefined) on a function it cannot resolve within the point budget: |x| has a kink", () => {
    expect(chebyshevAdaptive((x) => 1 + Math.abs(x), -1, 1, 1e-13)).toBeUndefined();
  });
});
