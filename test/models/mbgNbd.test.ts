import { describe, expect, it } from "vitest";
import { fitMbgNbd } from "../../src/models/mbgNbd.js";
import { loadModel } from "../../src/models/loadModel.js";
import { cdnowSummary } from "./referenceData.js";

const data = cdnowSummary();
const model = fitMbgNbd(data);

describe("fitMbgNbd", () => {
  it("matches the MBG/NBD log-likelihood -9582.13 on CDNOW (Batislam et al. 2007 model; lifetimes ModifiedBetaGeoFitter)", () => {
    expect(model.converged).toBe(true);
    expect(Math.abs(model.logLikelihood - -9582.13)).toBeLessThan(0.01);
    for (const v of Object.values(model.standardErrors)) expect(v > 0 && Number.isFinite(v)).toBe(true);
  });

  it("is consistent: P(X(t)=n) sums to 1, its mean is E[X(t)], and E[X(t)] is E[Y(t)] of a customer with x = t_x = T = 0", () => {
    let s = 0, mean = 0;
    for (let n = 0; n < 400; n++) {
      const p = model.probabilityOfPurchases(n, 39);
      s += p;
      mean += n * p;
    }
    expect(s).toBeCloseTo(1, 9);
    expect(mean).toBeCloseTo(model.expectedPurchases(39), 6);
    expect(model.conditionalExpectedPurchases(39, { frequency: [0], recency: [0], T: [0] })[0]).toBeCloseTo(model.expectedPurchases(39), 10);
  });

  it("lets customers without repeat purchases be inactive (P(alive) < 1), unlike the BG/NBD", () => {
    const a = model.probabilityAlive({ frequency: [0, 26], recency: [0, 30.857], T: [38, 31] });
    expect(a[0]).toBeLessThan(1);
    expect(a[1]).toBeGreaterThan(a[0]!);
    const back = loadModel(model.toJSON());
    expect(back.model).toBe("mbg-nbd");
    expect(back.probabilityAlive({ frequency: [0], recency: [0], T: [38] })[0]).toBe(a[0]);
  });
});
