import { describe, expect, it } from "vitest";
import { fitBgNbd } from "../../src/models/bgNbd.js";
import { fitMbgNbd } from "../../src/models/mbgNbd.js";
import { fitParetoNbd } from "../../src/models/paretoNbd.js";
import { conditionalCountDistribution } from "../../src/validation/conditionalCountDistribution.js";
import { cdnowSummary } from "../models/referenceData.js";

// The published CDNOW calibration summary (lifetimes datasets); every 40th customer keeps the test cheap.
const full = cdnowSummary();
const pick = (a: Float64Array) => a.filter((_, i) => i % 40 === 0);
const cal = { frequency: pick(full.frequency), recency: pick(full.recency), T: pick(full.T) };

describe("conditionalCountDistribution", () => {
  for (const [name, fit] of [["BG/NBD", fitBgNbd], ["MBG/NBD", fitMbgNbd], ["Pareto/NBD", fitParetoNbd]] as const) {
    it(`${name}: the mean of each customer's predicted count distribution is the model's conditional expectation E[Y(39) | x, t_x, T], and P(X > 0) = 1 − P(X = 0)`, () => {
      const m = fit(full);
      const { distribution, probabilityAny } = conditionalCountDistribution(m, cal, 39, 120);
      const mean = m.conditionalExpectedPurchases(39, cal);
      const w = 121;
      for (let i = 0; i < cal.T.length; i++) {
        let e = 0;
        for (let k = 0; k < 120; k++) e += k * distribution.probabilities[i * w + k]!;
        expect(distribution.probabilities[i * w + 120]!).toBeLessThan(1e-6);
        expect(e).toBeCloseTo(mean[i]!, 3);
        expect(probabilityAny[i]!).toBeCloseTo(1 - distribution.probabilities[i * w]!, 12);
      }
    });
  }
  it("a customer with no repeat purchases and a long silence is less likely to buy again than a frequent recent buyer", () => {
    const m = fitBgNbd(full);
    const { probabilityAny } = conditionalCountDistribution(m, { frequency: [0, 10], recency: [0, 38], T: [38, 38] }, 39, 30);
    expect(probabilityAny[0]!).toBeLessThan(probabilityAny[1]!);
  });
  it("rejects a non-integer maxCount", () => {
    expect(() => conditionalCountDistribution(fitBgNbd(full), cal, 39, 2.5)).toThrow(/invalid maxCount 2.5/);
  });
});
