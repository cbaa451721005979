import { describe, expect, test } from "vitest";
import "../../src/bayes/index.js";
import { fitBgNbd } from "../../src/models/bgNbd.js";
import { cdnowSummary } from "../models/referenceData.js";

// PyMC-Marketing's published CDNOW BG/NBD posterior: docs/source/notebooks/clv/bg_nbd.ipynb in pymc-labs/pymc-marketing
// (commit 2aef35f205031c8f8257780ad4252aab368fd828; run 2024-04-29 with PyMC 5.13.0): `model_mcmc.fit_summary()` after
// NUTS with 4 chains × (1000 tune + 1000 draws), target_accept 0.9, on the lifetimes CDNOW summary in weeks
// (clv_quickstart.csv, 2,357 customers), under the priors its model print shows: a, b, alpha, r ~ HalfFlat().
const PYMC_MARKETING = {
  a: { mean: 0.965, sd: 0.273 },
  b: { mean: 3.164, sd: 1.13 },
  alpha: { mean: 4.484, sd: 0.393 },
  r: { mean: 0.244, sd: 0.013 },
} as const;

describe("CDNOW BG/NBD by MCMC against PyMC-Marketing's published posterior summary", () => {
  test("under PyMC-Marketing's HalfFlat priors the posterior means of r, alpha, a, b agree within their reported sd / 5", () => {
    const flat = { dist: "flat" } as const;
    const cd = { ...cdnowSummary(), timeUnit: "weeks" as const };
    // 2 × (300 + 300) gives a bulk ESS of ~500 per parameter: a Monte Carlo error of ~sd/20, a quarter of the tolerance.
    const m = fitBgNbd(cd, { method: "mcmc", chains: 2, warmup: 300, draws: 300, seed: 3, threads: 1, prior: { r: flat, alpha: flat, a: flat, b: flat } });
    expect(m.posterior!.sampler!.divergences).toBe(0);
    for (const [name, ref] of Object.entries(PYMC_MARKETING)) {
      const row = m.posterior!.summary.find((r) => r.parameter === name)!;
      expect(Math.abs(row.mean - ref.mean), `${name}: clvlab ${row.mean} vs PyMC-Marketing ${ref.mean}`).toBeLessThan(ref.sd / 5);
      // The posterior spreads agree too (within 25%: the sd of a heavy-tailed b moves with the draws).
      expect(Math.abs(row.sd / ref.sd - 1)).toBeLessThan(0.25);
    }
  }, 60_000);
});
