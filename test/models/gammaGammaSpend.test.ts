import { describe, expect, it } from "vitest";
import { gammaGammaConditionalSpend } from "../../src/models/gammaGammaSpend.js";

describe("gammaGammaConditionalSpend", () => {
  it("gives Hardie's spreadsheet values for the first CDNOW customers at p 6.25, q 3.74, v 15.44 (24.65, 18.91, 35.17, 71.46, 27.28; lifetimes tests them to 0.1)", () => {
    // x and z̄ of CDNOW customers 1, 2, 3, 6, 9 (cdnow_customers_summary_with_transactions.csv); customer 3 has x = 0.
    const e = gammaGammaConditionalSpend({ p: 6.25, q: 3.74, v: 15.44 }, [2, 1, 0, 7, 2], [22.35, 11.77, 0, 73.74, 25.55]);
    const hardie = [24.65, 18.91, 35.17, 71.46, 27.28];
    e.forEach((v, i) => expect(Math.abs(v - hardie[i]!)).toBeLessThan(0.1));
    // One-time buyer: the population mean p v / (q − 1) = 35.2175 at the rounded parameters.
    expect(e[2]).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
  });

  it("returns the constant of the degenerate limit for everyone, and refuses q <= 1 (infinite mean) and negative frequency", () => {
    expect([...gammaGammaConditionalSpend({ p: 1, q: 2, v: 25 }, [0, 3], [0, 40], 25)]).toEqual([25, 25]);
    expect(() => gammaGammaConditionalSpend({ p: 1, q: 0.9, v: 1 }, [1], [1])).toThrow(/q = 0\.9 <= 1: the mean spend is infinite/);
    expect(() => gammaGammaConditionalSpend({ p: 1, q: 2, v: 1 }, [-1], [1])).toThrow(/frequency row 1 is -1/);
  });
});
