// Worker threads run only from the compiled build (dist/, built by `npm test` before vitest): this test imports it so
// the threaded paths (mixture selection, learner fits, bootstrap refits, interval draws) are exercised as users run them.
import { describe, expect, it } from "vitest";
import type * as Clvlab from "../../../src/index.js";

// A computed specifier keeps the type checker from resolving dist/ (absent before the first build); types come from src/.
const built = "../../../dist/index.js";
const lib = (await import(built)) as typeof Clvlab;

describe("threaded and single-thread runs agree exactly (the result never depends on the thread count)", () => {
  // Customers simulated from BG/NBD × Gamma-Gamma, acquired over 13 weeks and followed for 104 weeks. Small on
  // purpose, so the test costs a few CPU seconds on a loaded 2-core machine while every threaded path still splits
  // work: training (mixture selection, learner fits for the three inner horizons, two bootstrap refits) on 800
  // customers; scoring on 5,200 customers, more than one 5,000-customer chunk of interval draws, with 2 × 50 draws.
  const simulate = (customers: number, seed: number) => {
    const acquisition = lib.createRng(seed - 1);
    const T = Float64Array.from({ length: customers }, (_, i) => (i === 0 ? 104 : 104 - 13 * acquisition.uniform()));
    return lib.simulateBgNbd({ r: 0.5, alpha: 5, a: 0.8, b: 3 }, { seed, customers, T, startDate: "2020-01-01", spend: { p: 5, q: 4, v: 40 } }).transactions!;
  };
  const training = simulate(800, 8);
  const scoring = simulate(5200, 10);
  const run = (workers: number) => {
    const pipeline = lib.trainClvPipeline(training, { calibrationEnd: "2020-12-31", replicates: 2, seed: 4, kMax: 3, trees: { trees: 10 }, workers });
    return { pipeline, pred: lib.predictClv(pipeline, scoring, { asOf: "2020-12-31", seed: 5, workers, draws: 50 }) };
  };

  it("trains and predicts with 1 and 2 worker threads to the same numbers", () => {
    const one = run(1);
    const two = run(2);
    expect(two.pipeline.gmm.k).toBe(one.pipeline.gmm.k);
    expect(Array.from(two.pipeline.purchases.meta)).toEqual(Array.from(one.pipeline.purchases.meta));
    expect(Array.from(two.pipeline.value.meta)).toEqual(Array.from(one.pipeline.value.meta));
    expect(Array.from(two.pred.value[3]!)).toEqual(Array.from(one.pred.value[3]!));
    // More than one chunk of customers, so the interval draws were split between the threads.
    expect(one.pred.intervals!.customerIds.length).toBeGreaterThan(5000);
    expect(one.pipeline.replicates.length).toBe(2);
    expect(Array.from(two.pred.intervals!.upper["0.95"]!)).toEqual(Array.from(one.pred.intervals!.upper["0.95"]!));
    expect(Array.from(two.pred.intervals!.lower["0.9"]!)).toEqual(Array.from(one.pred.intervals!.lower["0.9"]!));
  }, 120_000);
});
