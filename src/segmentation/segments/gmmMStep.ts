// The M-step of EM for Gaussian mixtures (internal): from responsibilities or from the fused E-step's statistics, with
// the covariance regularization and its warnings.
import { cholesky } from "../../numeric/linearAlgebra.js";
import type { CovarianceType } from "../types.js";
import type { EStats, GmmParams } from "./gmmCore.js";

/** M-step from fused statistics (`eStepStats` under `p`): the same update as `mStep` on that E-step's responsibilities. */
export function mStepFromStats(p: GmmParams, stats: EStats, n: number, reg: number, pooled: Float64Array, warnings?: Set<string>): GmmParams {
  const { k, dim: d, cov } = p;
  const { nk, s1, s2 } = stats;
  const full = cov === "full";
  const size = full ? d * d : d;
  const means = new Float64Array(k * d);
  const covs = new Float64Array(k * size);
  const delta = new Float64Array(d);
  for (let c = 0; c < k; c++) {
    const w = nk[c]!;
    if (!(w > 0)) continue; // no weight: mean and scatter stay 0, as in mStep
    const mo = c * d;
    const co = c * size;
    for (let j = 0; j < d; j++) {
      delta[j] = s1[mo + j]! / w;
      means[mo + j] = p.means[mo + j]! + delta[j]!;
    }
    // Σ r (x − μnew)(x − μnew)ᵀ / w = s2 / w − δδᵀ with δ = μnew − μold.
    if (full) for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) covs[co + a * d + b] = s2[co + a * d + b]! / w - delta[a]! * delta[b]!;
    else for (let j = 0; j < d; j++) covs[co + j] = s2[co + j]! / w - delta[j]! * delta[j]!;
  }
  return finishMStep(n, d, k, cov, nk, means, covs, reg, pooled, warnings);
}

/** Pooled (single-component) covariance of the data: k×d×d-shaped for one component, or its diagonal. */
export function pooledCovariance(x: Float64Array, n: number, d: number): { mean: Float64Array; cov: Float64Array } {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += x[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const cov = new Float64Array(d * d);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) z[j] = x[i * d + j]! - mean[j]!;
    for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) cov[a * d + b]! += z[a]! * z[b]!;
  }
  for (let a = 0; a < d; a++)
    for (let b = 0; b <= a; b++) {
      cov[a * d + b]! /= Math.max(1, n);
      cov[b * d + a] = cov[a * d + b]!;
    }
  return { mean, cov };
}

/**
 * M-step with regularization and collapse handling. A component with fewer effective rows than dim + 1 is shrunk toward
 * the pooled covariance (a conjugate-prior style fix); a singular covariance (a feature constant within the component)
 * keeps the ridge `reg`; both are reported in `warnings` when given.
 */
export function mStep(x: Float64Array, n: number, d: number, k: number, cov: CovarianceType, resp: Float64Array, reg: number, pooled: Float64Array, warnings?: Set<string>): GmmParams {
  const nk = new Float64Array(k);
  const means = new Float64Array(k * d);
  for (let i = 0; i < n; i++) {
    const ro = i * k;
    const xo = i * d;
    for (let c = 0; c < k; c++) {
      const r = resp[ro + c]!;
      if (r < 1e-12) continue;
      nk[c]! += r;
      const mo = c * d;
      for (let j = 0; j < d; j++) means[mo + j]! += r * x[xo + j]!;
    }
  }
  for (let c = 0; c < k; c++) {
    const w = nk[c]!;
    if (w > 0) for (let j = 0; j < d; j++) means[c * d + j]! /= w;
  }

  const full = cov === "full";
  const size = full ? d * d : d;
  const covs = new Float64Array(k * size);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const ro = i * k;
    const xo = i * d;
    for (let c = 0; c < k; c++) {
      const r = resp[ro + c]!;
      if (r < 1e-12) continue;
      const mo = c * d;
      const co = c * size;
      if (full) {
        for (let j = 0; j < d; j++) z[j] = x[xo + j]! - means[mo + j]!;
        for (let a = 0; a < d; a++) {
          const ra = r * z[a]!;
          const oa = co + a * d;
          for (let b = 0; b <= a; b++) covs[oa + b]! += ra * z[b]!;
        }
      } else {
        for (let j = 0; j < d; j++) {
          const t = x[xo + j]! - means[mo + j]!;
          covs[co + j]! += r * t * t;
        }
      }
    }
  }
  for (let c = 0; c < k; c++) {
    const w = nk[c]!;
    const co = c * size;
    if (full) for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) covs[co + a * d + b] = w > 0 ? covs[co + a * d + b]! / w : 0;
    else for (let j = 0; j < d; j++) covs[co + j] = w > 0 ? covs[co + j]! / w : 0;
  }
  return finishMStep(n, d, k, cov, nk, means, covs, reg, pooled, warnings);
}

/**
 * The M-step's common end: weights from nk, then each covariance (lower triangle for full, divided by its weight)
 * symmetrized, shrunk when collapsed, checked for singularity, and given the ridge.
 */
function finishMStep(n: number, d: number, k: number, cov: CovarianceType, nk: Float64Array, means: Float64Array, covs: Float64Array, reg: number, pooled: Float64Array, warnings?: Set<string>): GmmParams {
  const weights = new Float64Array(k);
  for (let c = 0; c < k; c++) weights[c] = Math.max(nk[c]!, 1e-10) / n;
  let sw = 0;
  for (let c = 0; c < k; c++) sw += weights[c]!;
  for (let c = 0; c < k; c++) weights[c]! /= sw;
  const full = cov === "full";
  const size = full ? d * d : d;
  const scratch = new Float64Array(d * d);
  for (let c = 0; c < k; c++) {
    const w = nk[c]!;
    const co = c * size;
    if (full) for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) covs[co + b * d + a] = covs[co + a * d + b]!;
    if (w < d + 1) {
      // Too few rows to estimate a covariance: shrink toward the pooled one with d + 1 pseudo-rows.
      const t = d + 1;
      for (let j = 0; j < size; j++) {
        const pj = full ? pooled[j]! : pooled[j * d + j]!;
        covs[co + j] = (w * covs[co + j]! + t * pj) / (w + t);
      }
      warnings?.add(`component ${c} collapsed to ${w.toFixed(2)} effective rows (fewer than dim + 1 = ${d + 1}): its covariance was shrunk toward the pooled covariance`);
    } else {
      let singular = false;
      if (full) {
        let maxDiag = 0;
        for (let j = 0; j < d; j++) maxDiag = Math.max(maxDiag, covs[co + j * d + j]!);
        const probe = new Float64Array(d * d);
        for (let j = 0; j < d * d; j++) probe[j] = covs[co + j]!;
        for (let j = 0; j < d; j++) probe[j * d + j]! += 1e-10 * maxDiag;
        singular = !cholesky(probe, 0, d, scratch, 0) || minPivot2(scratch, d) < 1e-9 * maxDiag;
      } else {
        for (let j = 0; j < d; j++) if (covs[co + j]! < 1e-9 * pooled[j * d + j]!) singular = true;
      }
      if (singular) warnings?.add(`component ${c} has a singular covariance (a feature is constant or collinear within it): kept positive definite by the regularization ${reg.toExponential(2)}`);
    }
    if (full) for (let j = 0; j < d; j++) covs[co + j * d + j]! += reg;
    else for (let j = 0; j < d; j++) covs[co + j]! += reg;
  }
  return { k, dim: d, cov, weights, means, covariances: covs };
}

function minPivot2(l: Float64Array, d: number): number {
  let m = Infinity;
  for (let j = 0; j < d; j++) m = Math.min(m, l[j * d + j]! ** 2);
  return m;
}

