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

describe("BG/NBD conditional expectation when a + b < 1 (2F1 with a negative third parameter)", () => {
  it("equals the mean of the conditional count distribution for a customer without repeat purchases (seen on the Texas data at 2024-06-30: a 0.026, b 0.281)", async () => {
    const { loadModel } = await import("../../src/models/loadModel.js");
    const m = loadModel({ model: "bg-nbd", params: { r: 2.7291151291885907, alpha: 17.085227588004603, a: 0.026480826366153322, b: 0.28127751052271494 } });
    const cal = { frequency: [0, 0, 3], recency: [0, 0, 20], T: [24.142857142857142, 5, 24] };
    const mean = m.conditionalExpectedPurchases(52, cal);
    const { distribution } = conditionalCountDistribution(m, cal, 52, 400);
    for (let i = 0; i < 3; i++) {
      let e = 0;
      for (let k = 0; k < 400; k++) e += k * distribution.probabilities[i * 401 + k]!;
      expect(mean[i]!).toBeGreaterThan(0);
      expect(mean[i]!).toBeCloseTo(e, 4);
    }
    // Unconditional E[X(t)] against Σ n P(X(t) = n) of the same model.
    let e0 = 0;
    for (let k = 0; k < 400; k++) e0 += k * m.probabilityOfPurchases(k, 52);
    expect(m.expectedPurchases(52)).toBeCloseTo(e0, 4);
  });
});
