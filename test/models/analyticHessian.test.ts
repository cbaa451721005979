// The analytic Hessians the fits use for standard errors and warm starts, checked against central differences of the
// (independently tested) analytic gradients, on CDNOW (compressed rows, per-value caches) and on continuous times.
import { describe, expect, it } from "vitest";
import { bgNbdLikelihood } from "../../src/models/bgNbdLikelihood.js";
import { ggKernel } from "../../src/models/gammaGamma.js";
import type { Likelihood } from "../../src/models/maximumLikelihood.js";
import { cdnowSummary, readCsv } from "./referenceData.js";

/** Largest |analytic − central difference| over the Hessian, relative to the largest Hessian entry in that row. */
function hessianError(lik: Likelihood, p: Float64Array): number {
  const k = p.length;
  const g = new Float64Array(k), h = new Float64Array(k * k);
  lik.logLik(p, g, h);
  let worst = 0;
  for (let j = 0; j < k; j++) {
    const step = 1e-5 * p[j]!;
    const up = Float64Array.from(p), dn = Float64Array.from(p);
    up[j] = p[j]! + step;
    dn[j] = p[j]! - step;
    const gu = new Float64Array(k), gd = new Float64Array(k);
    lik.logLik(up, gu);
    lik.logLik(dn, gd);
    let scale = 0;
    for (let i = 0; i < k; i++) scale = Math.max(scale, Math.abs(h[i * k + j]!));
    for (let i = 0; i < k; i++) {
      const fd = (gu[i]! - gd[i]!) / (2 * step);
      worst = Math.max(worst, Math.abs(fd - h[i * k + j]!) / scale);
      // Symmetric by construction.
      expect(h[i * k + j]).toBe(h[j * k + i]);
    }
  }
  return worst;
}

/** CDNOW with T made continuous (no two rows alike) and one heavy buyer, so the uncached paths run too. */
function continuousCdnow(): { frequency: Float64Array; recency: Float64Array; T: Float64Array } {
  const d = cdnowSummary();
  const n = d.T.length;
  const T = Float64Array.from(d.T, (t, i) => t + (i + 1) / (n + 1));
  const frequency = Float64Array.from(d.frequency), recency = Float64Array.from(d.recency);
  frequency[0] = 400;
  recency[0] = T[0]! / 2;
  return { frequency, recency, T };
}

describe("analytic Hessians of the likelihoods", () => {
  const p = new Float64Array([0.243, 4.414, 0.793, 2.426]); // near the CDNOW BG/NBD optimum (Fader, Hardie & Lee 2005)
  it("BG/NBD: matches central differences of the gradient on CDNOW rows", () => {
    expect(hessianError(bgNbdLikelihood(cdnowSummary(), false, "t").lik, p)).toBeLessThan(1e-6);
  });
  it("MBG/NBD: matches central differences of the gradient on CDNOW rows", () => {
    expect(hessianError(bgNbdLikelihood(cdnowSummary(), true, "t").lik, p)).toBeLessThan(1e-6);
  });
  it("BG/NBD and MBG/NBD: match on continuous times with a 400-purchase customer (uncached terms)", () => {
    const d = continuousCdnow();
    expect(hessianError(bgNbdLikelihood(d, false, "t").lik, p)).toBeLessThan(1e-6);
    expect(hessianError(bgNbdLikelihood(d, true, "t").lik, p)).toBeLessThan(1e-6);
    // Away from the optimum as well (a line-search point), where q is far from 0 and 1 for many rows.
    expect(hessianError(bgNbdLikelihood(d, false, "t").lik, new Float64Array([1.3, 0.7, 3.1, 0.4]))).toBeLessThan(1e-6);
  });
  it("Gamma-Gamma: matches central differences of the gradient on CDNOW repeat buyers", () => {
    const c = readCsv("cdnow/cdnow_customers_summary_with_transactions.csv");
    const keep = [...c.x!.keys()].filter((i) => c.x![i]! > 0 && c.zbar![i]! > 0);
    const x = Float64Array.from(keep, (i) => c.x![i]!), z = Float64Array.from(keep, (i) => c.zbar![i]!);
    const lik = ggKernel(x, z, new Float64Array(x.length).fill(1));
    expect(hessianError(lik, new Float64Array([6.25, 3.74, 15.44]))).toBeLessThan(1e-6); // lifetimes' CDNOW fit
  });
});
