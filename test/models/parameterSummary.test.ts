import { describe, expect, it } from "vitest";
import { fitGammaGamma } from "../../src/models/gammaGamma.js";
import { parameterSummary, parameterSummaryText } from "../../src/models/parameterSummary.js";
import { readCsv } from "./referenceData.js";

const c = readCsv("cdnow/cdnow_customers_summary_with_transactions.csv");
const gg = fitGammaGamma({ x: c.x!, zbar: c.zbar! });

describe("parameterSummary", () => {
  it("tabulates the Gamma-Gamma fit on the 946 CDNOW repeat buyers as lifetimes' summary does: p 6.25, q 3.74, v 15.44 with std errors 1.1897, 0.2902, 4.1600", () => {
    // Estimates: Fader & Hardie (2013); standard errors: lifetimes 0.11.3 GammaGammaFitter.summary (1.189687, 0.290166, 4.159994).
    const t = parameterSummary(gg);
    expect(t.columnNames()).toEqual(["parameter", "estimate", "std_error", "lower_95", "upper_95"]);
    expect(t.array("parameter")).toEqual(["p", "q", "v"]);
    const est = Array.from(t.array("estimate") as ArrayLike<number>, (v) => Number(v.toFixed(2)));
    expect(est).toEqual([6.25, 3.74, 15.45]);
    const se = Array.from(t.array("std_error") as ArrayLike<number>, (v) => Number(v.toFixed(3)));
    expect(se).toEqual([1.19, 0.29, 4.16]);
  });

  it("puts the log-scale Wald interval exp(ln θ ± 1.96 se/θ) in the lower and upper columns (p: 4.30 to 9.08 on CDNOW)", () => {
    // By hand from p 6.2488, se 1.1897: exp(±1.959964 × 1.1897 / 6.2488) = exp(±0.37315) → × 0.6886 and × 1.4523.
    const t = parameterSummary(gg);
    const lo = (t.array("lower_95") as ArrayLike<number>)[0]!;
    const hi = (t.array("upper_95") as ArrayLike<number>)[0]!;
    expect(lo).toBeCloseTo(4.303, 2);
    expect(hi).toBeCloseTo(9.075, 2);
    expect(lo * hi).toBeCloseTo(gg.params.p ** 2, 6); // geometric symmetry of a log-scale interval
  });

  it("names the interval columns after the level (90% → lower_90, upper_90) and gives NaN for a parameter without a standard error", () => {
    const t = parameterSummary({
      model: "bg-nbd",
      params: { r: 0.25, alpha: 4.5 },
      standardErrors: { r: 0.01 },
      confidenceIntervals: { lower: { r: 0.23, alpha: 4 }, upper: { r: 0.27, alpha: 5 }, level: 0.9 },
    });
    expect(t.columnNames()).toEqual(["parameter", "estimate", "std_error", "lower_90", "upper_90"]);
    expect(Array.from(t.array("std_error") as ArrayLike<number>)).toEqual([0.01, NaN]);
    expect(Array.from(t.array("upper_90") as ArrayLike<number>)).toEqual([0.27, 5]);
  });
});

describe("parameterSummaryText", () => {
  it("prints one aligned line per parameter with 6 significant digits and the interval in brackets", () => {
    const text = parameterSummaryText({
      model: "bg-nbd",
      params: { r: 0.2425945, alpha: 4.4136019 },
      standardErrors: { r: 0.0125573, alpha: Number.NaN },
      confidenceIntervals: { lower: { r: 0.219, alpha: 3.7 }, upper: { r: 0.2686, alpha: 5.1 }, level: 0.95 },
    });
    // 0.2425945 is stored as the double just below it, so 6 significant digits round down to 0.242594.
    expect(text.split("\n")).toEqual([
      "parameter   estimate   std.error   95% interval",
      "r            0.242594  0.0125573   [0.219000, 0.268600]",
      "alpha         4.41360        NaN   [3.70000, 5.10000]",
    ]);
  });
});
