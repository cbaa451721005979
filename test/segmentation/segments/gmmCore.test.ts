import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/random/createRng.js";
import { eStep, eStepStats, newStats, prepare, type GmmParams } from "../../../src/segmentation/segments/gmmCore.js";
import { mStep, mStepFromStats } from "../../../src/segmentation/segments/gmmMStep.js";
import type { CovarianceType } from "../../../src/segmentation/types.js";

/** Correlated Gaussian rows (x_j = u_j + 0.5·u_{j-1}) shifted far from 0, so a centring mistake would show. */
function rows(n: number, d: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let prev = 0;
    for (let j = 0; j < d; j++) {
      const u = rng.normal(0, 1 + j);
      x[i * d + j] = 100 + u + 0.5 * prev;
      prev = u;
    }
  }
  return x;
}

/** A three-component start: a one-hot split of the rows by position, through the two-pass mStep. */
function start(x: Float64Array, n: number, d: number, cov: CovarianceType): GmmParams {
  const k = 3;
  const resp = new Float64Array(n * k);
  for (let i = 0; i < n; i++) resp[i * k + (i % k)] = 1;
  return mStep(x, n, d, k, cov, resp, 1e-6, new Float64Array(d * d));
}

describe("fused E/M step (eStepStats + mStepFromStats)", () => {
  // The reference is the textbook two-pass update (responsibilities, then means, then centred scatter; Bishop 2006,
  // Pattern Recognition and Machine Learning, eqs. 9.23-9.27), which eStep + mStep implement.
  for (const [cov, d] of [["full", 8], ["full", 3], ["full", 14], ["diag", 5]] as const) {
    it(`gives the two-pass update's log-likelihood to 1e-12 and its weights, means and covariances to 1e-10 (${cov}, d = ${d}, unrolled kernel when full and d ≤ 12)`, () => {
      const n = 1500;
      const x = rows(n, d, 7 + d);
      const p = start(x, n, d, cov);
      const pooled = new Float64Array(d * d);
      const resp = new Float64Array(n * p.k);
      const llRef = eStep(x, n, p, prepare(p), resp);
      const ref = mStep(x, n, d, p.k, cov, resp, 1e-6, pooled);
      const stats = newStats(p.k, d, cov);
      const ll = eStepStats(x, n, p, prepare(p), stats);
      const got = mStepFromStats(p, stats, n, 1e-6, pooled);
      expect(Math.abs(ll - llRef) / Math.abs(llRef)).toBeLessThan(1e-12);
      for (const key of ["weights", "means", "covariances"] as const) {
        const a = got[key], b = ref[key];
        expect(a.length).toBe(b.length);
        let worst = 0;
        for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j]! - b[j]!) / Math.max(1e-300, Math.abs(b[j]!)));
        expect(worst).toBeLessThan(1e-10);
      }
    });
  }
});
