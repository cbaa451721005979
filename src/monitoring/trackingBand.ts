// The expected series of realized-vs-predicted tracking and its band (internal to trackRealizedVsPredicted).
import { loadModel, type PurchaseModel } from "../models/loadModel.js";
import { choleskyLower } from "../numeric/linearAlgebra.js";
import { createRng } from "../random/createRng.js";
import type { ClvBundle } from "./clvBundle.js";
import { poissonQuantile } from "./poissonQuantile.js";
import type { Forecast } from "./trackingForecast.js";

type Cumulative = (days: number) => { purchases: number; revenue: number };

/** Cumulative expectations at each period edge (days after the reference end), differenced into per-period expectations. */
export function expectedSeries(cumulative: Cumulative, edges: readonly number[], refEndIso: string): { purchases: Float64Array; revenue: Float64Array } {
  const K = edges.length - 1;
  const p = new Float64Array(K), r = new Float64Array(K);
  let prevP = 0, prevR = 0;
  for (let k = 1; k <= K; k++) {
    const c = cumulative(edges[k]!);
    if (!(Number.isFinite(c.purchases) && Number.isFinite(c.revenue)) || c.purchases < prevP * (1 - 1e-9) - 1e-9) throw new Error(`expected repeat purchases over ${edges[k]} days after ${refEndIso} are ${c.purchases} (revenue ${c.revenue}): the stored model gives no valid forecast; refit it with \`clvlab update --policy full\``);
    p[k - 1] = Math.max(0, c.purchases - prevP);
    r[k - 1] = c.revenue - prevR;
    prevP = c.purchases;
    prevR = c.revenue;
  }
  return { purchases: p, revenue: r };
}

/** Central Poisson band of each period's expected repeat purchases (tail `alpha` on each side). */
export function poissonBand(expected: Float64Array, alpha: number): { lo: Float64Array; hi: Float64Array } {
  const lo = new Float64Array(expected.length), hi = new Float64Array(expected.length);
  for (let k = 0; k < expected.length; k++) {
    lo[k] = poissonQuantile(alpha, expected[k]!);
    hi[k] = poissonQuantile(1 - alpha, expected[k]!);
  }
  return { lo, hi };
}

/**
 * Seeded parametric bootstrap band: purchase-model parameters drawn from the stored curvature (log scale), each
 * draw's per-period expectation then a Poisson count; the band is the draws' central quantiles.
 */
export function bootstrapBand(bundle: ClvBundle, forecast: Forecast, edges: readonly number[], refEndIso: string, alpha: number, draws: number, seed: number): { lo: Float64Array; hi: Float64Array } {
  if (!Number.isInteger(draws) || draws < 20) throw new Error(`invalid draws ${draws}: use a whole number >= 20 (default 200)`);
  const K = edges.length - 1;
  const H = bundle.purchaseInverseHessian;
  if (!H) throw new Error("bootstrap band needs the stored curvature (purchaseInverseHessian): refit the model, or use band poisson");
  const names = Object.keys(bundle.purchaseModel.params);
  const kk = names.length;
  const W = bundle.customers;
  const L = choleskyLower(H.map((v) => v / W), kk);
  if (!L) throw new Error("bootstrap band: the stored covariance is not positive definite; use band poisson");
  const rng = createRng(seed);
  const sims: Float64Array[] = Array.from({ length: K }, () => new Float64Array(draws));
  const z = new Float64Array(kk);
  for (let b = 0; b < draws; b++) {
    for (let j = 0; j < kk; j++) z[j] = rng.normal(0, 1);
    const params: Record<string, number> = {};
    names.forEach((nm, j) => {
      let s = 0;
      for (let m = 0; m <= j; m++) s += L[j * kk + m]! * z[m]!;
      params[nm] = bundle.purchaseModel.params[nm]! * Math.exp(s);
    });
    const m = loadModel({ model: bundle.purchaseModel.model, params, timeUnit: bundle.timeUnit }) as PurchaseModel;
    const e = expectedSeries(forecast.withPurchaseModel!(m), edges, refEndIso).purchases;
    for (let k = 0; k < K; k++) sims[k]![b] = rng.poisson(Math.max(0, e[k]!));
  }
  const lo = new Float64Array(K), hi = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const s = sims[k]!.sort();
    lo[k] = s[Math.floor(alpha * (draws - 1))]!;
    hi[k] = s[Math.ceil((1 - alpha) * (draws - 1))]!;
  }
  return { lo, hi };
}
