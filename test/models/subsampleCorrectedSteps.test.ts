// MBG/NBD's Newton steps from the subsample's optimum, corrected on the subsample for the curvature's change along
// them (two-level Newton, Nash 2000): the same maximum as plain Newton steps, in fewer full-data evaluations.
import { describe, expect, it } from "vitest";
import { bgNbdLikelihood } from "../../src/models/bgNbdLikelihood.js";
import { fitMaximumLikelihood } from "../../src/models/maximumLikelihood.js";
import { simulateBgNbd } from "../../src/synthetic/simulateBgNbd.js";

describe("subsample-corrected Newton steps (MBG/NBD)", () => {
  it("reach plain Newton's maximum (1e-6 relative) and standard errors on 60,000 customers in at most 3 full-data evaluations, never more than plain steps", () => {
    let fewer = 0;
    for (const seed of [1, 3]) {
      // CDNOW's BG/NBD estimates (Fader, Hardie & Lee 2005); T spread over 18 weeks, no two customers alike.
      const s = simulateBgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { seed, customers: 60_000, T: { min: 30, max: 48 }, transactions: false }).summary;
      const { lik, start } = bgNbdLikelihood(s, true, "t");
      expect(lik.subsampleCorrectedSteps).toBe(true);
      const corrected = fitMaximumLikelihood(lik, start, {}, "t");
      const plain = fitMaximumLikelihood({ ...lik, subsampleCorrectedSteps: false }, start, {}, "t");
      expect(corrected.converged && plain.converged).toBe(true);
      expect(corrected.method).toBe("newton");
      expect(corrected.likelihoodEvaluations).toBeLessThanOrEqual(3);
      expect(corrected.likelihoodEvaluations).toBeLessThanOrEqual(plain.likelihoodEvaluations);
      if (corrected.likelihoodEvaluations < plain.likelihoodEvaluations) fewer++;
      for (let i = 0; i < 4; i++) {
        expect(Math.abs(corrected.params[i]! / plain.params[i]! - 1)).toBeLessThan(1e-6);
        expect(Math.abs(corrected.se[i]! / plain.se[i]! - 1)).toBeLessThan(1e-6);
      }
    }
    expect(fewer).toBeGreaterThan(0);
  });

  it("are not used for BG/NBD, whose plain steps and results stay as they were", () => {
    const s = simulateBgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { seed: 1, customers: 2_000, T: { min: 30, max: 48 }, transactions: false }).summary;
    expect(bgNbdLikelihood(s, false, "t").lik.subsampleCorrectedSteps).toBe(false);
  });
});
