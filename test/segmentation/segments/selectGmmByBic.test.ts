import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/random/createRng.js";
import { selectGmmByBic } from "../../../src/segmentation/segments/selectGmmByBic.js";

function mixture(k: number, d: number, n: number, seed: number, spread = 10) {
  const rng = createRng(seed);
  const centers = Array.from({ length: k }, () => Array.from({ length: d }, () => rng.normal(0, spread)));
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = centers[i % k]![j]! + rng.normal(0, 1);
  return { data, rows: n, cols: d };
}

/** Zero-inflated features like an RFM embedding (55% one-time buyers on a spike at 0, plus two pure-noise columns). */
function zeroInflated(n: number, seed: number): number[][] {
  const rng = createRng(seed);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const buyer = rng.uniform() < 0.45;
    const f = buyer ? Math.log1p(1 + Math.floor(rng.gamma(1.5, 2.5))) : 0;
    const rec = buyer ? rng.uniform() : 0;
    const m = buyer ? Math.log(20 + rng.gamma(3, 10)) : 0;
    rows.push([f + 0.05 * rng.normal(0, 1), rec + 0.05 * rng.normal(0, 1), m + 0.05 * rng.normal(0, 1), rng.normal(0, 1), rng.normal(0, 1)]);
  }
  return rows;
}

describe("selectGmmByBic", () => {
  it("finds a BIC at every k at least as good as scikit-learn's on zero-inflated features (GaussianMixture 1.2.1, full, random_state=0)", () => {
    // scikit-learn 1.2.1 on exactly these rows (written with 17 significant digits): GaussianMixture(k,
    // covariance_type="full", random_state=0).fit(X).bic(X). From k = 3 on it stops on a plateau where no component
    // sits on the spike of one-time buyers.
    const sklearn = [30743.066, 1829.437, 2007.421, 2167.365, 2319.593, 2467.211];
    const sel = selectGmmByBic(zeroInflated(4000, 11), { kMin: 1, kMax: 6, seed: 0 });
    sel.curve.forEach((p, i) => expect(p.bic).toBeLessThanOrEqual(sklearn[i]! + 0.01));
    expect(sel.curve[2]!.bic).toBeLessThan(sklearn[2]! - 2000); // the spike found: a different optimum, not noise
  });


  it.each([
    [1, 2],
    [3, 2],
    [4, 5],
    [6, 3],
  ])("BIC (Schwarz 1978) picks the true k = %i on a well-separated simulated mixture in %i dimensions", (k, d) => {
    const sel = selectGmmByBic(mixture(k, d, 400 * k, 100 + k), { kMin: 1, kMax: 8, seed: 1 });
    expect(sel.k).toBe(k);
    expect(sel.curve.map((p) => p.k)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const best = sel.curve.find((p) => p.k === k)!;
    for (const p of sel.curve) expect(p.bic).toBeGreaterThanOrEqual(best.bic);
  });

  it("picks the true k with diagonal covariances too", () => {
    const sel = selectGmmByBic(mixture(4, 3, 1600, 21), { kMax: 7, covariance: "diag", seed: 2 });
    expect(sel.k).toBe(4);
    expect(sel.model.covariance).toBe("diag");
  });

  it("rejects an empty k range", () => {
    expect(() => selectGmmByBic(mixture(2, 2, 50, 1), { kMin: 4, kMax: 2 })).toThrow(/invalid k range 4\.\.2/);
  });
});
