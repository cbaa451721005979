// The BTYD base learner's spend: one Gamma-Gamma conditional spend (models/gammaGammaSpend.ts), and the constant of
// the degenerate limit when every repeat buyer spends the same.
import { describe, expect, it } from "vitest";
import { btydPredict, drawValue, fitBtyd, type BtydSummary } from "../../../src/segmentation/predictor/btydBase.js";
import { fitGammaGamma } from "../../../src/models/gammaGamma.js";
import { createRng } from "../../../src/random/createRng.js";

const summary = (z: (i: number) => number): BtydSummary => {
  const n = 40;
  const frequency = new Float64Array(n), recency = new Float64Array(n), T = new Float64Array(n), monetaryValue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    frequency[i] = i % 4;
    recency[i] = frequency[i]! > 0 ? 5 + (i % 7) * 3 : 0;
    T[i] = 30 + (i % 5);
    monetaryValue[i] = frequency[i]! > 0 ? z(i) : 0;
  }
  return { timeUnit: "weeks", frequency, recency, T, monetaryValue };
};

describe("BTYD base learner spend", () => {
  it("predicts the Gamma-Gamma conditional spend of the model class (one formula for both)", () => {
    const s = summary((i) => 10 + (i % 9) * 4);
    const fit = fitBtyd(s, "bg-nbd");
    const gg = fitGammaGamma(s);
    expect(fit.spend.constantSpend).toBeUndefined();
    expect([...btydPredict(fit, s, [52]).spend]).toEqual([...gg.conditionalExpectedSpend(s)]);
  });

  it("with a flat price of 25 predicts and draws exactly 25 per purchase, and says why", () => {
    const s = summary(() => 25);
    const fit = fitBtyd(s, "bg-nbd");
    expect(fit.spend.constantSpend).toBe(25);
    expect(fit.warnings.join(" ")).toMatch(/every repeat buyer's mean spend is 25/);
    for (const v of btydPredict(fit, s, [52]).spend) expect(v).toBe(25);
    const rng = createRng(3);
    for (let i = 0; i < 40; i++) expect(drawValue(fit, s, i, 1, 52, rng) % 25).toBe(0);
  });
});
