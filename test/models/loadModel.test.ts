import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/models/loadModel.js";
import { fitBgNbd } from "../../src/models/bgNbd.js";

describe("loadModel", () => {
  it("builds a model from published parameters alone (BG/NBD of Fader, Hardie & Lee 2005) and rejects bad JSON with the fix", () => {
    const m = loadModel({ model: "bg-nbd", params: { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 } });
    expect(m.expectedPurchases(52).toFixed(4)).toBe("1.4440");
    expect(m.method).toBe("given");
    expect(Number.isNaN(m.standardErrors.r)).toBe(true);
    expect(() => loadModel(JSON.stringify({ model: "nbd", params: {} }))).toThrow(/unknown model "nbd"/);
    expect(() => loadModel({ model: "bg-nbd", params: { r: 1, alpha: -1, a: 1, b: 1 } })).toThrow(/parameter alpha is -1/);
  });

  it("reports non-convergence (never a silent NaN) when the data cannot identify the model", () => {
    // Nobody ever repeats: the BG/NBD likelihood has no interior maximum (r/alpha -> 0).
    const m = fitBgNbd({ frequency: [0, 0, 0, 0], recency: [0, 0, 0, 0], T: [10, 20, 30, 40] });
    expect(Number.isFinite(m.logLikelihood)).toBe(true);
    expect(m.converged).toBe(false);
    expect(m.warnings.join(" ")).toMatch(/not converged to an interior maximum.*try a small penalty/);
    expect(Number.isNaN(m.standardErrors.r)).toBe(true);
    // The suggested fix works: a small penalty on the log-parameters gives an interior optimum.
    expect(fitBgNbd({ frequency: [0, 0, 0, 0], recency: [0, 0, 0, 0], T: [10, 20, 30, 40] }, { penalty: 0.01 }).converged).toBe(true);
  });
});
