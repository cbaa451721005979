import { describe, expect, it } from "vitest";
import { betaln, digamma, gammaln } from "../../../src/numeric/special/gamma.js";

describe("gammaln and betaln", () => {
  it("match closed forms: ln Γ(n) = ln (n−1)!, ln Γ(1/2) = ln √π, Γ(x+1) = xΓ(x)", () => {
    expect(gammaln(1)).toBe(0);
    expect(gammaln(2)).toBeCloseTo(0, 15);
    expect(gammaln(5)).toBeCloseTo(Math.log(24), 13);
    expect(gammaln(11)).toBeCloseTo(Math.log(3628800), 12);
    expect(gammaln(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    for (const x of [0.013, 0.7, 3.3, 41.5, 1234.5]) expect(gammaln(x + 1)).toBeCloseTo(Math.log(x) + gammaln(x), 9);
  });

  it("betaln(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b); B(1, 1) = 1, B(2, 3) = 1/12, B(1/2, 1/2) = π", () => {
    expect(betaln(1, 1)).toBeCloseTo(0, 15);
    expect(betaln(2, 3)).toBeCloseTo(Math.log(1 / 12), 14);
    expect(betaln(0.5, 0.5)).toBeCloseTo(Math.log(Math.PI), 14);
    for (const [a, b] of [[0.24, 4.41], [0.79, 2.43], [26.8, 31.1], [1e-3, 5e3]] as const)
      expect(betaln(a, b)).toBeCloseTo(gammaln(a) + gammaln(b) - gammaln(a + b), 8);
    expect(betaln(3.7, 0.2)).toBe(betaln(0.2, 3.7));
  });

  it("digamma: ψ(1) = −γ (Euler–Mascheroni), ψ(x+1) = ψ(x) + 1/x", () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 14);
    for (const x of [0.1, 2.5, 77]) expect(digamma(x + 1)).toBeCloseTo(digamma(x) + 1 / x, 12);
  });
});
