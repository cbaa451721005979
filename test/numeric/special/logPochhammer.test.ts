import { describe, expect, it } from "vitest";
import { logPochhammer } from "../../../src/numeric/special/logPochhammer.js";

describe("logPochhammer (ln Γ(r+x)/Γ(r); DLMF 5.2.5)", () => {
  it("equals the rising product by hand: (2)_3 = 2·3·4 = 24, (0.5)_2 = 0.5·1.5 = 0.75, (r)_0 = 1", () => {
    expect(logPochhammer(2, 3)).toBeCloseTo(Math.log(24), 13);
    expect(logPochhammer(0.5, 2)).toBeCloseTo(Math.log(0.75), 13);
    expect(logPochhammer(7.3, 0)).toBe(0);
  });

  it("keeps every digit at r = 1e12 (where ln Γ(r) is about 2.6e13): (1e12)_2 = ln(1e12) + ln(1e12 + 1), derivative ψ(r+2) − ψ(r) = 1/r + 1/(r+1)", () => {
    const d = new Float64Array(1);
    const r = 1e12;
    expect(logPochhammer(r, 2, d)).toBeCloseTo(Math.log(r) + Math.log(r + 1), 12);
    expect(d[0]! / (1 / r + 1 / (r + 1))).toBeCloseTo(1, 12);
  });

  it("has a derivative in r that matches central differences at moderate r (the digamma branch)", () => {
    const d = new Float64Array(1);
    for (const [r, x] of [[0.24, 3], [5, 17], [120, 2]] as const) {
      logPochhammer(r, x, d);
      const h = 1e-6 * r;
      const fd = (logPochhammer(r + h, x) - logPochhammer(r - h, x)) / (2 * h);
      expect(d[0]! / fd).toBeCloseTo(1, 6);
    }
  });
});
