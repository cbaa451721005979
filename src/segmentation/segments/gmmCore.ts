// In-house EM kernels for Gaussian mixtures on typed arrays (scikit-learn's GaussianMixture is the reference design).
import { cholesky, invertLower } from "../../numeric/linearAlgebra.js";
import { fullKernel, MAX_UNROLLED_DIM } from "./gmmFullKernel.js";
import type { CovarianceType } from "../types.js";
import { mStepFromStats } from "./gmmMStep.js";

const LOG_2PI = Math.log(2 * Math.PI);

export interface GmmParams {
  k: number;
  dim: number;
  cov: CovarianceType;
  weights: Float64Array;
  means: Float64Array;
  /** k×d×d (full) or k×d (diag), regularized. */
  covariances: Float64Array;
}

/**
 * Per-component precomputations for the E-step: inverse Cholesky factors L⁻¹ (full) or inverse variances (diag) and
 * log normalizers. With L⁻¹ each coordinate of y = L⁻¹(x − μ) is an independent dot product, where forward substitution
 * chains every coordinate to the previous ones.
 */
export interface Prepared {
  inverse: Float64Array;
  invDiag: Float64Array;
  logNorm: Float64Array;
}

export function prepare(p: GmmParams): Prepared {
  const { k, dim: d } = p;
  const logNorm = new Float64Array(k);
  if (p.cov === "full") {
    const factor = new Float64Array(k * d * d);
    const invDiag = new Float64Array(k * d);
    for (let c = 0; c < k; c++) {
      if (!cholesky(p.covariances, c * d * d, d, factor, c * d * d)) throw new Error(`gmm: covariance of component ${c} is not positive definite after regularization`);
      let logdet = 0;
      for (let j = 0; j < d; j++) {
        const l = factor[c * d * d + j * d + j]!;
        logdet += 2 * Math.log(l);
        invDiag[c * d + j] = 1 / l;
      }
      logNorm[c] = Math.log(p.weights[c]!) - 0.5 * (d * LOG_2PI + logdet);
    }
    const inverse = new Float64Array(k * d * d);
    for (let c = 0; c < k; c++) invertLower(factor, c * d * d, d, inverse, c * d * d);
    return { inverse, invDiag, logNorm };
  }
  const invDiag = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    let logdet = 0;
    for (let j = 0; j < d; j++) {
      const v = p.covariances[c * d + j]!;
      logdet += Math.log(v);
      invDiag[c * d + j] = 1 / v;
    }
    logNorm[c] = Math.log(p.weights[c]!) - 0.5 * (d * LOG_2PI + logdet);
  }
  return { inverse: new Float64Array(0), invDiag, logNorm };
}

/** Log-density plus log-weight of row `xo` under each component into `lp`; leaves x − μ of component c at z[c·d..]. */
function componentLogDensities(x: Float64Array, xo: number, p: GmmParams, prep: Prepared, z: Float64Array, lp: Float64Array): number {
  const { k, dim: d, means } = p;
  const { inverse, invDiag, logNorm } = prep;
  const full = p.cov === "full";
  const dd = d * d;
  for (let c = 0; c < k; c++) {
    const mo = c * d;
    for (let j = 0; j < d; j++) z[mo + j] = x[xo + j]! - means[mo + j]!;
    let maha = 0;
    if (full) {
      // y = L⁻¹(x − μ); the Mahalanobis distance is |y|².
      for (let j = 0; j < d; j++) {
        const ro = c * dd + j * d;
        let v = 0;
        for (let l = 0; l <= j; l++) v += inverse[ro + l]! * z[mo + l]!;
        maha += v * v;
      }
    } else for (let j = 0; j < d; j++) maha += z[mo + j]! * z[mo + j]! * invDiag[mo + j]!;
    lp[c] = logNorm[c]! - 0.5 * maha;
  }
  return normalizeRow(lp, 0, k);
}

/**
 * Log-sum-exp of lp[off..off + k], which becomes the responsibilities (in place); returns the row's log-likelihood.
 * A component more than `cutoff` nats below the row's best gets 0 without calling exp (fitting passes 50: such a term,
 * under 2e-22 of the best, is below the rounding of the row's sum, and the accumulation skips responsibilities under
 * 1e-12 anyway; at k = 8 most component-rows are that far, 62% on the 100k × 8 benchmark).
 */
function normalizeRow(lp: Float64Array, off: number, k: number, cutoff = Infinity): number {
  let max = -Infinity;
  for (let c = 0; c < k; c++) if (lp[off + c]! > max) max = lp[off + c]!;
  let s = 0;
  for (let c = 0; c < k; c++) {
    const t = lp[off + c]! - max;
    const e = t < -cutoff ? 0 : Math.exp(t);
    lp[off + c] = e;
    s += e;
  }
  const inv = 1 / s;
  for (let c = 0; c < k; c++) lp[off + c] = lp[off + c]! * inv;
  return max + Math.log(s);
}

/**
 * E-step: fills `resp` (n×k) with posterior probabilities (rows sum to 1) and `rowLl` (optional) with per-row
 * log-likelihoods; returns the total log-likelihood.
 */
export function eStep(x: Float64Array, n: number, p: GmmParams, prep: Prepared, resp: Float64Array, rowLl?: Float64Array): number {
  const { k, dim: d } = p;
  const z = new Float64Array(k * d);
  const lp = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const ll = componentLogDensities(x, i * d, p, prep, z, lp);
    total += ll;
    if (rowLl) rowLl[i] = ll;
    resp.set(lp, i * k);
  }
  return total;
}

/**
 * Weighted sums of one E-step, centred on the means it used (so no second pass over the rows is needed and the
 * covariance suffers no cancellation once the means settle): nk = Σ r, s1 = Σ r·z, s2 = Σ r·z zᵀ (lower triangle of
 * each d×d block, or the diagonal for diag), z = x − μ.
 */
export interface EStats {
  nk: Float64Array;
  s1: Float64Array;
  s2: Float64Array;
}

export function newStats(k: number, d: number, cov: CovarianceType): EStats {
  return { nk: new Float64Array(k), s1: new Float64Array(k * d), s2: new Float64Array(cov === "full" ? k * d * d : k * d) };
}

/** E-step fused with the M-step's accumulation: fills `stats` and returns the total log-likelihood. */
export function eStepStats(x: Float64Array, n: number, p: GmmParams, prep: Prepared, stats: EStats): number {
  const { k, dim: d } = p;
  const full = p.cov === "full";
  const dd = d * d;
  const { nk, s1, s2 } = stats;
  nk.fill(0);
  s1.fill(0);
  s2.fill(0);
  if (full && d <= MAX_UNROLLED_DIM) return eStepStatsUnrolled(x, n, p, prep, stats);
  const z = new Float64Array(k * d);
  const lp = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += componentLogDensities(x, i * d, p, prep, z, lp);
    for (let c = 0; c < k; c++) {
      const r = lp[c]!;
      if (r < 1e-12) continue; // as in mStep: negligible weights skipped
      nk[c]! += r;
      const mo = c * d;
      if (full) {
        const co = c * dd;
        for (let a = 0; a < d; a++) {
          const ra = r * z[mo + a]!;
          s1[mo + a]! += ra;
          const oa = co + a * d;
          for (let b = 0; b <= a; b++) s2[oa + b]! += ra * z[mo + b]!;
        }
      } else
        for (let a = 0; a < d; a++) {
          const ra = r * z[mo + a]!;
          s1[mo + a]! += ra;
          s2[mo + a]! += ra * z[mo + a]!;
        }
    }
  }
  return total;
}

/** Rows per block of the unrolled path: the block's log-densities (block × k) stay in the L1/L2 cache. */
const BLOCK = 512;

/**
 * eStepStats for full covariances with unrolled kernels, a block of rows at a time: each component's pass over the
 * block, the log-sum-exp per row, then each component's accumulation (block sums, then added: another summation order
 * than row by row, equal to within rounding).
 */
function eStepStatsUnrolled(x: Float64Array, n: number, p: GmmParams, prep: Prepared, stats: EStats): number {
  const { k, dim: d, means } = p;
  const dd = d * d;
  const { pass, accumulate } = fullKernel(d);
  const { inverse, logNorm } = prep;
  const { nk, s1, s2 } = stats;
  const lp = new Float64Array(BLOCK * k);
  let total = 0;
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(n, i0 + BLOCK);
    for (let c = 0; c < k; c++) pass(x, i0, i1, inverse, c * dd, means, c * d, logNorm[c]!, lp, k, c);
    for (let o = 0, end = (i1 - i0) * k; o < end; o += k) total += normalizeRow(lp, o, k, 50);
    for (let c = 0; c < k; c++) nk[c]! += accumulate(x, i0, i1, means, c * d, lp, k, c, s1, c * d, s2, c * dd);
  }
  return total;
}

export interface EmResult {
  params: GmmParams;
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

/** EM from given parameters until the mean log-likelihood per row changes by less than `tol`. */
export function runEm(x: Float64Array, n: number, d: number, start: GmmParams, reg: number, pooled: Float64Array, tol: number, maxIter: number, warnings?: Set<string>): EmResult {
  const stats = newStats(start.k, d, start.cov);
  let params = start;
  let prev = -Infinity;
  let ll = -Infinity;
  for (let it = 1; it <= maxIter; it++) {
    ll = eStepStats(x, n, params, prepare(params), stats);
    if (!Number.isFinite(ll)) throw new Error(`gmm: log-likelihood became ${ll} at iteration ${it}; increase \`regularization\``);
    if (Math.abs(ll - prev) / n < tol) {
      // Diagnose the final state once (collapse, singular covariances) without changing the returned parameters.
      if (warnings) mStepFromStats(params, stats, n, reg, pooled, warnings);
      return { params, logLikelihood: ll, iterations: it, converged: true };
    }
    prev = ll;
    params = mStepFromStats(params, stats, n, reg, pooled);
  }
  // One last E-step so the reported likelihood matches the returned parameters; collect warnings of the final state.
  ll = eStepStats(x, n, params, prepare(params), stats);
  if (warnings) mStepFromStats(params, stats, n, reg, pooled, warnings);
  return { params, logLikelihood: ll, iterations: maxIter, converged: false };
}
