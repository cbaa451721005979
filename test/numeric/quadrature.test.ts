import { describe, expect, it } from "vitest";
import { gaussLaguerreRule, gaussLegendre } from "../../src/numeric/quadrature.js";

describe("quadrature", () => {
  it("Gauss-Laguerre integrates e^-x x^k exactly (k! for k < 2n; Abramowitz & Stegun 25.4.45)", () => {
    const { nodes, weights } = gaussLaguerreRule(40);
    let fact = 1;
    for (let k = 0; k < 12; k++) {
      if (k > 0) fact *= k;
      let s = 0;
      for (let i = 0; i < nodes.length; i++) s += weights[i]! * Math.pow(nodes[i]!, k);
      expect(s / fact).toBeCloseTo(1, 10);
    }
  });
  it("composite Gauss-Legendre integrates smooth functions to machine precision", () => {
    expect(gaussLegendre(Math.sin, 0, Math.PI, 8)).toBeCloseTo(2, 13);
  });
});
