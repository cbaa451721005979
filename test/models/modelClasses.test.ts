import { describe, expect, it } from "vitest";
import { BgBbModel, BgNbdModel, FittedModel, GammaGammaModel, loadModel, MbgNbdModel, ParetoNbdModel } from "../../src/models/index.js";

// Published parameters: BG/NBD and Pareto/NBD on CDNOW (Fader, Hardie & Lee 2005), MBG/NBD on CDNOW (lifetimes 0.11.3),
// BG/BB on the donations data (BTYD walkthrough), Gamma-Gamma on CDNOW (Fader & Hardie 2013).
const CASES = [
  { model: "bg-nbd", cls: BgNbdModel, params: { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 } },
  { model: "pareto-nbd", cls: ParetoNbdModel, params: { r: 0.55315, alpha: 10.57633, s: 0.60625, beta: 11.6715 } },
  { model: "mbg-nbd", cls: MbgNbdModel, params: { r: 0.524838, alpha: 6.182988, a: 0.891356, b: 1.614 } },
  { model: "bg-bb", cls: BgBbModel, params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 } },
  { model: "gamma-gamma", cls: GammaGammaModel, params: { p: 6.25, q: 3.74, v: 15.44 } },
] as const;

describe("model classes", () => {
  for (const c of CASES) {
    it(`${c.model}: loadModel gives a ${c.cls.name} (a FittedModel) whose parameters are frozen and survive toJSON`, () => {
      const m = loadModel({ model: c.model, params: { ...c.params } } as never);
      expect(m).toBeInstanceOf(c.cls);
      expect(m).toBeInstanceOf(FittedModel);
      expect(m.model).toBe(c.model);
      expect(Object.isFrozen(m.params)).toBe(true);
      expect(() => ((m.params as unknown as Record<string, number>)[Object.keys(c.params)[0]!] = 1)).toThrow(TypeError);
      const back = loadModel(JSON.parse(JSON.stringify(m)) as never);
      expect(back).toBeInstanceOf(c.cls);
      expect(back.params).toEqual(c.params);
    });
  }

  it("GammaGammaModel: E[Z | x, z̄] = p(v + x z̄)/(px + q − 1), and the population mean pv/(q − 1) for x = 0 (Fader & Hardie 2013, eq. 5)", () => {
    const gg = loadModel({ model: "gamma-gamma", params: { p: 6.25, q: 3.74, v: 15.44 } });
    // By hand: 6.25 × (15.44 + 2 × 30) / (6.25 × 2 + 2.74) = 471.5 / 15.24 = 30.93832; 6.25 × 15.44 / 2.74 = 35.21898.
    const e = gg.conditionalExpectedSpend({ frequency: [2, 0], monetaryValue: [30, 0] });
    expect(e[0]!).toBeCloseTo(30.93832, 5);
    expect(e[1]!).toBeCloseTo(35.21898, 5);
    expect(gg.meanSpend).toBeCloseTo(35.21898, 5);
    expect(() => loadModel({ model: "gamma-gamma", params: { p: 1, q: 0.9, v: 1 } }).conditionalExpectedSpend({ frequency: [1], monetaryValue: [5] })).toThrow(
      /gamma-gamma q = 0\.9 <= 1: the mean spend is infinite; refit with more repeat buyers or a penalty/,
    );
  });
});
