import { describe, expect, it } from "vitest";
import { fitBgBb } from "../../src/models/bgBb.js";
import { loadModel } from "../../src/models/loadModel.js";
import { readCsv } from "./referenceData.js";

const d = readCsv("donations.csv");
const model = fitBgBb({ frequency: d.frequency!, recency: d.recency!, periods: d.periods!, weights: d.weights! });

describe("fitBgBb", () => {
  it("matches the BTYD walkthrough BG/BB estimates on the donations data (Fader, Hardie & Shang 2010): alpha 1.204, beta 0.750, gamma 0.657, delta 2.783, LL -33225.58", () => {
    expect(model.converged).toBe(true);
    expect(model.customers).toBe(11104);
    expect(model.params.alpha.toFixed(3)).toBe("1.204");
    expect(model.params.beta.toFixed(3)).toBe("0.750");
    expect(model.params.gamma.toFixed(3)).toBe("0.657");
    expect(model.params.delta.toFixed(3)).toBe("2.783");
    expect(model.logLikelihood.toFixed(2)).toBe("-33225.58");
  });

  it("P(X(n)=x) sums to 1 and its mean equals E[X(n)] (Fader, Hardie & Shang 2010, eqs. 7-8)", () => {
    for (const n of [1, 6, 11]) {
      let s = 0, mean = 0;
      for (let x = 0; x <= n; x++) {
        const p = model.probabilityOfPurchases(x, n);
        s += p;
        mean += x * p;
      }
      expect(s).toBeCloseTo(1, 10);
      expect(mean).toBeCloseTo(model.expectedPurchases(n), 10);
    }
  });

  it("fits the observed frequency distribution of the donations data (model vs actual counts within 2%)", () => {
    const actual = new Float64Array(7);
    for (let i = 0; i < d.frequency!.length; i++) actual[d.frequency![i]!] += d.weights![i]!;
    for (let x = 0; x <= 6; x++) expect(Math.abs(model.probabilityOfPurchases(x, 6) * 11104 - actual[x]!) / 11104).toBeLessThan(0.02);
  });

  it("orders customers sensibly (more frequent and more recent => more alive, more future donations) and round-trips through JSON", () => {
    const c = { frequency: [6, 4, 4], recency: [6, 6, 4], periods: [6, 6, 6] };
    const alive = model.probabilityAlive(c);
    expect(alive[0]).toBeCloseTo(alive[1]!, 12); // a transaction in the last period proves the customer alive whatever x
    expect(alive[1]).toBeGreaterThan(alive[2]!);
    const e = model.conditionalExpectedPurchases(5, c);
    expect(e[0]).toBeGreaterThan(e[1]!);
    for (const v of e) expect(v > 0 && Number.isFinite(v)).toBe(true);
    const back = loadModel(model.toJSON());
    expect(Array.from(back.conditionalExpectedPurchases(5, c))).toEqual(Array.from(e));
  });

  it("rejects recency beyond the number of periods with the row and the fix", () => {
    expect(() => fitBgBb({ frequency: [2], recency: [7], periods: [6] })).toThrow(/row 1: recency is 7: use the period of the last transaction/);
  });
});
