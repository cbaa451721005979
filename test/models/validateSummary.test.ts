// Impossible customer summaries are rejected by every fit with the row and the rule (one set of rules for all).
import { describe, expect, it } from "vitest";
import { fitBgNbd } from "../../src/models/bgNbd.js";
import { fitMbgNbd } from "../../src/models/mbgNbd.js";
import { fitParetoNbd } from "../../src/models/paretoNbd.js";
import { fitBgBb } from "../../src/models/bgBb.js";
import { fitGammaGamma } from "../../src/models/gammaGamma.js";
import { loadModel } from "../../src/models/loadModel.js";
import { validateSummary } from "../../src/models/validateSummary.js";

const ok = { frequency: [0, 2, 1], recency: [0, 8, 3], T: [10, 10, 10] };
const bad: [string, Record<string, unknown>, RegExp][] = [
  ["frequency > 0 with recency 0", { ...ok, recency: [0, 0, 3] }, /row 2: frequency is 2 but recency is 0: .*recency must be > 0/],
  ["fractional frequency", { ...ok, frequency: [0, 2.5, 1] }, /row 2: frequency is 2\.5: repeat purchases are counted, use a whole number/],
  ["recency > T", { ...ok, recency: [0, 12, 3] }, /row 2: recency 12 exceeds T 10/],
  ["negative frequency", { ...ok, frequency: [0, 2, -1] }, /row 3: frequency is -1: repeat purchases cannot be negative/],
  ["negative recency", { ...ok, recency: [0, 8, -3] }, /row 3: recency is -3: recency cannot be negative/],
  ["negative T", { ...ok, T: [10, -10, 10] }, /row 2: T is -10: the observation time must be positive/],
  ["frequency 0 with recency > 0", { ...ok, recency: [4, 8, 3] }, /row 1: frequency is 0 but recency is 4/],
  ["non-finite", { ...ok, T: [10, Infinity, 10] }, /column "T" row 2 is Infinity: every customer needs a finite number/],
  ["NaN", { ...ok, recency: [0, NaN, 3] }, /column "recency" row 2 is NaN/],
  ["a string in a numeric array", { ...ok, frequency: [0, "2", 1] }, /column "frequency" row 2 is the string "2": every customer needs a number/],
  ["null in a numeric array", { ...ok, T: [10, null, 10] }, /column "T" row 2 is null \(null\)/],
  ["negative weights", { ...ok, weights: [1, -2, 1] }, /row 2: weights is -2: weights are non-negative counts/],
];

describe("impossible summaries", () => {
  for (const [rule, data, message] of bad) {
    it(`BG/NBD, MBG/NBD and Pareto/NBD reject ${rule} with the row and the rule, before fitting`, () => {
      for (const fit of [fitBgNbd, fitMbgNbd, fitParetoNbd]) expect(() => fit(data)).toThrow(message);
    });
  }

  it("predictions reject impossible rows but may be evaluated at the limit points recency 0 and fractional frequency", () => {
    const m = loadModel({ model: "pareto-nbd", params: { r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 } });
    expect(() => m.conditionalExpectedPurchases(10, bad[2]![1])).toThrow(bad[2]![2]);
    expect(() => m.probabilityAlive(bad[9]![1])).toThrow(bad[9]![2]);
    const limit = m.probabilityAlive({ frequency: [2, 1.5], recency: [0, 3], T: [10, 10] });
    for (const p of limit) expect(p > 0 && p < 1).toBe(true);
  });

  it("Pareto/NBD rejects frequency > 0 with recency 0 at once instead of searching (it ran 7 s into an internal error)", () => {
    const t0 = performance.now();
    expect(() => fitParetoNbd({ frequency: [2, 1, 0], recency: [0, 3, 0], T: [10, 10, 10] })).toThrow(/row 1: frequency is 2 but recency is 0/);
    // Rejection happens while reading the columns: no likelihood is evaluated (a loose bound, not a benchmark).
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("Gamma-Gamma rejects fractional or negative frequency, strings and non-finite spend with the row", () => {
    expect(() => fitGammaGamma({ frequency: [1, 2.5], monetaryValue: [10, 20] })).toThrow(/row 2: frequency is 2\.5/);
    expect(() => fitGammaGamma({ frequency: [1, -2], monetaryValue: [10, 20] })).toThrow(/row 2: frequency is -2/);
    expect(() => fitGammaGamma({ frequency: [1, 2], monetaryValue: [10, "20"] })).toThrow(/column "monetaryValue" row 2 is the string "20"/);
    expect(() => fitGammaGamma({ frequency: [1, 2], monetaryValue: [10, Infinity] })).toThrow(/column "monetaryValue" row 2 is Infinity/);
  });

  it("BG/BB rejects the discrete-time rules (recency between frequency and periods, whole periods) with the row", () => {
    expect(() => fitBgBb({ frequency: [2], recency: [7], periods: [6] })).toThrow(/row 1: recency is 7: use the period of the last transaction \(>= frequency 2, <= periods 6/);
    expect(() => fitBgBb({ frequency: [1, 2], recency: [1, 3], periods: [6, 6.5] })).toThrow(/row 2: periods is 6\.5/);
    expect(() => fitBgBb({ frequency: [1, 7], recency: [1, 7], periods: [6, 6] })).toThrow(/row 2: frequency is 7: use an integer between 0 and periods \(6\)/);
    expect(() => fitBgBb({ frequency: [1, 2], recency: [1, 3], periods: [6, "6"] })).toThrow(/column "periods" row 2 is the string "6"/);
  });

  it("accepts a valid summary, T = 0 for a customer without repeat purchases and typed arrays", () => {
    expect(() => validateSummary({ frequency: Float64Array.of(0, 1), recency: Float64Array.of(0, 0.5), T: Float64Array.of(0, 3) }, "test")).not.toThrow();
    expect(() => fitBgNbd({ frequency: Int32Array.of(0, 2, 1, 3), recency: Float32Array.of(0, 8, 3, 9), T: [10, 10, 10, 10] })).not.toThrow();
  });
});
