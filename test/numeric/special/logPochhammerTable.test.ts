import { describe, expect, it } from "vitest";
import { logPochhammer } from "../../../src/numeric/special/logPochhammer.js";
import { logPochhammerTable } from "../../../src/numeric/special/logPochhammerTable.js";

describe("logPochhammerTable", () => {
  it("gives ln (r)_x and ψ(r+x) − ψ(r) for x = 0..max equal to logPochhammer's to 1e-13 (r from 1e-3 to 1e8)", () => {
    const max = 40, v = new Float64Array(max + 1), d = new Float64Array(max + 1), one = new Float64Array(1);
    for (const r of [1e-3, 0.243, 2.43, 57.1, 1e8]) {
      logPochhammerTable(r, max, v, d);
      for (let x = 0; x <= max; x++) {
        const ref = logPochhammer(r, x, one);
        expect(Math.abs(v[x]! - ref)).toBeLessThan(1e-13 * Math.max(1, Math.abs(ref)));
        expect(Math.abs(d[x]! - one[0]!)).toBeLessThan(1e-12 * Math.max(1, Math.abs(one[0]!)));
      }
    }
  });

  it("matches the rising factorial by hand: (2)_3 = 2·3·4 = 24", () => {
    const v = new Float64Array(4), d = new Float64Array(4);
    logPochhammerTable(2, 3, v, d);
    expect(v[3]).toBeCloseTo(Math.log(24), 14);
    expect(d[3]).toBeCloseTo(1 / 2 + 1 / 3 + 1 / 4, 14);
  });
});
