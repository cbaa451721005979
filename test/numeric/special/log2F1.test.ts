import { describe, expect, it } from "vitest";
import hyp2f1 from "@stdlib/math-base-special-hyp2f1";
import { log2F1 } from "../../../src/numeric/special/log2F1.js";

describe("log2F1", () => {
  it("matches closed forms (DLMF 15.4.1, 15.4.6): 2F1(1,1;2;z) = -ln(1-z)/z and 2F1(a,b;b;z) = (1-z)^-a", () => {
    for (const z of [0.01, 0.3, 0.7, 0.95]) {
      expect(log2F1(1, 1, 2, z)).toBeCloseTo(Math.log(-Math.log1p(-z) / z), 12);
      expect(log2F1(2.5, 1.7, 1.7, z)).toBeCloseTo(-2.5 * Math.log1p(-z), 12);
    }
  });

  it("agrees with @stdlib hyp2f1 where that is finite (BG/NBD-type arguments)", () => {
    for (const [a, b, c, z] of [[0.24, 2.43, 2.22, 0.9], [26.2, 28.4, 28.2, 0.6], [0.55, 1.6, 3.2, 0.2], [3, 5, 1.5, 0.45]] as const) {
      expect(log2F1(a, b, c, z) / Math.log(hyp2f1(a, b, c, z))).toBeCloseTo(1, 10);
    }
    // The a = 1 series (directly, and after Euler's transformation of 2F1(m, b; m + 1; z)).
    for (const [a, b, c, z] of [[1, 0.6, 2.5, 0.5], [5.4, 1.6, 6.4, 0.3], [12.3, 11.7, 13.3, 0.9]] as const) {
      expect(log2F1(a, b, c, z) / Math.log(hyp2f1(a, b, c, z))).toBeCloseTo(1, 10);
    }
  });

  it("stays finite in log space for parameters in the thousands (frequency 5,000), where the plain value overflows", () => {
    const v = log2F1(5000.2, 5002.4, 5002.2, 0.6);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeGreaterThan(709); // e^709 is the largest finite double
    // Euler's transformation: ≈ (1-z)^(c-a-b) for c ≈ a ≈ b large, so log ≈ (c-a-b) ln(1-z).
    expect(v / ((5002.2 - 5000.2 - 5002.4) * Math.log(0.4))).toBeCloseTo(1, 3);
  });

  it("returns partial derivatives that match finite differences", () => {
    const out = new Float64Array(5);
    // [1, 0.6, 2.5, 0.5] and the Pareto/NBD-type [5.4, 1.6, 6.4, 0.3] (c = a + 1, Euler's transformation) take the a = 1 series.
    const cases: [number, number, number, number][] = [[1.3, 0.6, 2.3, 0.4], [40, 3, 41, 0.8], [0.2, 2.4, 2.2, 0.7], [1, 0.6, 2.5, 0.5], [5.4, 1.6, 6.4, 0.3]];
    for (const args of cases) {
      log2F1(args[0], args[1], args[2], args[3], out);
      for (let k = 0; k < 4; k++) {
        const h = 1e-6;
        const up = [...args] as number[], dn = [...args] as number[];
        up[k] = up[k]! + h;
        dn[k] = dn[k]! - h;
        const fd = (log2F1(up[0]!, up[1]!, up[2]!, up[3]!) - log2F1(dn[0]!, dn[1]!, dn[2]!, dn[3]!)) / (2 * h);
        expect(out[k + 1]).toBeCloseTo(fd, 6);
      }
    }
  });

  it("rejects z outside [0, 1)", () => {
    expect(() => log2F1(1, 1, 2, 1)).toThrow(/outside \[0, 1\)/);
  });
});
