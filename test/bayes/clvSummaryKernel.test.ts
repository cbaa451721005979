import { expect, test } from "vitest";
import { clvSummaryRange } from "../../src/bayes/bgNbdClvSummaries.js";
import { bgWeightedConditional } from "../../src/models/bgNbdKernel.js";
import { simulateBgNbd } from "../../src/synthetic/simulateBgNbd.js";

// The summaries evaluate customers ordered by frequency and four at a time; with one draw, margin 1 and spend 1 the
// "mean" is that draw's discounted expected purchases, which must be the point-prediction kernel's to the last bit.
test("the posterior CLV kernel (customers grouped by frequency, interleaved Clenshaw sums) reproduces the point kernel bit for bit, BG/NBD and MBG/NBD", () => {
  const sim = simulateBgNbd({ r: 0.5, alpha: 6, a: 0.7, b: 3 }, { seed: 21, customers: 9_000, T: { min: 0.5, max: 78 }, transactions: false });
  const { frequency: x, recency: tx, T } = sim.summary;
  // Twelve monthly horizons in weeks with discount weights (the CLV schedule's shape).
  const times = Float64Array.from({ length: 12 }, (_, k) => ((k + 1) * 365.25) / 12 / 7);
  const weights = Float64Array.from({ length: 12 }, (_, k) => 0.99 ** (k + 1));
  for (const [modified, p] of [[false, { r: 0.5, alpha: 6, a: 0.7, b: 3 }], [true, { r: 0.8, alpha: 2, a: 1.3, b: 2.5 }]] as const) {
    const params = Float64Array.of(p.r, p.alpha, p.a, p.b);
    const job = { modified, x, tx, T, params, times, weights, spend: { kind: "constant" as const, value: 1 }, margin: 1, level: undefined };
    const expected = bgWeightedConditional(p, modified, times, weights, x, tx, T);
    // A range that starts inside a block and ends mid-block, as a worker's range does.
    const start = 1234, end = 8765;
    const s = clvSummaryRange({ ...job, start, end });
    expect(s.mean.length).toBe(end - start);
    let mismatches = 0;
    for (let i = start; i < end; i++) if (s.mean[i - start] !== expected[i]) mismatches++;
    expect(mismatches).toBe(0);
    expect(Array.from(s.lower)).toEqual(Array.from(s.mean));
  }
});
