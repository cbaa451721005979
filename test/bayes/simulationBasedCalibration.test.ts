import { expect, test } from "vitest";
import "../../src/bayes/index.js";
import { simulationBasedCalibration } from "../../src/bayes/simulationBasedCalibration.js";

// χ² with 4 degrees of freedom: 13.28 is its 99th percentile, so a calibrated fit passes each parameter with
// probability 0.99 (the seed fixes the outcome).
const CHI2_4_P99 = 13.28;

test("BG/NBD Laplace posteriors are calibrated: SBC ranks of r, alpha, a, b uniform (χ² < 13.28 on 5 bins, 40 data sets, seed 2018)", () => {
  const res = simulationBasedCalibration({ replicates: 40, customers: 300, draws: 19, bins: 5, seed: 2018 });
  expect(res.failed).toBe(0);
  expect(res.degreesOfFreedom).toBe(4);
  for (const n of res.parameters) {
    expect(res.ranks[n]!.length).toBe(40);
    expect(res.chiSquare[n]!).toBeLessThan(CHI2_4_P99);
  }
});

test("SBC detects a miscalibrated fit: a fit prior that pins r near 5 gives non-uniform ranks for r", () => {
  const res = simulationBasedCalibration({ replicates: 20, customers: 300, draws: 19, bins: 5, seed: 7, fitPrior: { r: { dist: "lognormal", mu: Math.log(5), sigma: 0.05 } } });
  expect(res.chiSquare.r!).toBeGreaterThan(CHI2_4_P99);
});
