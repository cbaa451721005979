// No maintained JavaScript NUTS/HMC package exists, so the sampler is written here (Stan's algorithm).
import { createRng, type Rng } from "../random/createRng.js";
import { choleskyLower } from "../numeric/linearAlgebra.js";
import type { LogDensity } from "./target.js";

/** Settings of one NUTS chain (Stan's defaults unless stated). */
export interface NutsOptions {
  /** Warm-up (tuning) iterations, discarded (default 1000). */
  warmup?: number;
  /** Kept draws (default 1000). */
  draws?: number;
  /** Target mean acceptance of dual averaging (default 0.8). */
  targetAccept?: number;
  /** Maximum tree depth (default 10: at most 1023 leapfrog steps per draw). */
  maxTreeDepth?: number;
  /** Energy error above which a trajectory is divergent (default 1000). */
  maxEnergyError?: number;
  /** Starting inverse metric (covariance of u), k×k row-major; default the identity. Adapted (dense) during warm-up. */
  initialInverseMetric?: Float64Array;
  /** Adapt a dense metric (default true) or a diagonal one. */
  dense?: boolean;
}

/** One chain's output: draws of u (draws × dim, row-major) and per-draw sampler statistics. */
export interface NutsChain {
  dim: number;
  draws: Float64Array;
  logDensity: Float64Array;
  energy: Float64Array;
  treeDepth: Int32Array;
  leapfrogSteps: Int32Array;
  divergent: Uint8Array;
  acceptance: Float64Array;
  /** Step size after warm-up. */
  stepSize: number;
  /** Adapted inverse metric (k×k). */
  inverseMetric: Float64Array;
  maxTreeDepth: number;
  /** Divergent transitions during warm-up (reported, not counted against the draws). */
  warmupDivergences: number;
  /** Log-density and gradient evaluations, warm-up and step-size searches included. */
  gradientEvaluations: number;
}

interface Point {
  q: Float64Array;
  p: Float64Array;
  g: Float64Array;
  lp: number;
}

/**
 * Samples a log-density with gradient by the No-U-Turn Sampler: multinomial sampling along the trajectory, the
 * generalised U-turn criterion checked across and between subtrees, divergence at an energy error above 1000,
 * dual-averaging step size and Stan's windowed warm-up (75/25…/50 iterations) adapting a dense metric.
 * @see Hoffman & Gelman (2014) https://jmlr.org/papers/v15/hoffman14a.html; Betancourt (2017) https://arxiv.org/abs/1701.02434; Stan's base_nuts.hpp
 * @example const chain = sampleNuts(target, new Float64Array([0, 0]), 7, { draws: 500 })
 */
export function sampleNuts(counted: LogDensity, start: Float64Array, seed: number, options: NutsOptions = {}): NutsChain {
  let evaluations = 0;
  const target: LogDensity = { dim: counted.dim, logDensity: (u, g) => (evaluations++, counted.logDensity(u, g)) };
  const rng = createRng(seed);
  const k = target.dim;
  const warmup = options.warmup ?? 1000;
  const nDraws = options.draws ?? 1000;
  const delta = options.targetAccept ?? 0.8;
  const maxDepth = options.maxTreeDepth ?? 10;
  const maxDE = options.maxEnergyError ?? 1000;
  const dense = options.dense ?? true;
  if (!(Number.isInteger(warmup) && warmup >= 0)) throw new Error(`invalid warmup ${warmup}: use a non-negative integer`);
  if (!(Number.isInteger(nDraws) && nDraws >= 1)) throw new Error(`invalid draws ${nDraws}: use a positive integer`);
  if (!(delta > 0 && delta < 1)) throw new Error(`invalid targetAccept ${delta}: use a number in (0, 1)`);
  if (start.length !== k) throw new Error(`start has ${start.length} values, the target ${k} dimensions`);
  const metric = new Metric(k, options.initialInverseMetric);
  let z = newPoint(k);
  z.q.set(start);
  z.lp = target.logDensity(z.q, z.g);
  if (!Number.isFinite(z.lp)) throw new Error(`the log-density is not finite at the starting point (${Array.from(start).join(", ")}); start inside the support`);
  let eps = initStepSize(target, metric, z, rng, 1);
  // Dual averaging (Nesterov 2009; Hoffman & Gelman 2014, sec. 3.2) with Stan's constants.
  const da = { mu: Math.log(10 * eps), xbar: 0, hbar: 0, t: 0 };
  const restart = () => {
    da.mu = Math.log(10 * eps);
    da.xbar = 0;
    da.hbar = 0;
    da.t = 0;
  };
  // Windows: initial fast 75, slow windows doubling from 25, terminal fast 50 (scaled down for short warm-ups).
  let initBuf = 75, termBuf = 50, baseWin = 25;
  if (warmup < 20) initBuf = termBuf = baseWin = 0;
  else if (initBuf + termBuf + baseWin > warmup) {
    initBuf = Math.floor(0.15 * warmup);
    termBuf = Math.floor(0.1 * warmup);
    baseWin = warmup - initBuf - termBuf;
  }
  let winSize = baseWin, winEnd = initBuf + winSize;
  const est = new CovarianceEstimator(k);

  const out: NutsChain = {
    dim: k,
    draws: new Float64Array(nDraws * k),
    logDensity: new Float64Array(nDraws),
    energy: new Float64Array(nDraws),
    treeDepth: new Int32Array(nDraws),
    leapfrogSteps: new Int32Array(nDraws),
    divergent: new Uint8Array(nDraws),
    acceptance: new Float64Array(nDraws),
    stepSize: eps,
    inverseMetric: metric.inv,
    maxTreeDepth: maxDepth,
    warmupDivergences: 0,
    gradientEvaluations: 0,
  };
  const tr = new Transition(target, metric, k, maxDepth, maxDE, rng);
  for (let it = 0; it < warmup + nDraws; it++) {
    const res = tr.run(z, eps);
    z = res.sample;
    if (it < warmup) {
      if (res.divergent) out.warmupDivergences++;
      // Step-size adaptation.
      da.t++;
      const eta = 1 / (da.t + 10);
      da.hbar = (1 - eta) * da.hbar + eta * (delta - res.acceptance);
      const logEps = da.mu - (Math.sqrt(da.t) / 0.05) * da.hbar;
      const w = Math.pow(da.t, -0.75);
      da.xbar = w * logEps + (1 - w) * da.xbar;
      eps = Math.exp(logEps);
      // Metric adaptation in the slow windows.
      if (baseWin > 0 && it >= initBuf && it < warmup - termBuf) {
        est.add(z.q);
        if (it === winEnd - 1) {
          metric.set(est.regularized(dense));
          est.reset();
          eps = initStepSize(target, metric, z, rng, eps);
          restart();
          winSize *= 2;
          winEnd = it + 1 + winSize;
          // The last slow window stretches to the terminal buffer rather than leaving a short remainder.
          if (winEnd + 2 * winSize > warmup - termBuf) winEnd = warmup - termBuf;
        }
      }
      if (it === warmup - 1) eps = Math.exp(da.xbar);
      continue;
    }
    const j = it - warmup;
    out.draws.set(z.q, j * k);
    out.logDensity[j] = z.lp;
    out.energy[j] = res.energy;
    out.treeDepth[j] = res.depth;
    out.leapfrogSteps[j] = res.leapfrogs;
    out.divergent[j] = res.divergent ? 1 : 0;
    out.acceptance[j] = res.acceptance;
  }
  out.stepSize = eps;
  out.gradientEvaluations = evaluations;
  out.inverseMetric = Float64Array.from(metric.inv);
  return out;
}

function newPoint(k: number): Point {
  return { q: new Float64Array(k), p: new Float64Array(k), g: new Float64Array(k), lp: 0 };
}
function copyPoint(dst: Point, src: Point): void {
  dst.q.set(src.q);
  dst.p.set(src.p);
  dst.g.set(src.g);
  dst.lp = src.lp;
}

/** The inverse metric Σ (covariance of u), its Cholesky factor, and the kinetic energy ½ pᵀΣp. */
class Metric {
  inv: Float64Array;
  chol: Float64Array;
  constructor(readonly k: number, initial?: Float64Array) {
    this.inv = new Float64Array(k * k);
    this.chol = new Float64Array(k * k);
    if (initial && initial.length === k * k && this.trySet(initial)) return;
    const I = new Float64Array(k * k);
    for (let i = 0; i < k; i++) I[i * k + i] = 1;
    this.trySet(I);
  }
  set(S: Float64Array): void {
    if (!this.trySet(S)) {
      // A window estimate that is not positive definite keeps only its diagonal.
      const D = new Float64Array(this.k * this.k);
      for (let i = 0; i < this.k; i++) D[i * this.k + i] = Math.max(S[i * this.k + i]!, 1e-8);
      this.trySet(D);
    }
  }
  private trySet(S: Float64Array): boolean {
    const L = choleskyLower(S, this.k);
    if (!L) return false;
    this.inv = Float64Array.from(S);
    this.chol = L;
    return true;
  }
  /** p ~ N(0, Σ⁻¹): solve Lᵀ p = ξ. */
  sampleMomentum(p: Float64Array, rng: Rng): void {
    const k = this.k, L = this.chol;
    for (let i = 0; i < k; i++) p[i] = rng.normal(0, 1);
    for (let i = k - 1; i >= 0; i--) {
      let s = p[i]!;
      for (let m = i + 1; m < k; m++) s -= L[m * k + i]! * p[m]!;
      p[i] = s / L[i * k + i]!;
    }
  }
  /** v = Σ p (the velocity, Stan's dτ/dp or p♯). */
  velocity(p: Float64Array, v: Float64Array): void {
    const k = this.k, S = this.inv;
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += S[i * k + j]! * p[j]!;
      v[i] = s;
    }
  }
  kinetic(p: Float64Array, scratch: Float64Array): number {
    this.velocity(p, scratch);
    let s = 0;
    for (let i = 0; i < this.k; i++) s += p[i]! * scratch[i]!;
    return 0.5 * s;
  }
}

/** Welford mean and covariance of the draws in one adaptation window, regularised as Stan does. */
class CovarianceEstimator {
  n = 0;
  mean: Float64Array;
  m2: Float64Array;
  constructor(readonly k: number) {
    this.mean = new Float64Array(k);
    this.m2 = new Float64Array(k * k);
  }
  reset(): void {
    this.n = 0;
    this.mean.fill(0);
    this.m2.fill(0);
  }
  add(q: Float64Array): void {
    const k = this.k;
    this.n++;
    const d = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      d[i] = q[i]! - this.mean[i]!;
      this.mean[i] = this.mean[i]! + d[i]! / this.n;
    }
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) this.m2[i * k + j] = this.m2[i * k + j]! + d[i]! * (q[j]! - this.mean[j]!);
  }
  /** (n/(n+5))·S + 1e-3·(5/(n+5))·I, S the sample covariance (Stan's shrinkage toward a small identity). */
  regularized(dense: boolean): Float64Array {
    const k = this.k, n = this.n, S = new Float64Array(k * k);
    const a = n / (n + 5), b = 1e-3 * (5 / (n + 5));
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) {
        if (!dense && i !== j) continue;
        S[i * k + j] = (a * this.m2[i * k + j]!) / Math.max(n - 1, 1) + (i === j ? b : 0);
      }
    return S;
  }
}

/** One leapfrog step of size e (sign gives the direction). */
function leapfrog(target: LogDensity, metric: Metric, z: Point, e: number, v: Float64Array): void {
  const k = z.q.length;
  for (let i = 0; i < k; i++) z.p[i] = z.p[i]! + 0.5 * e * z.g[i]!;
  metric.velocity(z.p, v);
  for (let i = 0; i < k; i++) z.q[i] = z.q[i]! + e * v[i]!;
  z.lp = target.logDensity(z.q, z.g);
  if (!Number.isFinite(z.lp)) {
    z.lp = -Infinity;
    return;
  }
  for (let i = 0; i < k; i++) z.p[i] = z.p[i]! + 0.5 * e * z.g[i]!;
}

/** Stan's step-size heuristic: double or halve until the one-step acceptance crosses 0.8. */
function initStepSize(target: LogDensity, metric: Metric, z0: Point, rng: Rng, eps0: number): number {
  const k = z0.q.length, v = new Float64Array(k);
  let eps = eps0;
  const z = newPoint(k);
  copyPoint(z, z0);
  metric.sampleMomentum(z.p, rng);
  const H0 = -z.lp + metric.kinetic(z.p, v);
  const p0 = Float64Array.from(z.p);
  let direction = 0;
  for (let tries = 0; tries < 100; tries++) {
    copyPoint(z, z0);
    z.p.set(p0);
    leapfrog(target, metric, z, eps, v);
    const h = Number.isFinite(z.lp) ? -z.lp + metric.kinetic(z.p, v) : Infinity;
    const dH = H0 - h;
    const dir = dH > Math.log(0.8) ? 1 : -1;
    if (direction === 0) direction = dir;
    else if (dir !== direction) break;
    eps = direction === 1 ? 2 * eps : 0.5 * eps;
    if (eps > 1e7 || eps < 1e-12) break;
  }
  return eps;
}

/** Result of one NUTS transition. */
interface TransitionResult {
  sample: Point;
  acceptance: number;
  depth: number;
  leapfrogs: number;
  divergent: boolean;
  energy: number;
}

/** The NUTS transition (multinomial sampling, generalised U-turn criterion), after Stan's base_nuts. */
class Transition {
  private z: Point;
  private v: Float64Array;
  private H0 = 0;
  private nLeapfrog = 0;
  private sumMetro = 0;
  private divergent = false;
  private eps = 0;
  private readonly pool: Float64Array[] = [];
  private readonly points: Point[] = [];
  constructor(private target: LogDensity, private metric: Metric, private k: number, private maxDepth: number, private maxDE: number, private rng: Rng) {
    this.z = newPoint(k);
    this.v = new Float64Array(k);
  }
  private vec(): Float64Array {
    return this.pool.pop() ?? new Float64Array(this.k);
  }
  private free(...a: Float64Array[]): void {
    for (const x of a) this.pool.push(x);
  }
  private pt(): Point {
    return this.points.pop() ?? newPoint(this.k);
  }
  private criterion(pSharpMinus: Float64Array, pSharpPlus: Float64Array, rho: Float64Array): boolean {
    let a = 0, b = 0;
    for (let i = 0; i < this.k; i++) {
      a += pSharpPlus[i]! * rho[i]!;
      b += pSharpMinus[i]! * rho[i]!;
    }
    return a > 0 && b > 0;
  }

  run(start: Point, eps: number): TransitionResult {
    const k = this.k, z = this.z, metric = this.metric;
    this.eps = eps;
    copyPoint(z, start);
    metric.sampleMomentum(z.p, this.rng);
    const zFwd = this.pt(), zBck = this.pt(), zSample = this.pt(), zPropose = this.pt();
    copyPoint(zFwd, z);
    copyPoint(zBck, z);
    copyPoint(zSample, z);
    copyPoint(zPropose, z);
    const pSharpFwdFwd = this.vec(), pSharpFwdBck = this.vec(), pSharpBckFwd = this.vec(), pSharpBckBck = this.vec();
    metric.velocity(z.p, pSharpFwdFwd);
    pSharpFwdBck.set(pSharpFwdFwd);
    pSharpBckFwd.set(pSharpFwdFwd);
    pSharpBckBck.set(pSharpFwdFwd);
    const pFwdFwd = Float64Array.from(z.p), pFwdBck = Float64Array.from(z.p), pBckFwd = Float64Array.from(z.p), pBckBck = Float64Array.from(z.p);
    const rho = Float64Array.from(z.p);
    let logSumWeight = 0;
    this.H0 = -z.lp + metric.kinetic(z.p, this.v);
    this.nLeapfrog = 0;
    this.sumMetro = 0;
    this.divergent = false;
    let depth = 0;
    const rhoFwd = this.vec(), rhoBck = this.vec(), rhoExt = this.vec();
    while (depth < this.maxDepth) {
      rhoFwd.fill(0);
      rhoBck.fill(0);
      const lsw = { v: -Infinity };
      let valid: boolean;
      if (this.rng.uniform() > 0.5) {
        copyPoint(z, zFwd);
        rhoBck.set(rho);
        pBckFwd.set(pFwdBck);
        pSharpBckFwd.set(pSharpFwdBck);
        valid = this.buildTree(depth, zPropose, pSharpFwdBck, pSharpFwdFwd, rhoFwd, pFwdBck, pFwdFwd, 1, lsw);
        copyPoint(zFwd, z);
      } else {
        copyPoint(z, zBck);
        rhoFwd.set(rho);
        pFwdBck.set(pBckFwd);
        pSharpFwdBck.set(pSharpBckFwd);
        valid = this.buildTree(depth, zPropose, pSharpBckFwd, pSharpBckBck, rhoBck, pBckFwd, pBckBck, -1, lsw);
        copyPoint(zBck, z);
      }
      if (!valid) break;
      depth++;
      if (lsw.v > logSumWeight) copyPoint(zSample, zPropose);
      else if (this.rng.uniform() < Math.exp(lsw.v - logSumWeight)) copyPoint(zSample, zPropose);
      logSumWeight = logAdd(logSumWeight, lsw.v);
      for (let i = 0; i < k; i++) rho[i] = rhoBck[i]! + rhoFwd[i]!;
      let persist = this.criterion(pSharpBckBck, pSharpFwdFwd, rho);
      for (let i = 0; i < k; i++) rhoExt[i] = rhoBck[i]! + pFwdBck[i]!;
      persist &&= this.criterion(pSharpBckBck, pSharpFwdBck, rhoExt);
      for (let i = 0; i < k; i++) rhoExt[i] = rhoFwd[i]! + pBckFwd[i]!;
      persist &&= this.criterion(pSharpBckFwd, pSharpFwdFwd, rhoExt);
      if (!persist) break;
    }
    const sample = newPoint(k);
    copyPoint(sample, zSample);
    const energy = -sample.lp + metric.kinetic(sample.p, this.v);
    this.points.push(zFwd, zBck, zSample, zPropose);
    this.free(pSharpFwdFwd, pSharpFwdBck, pSharpBckFwd, pSharpBckBck, rhoFwd, rhoBck, rhoExt);
    return { sample, acceptance: this.nLeapfrog > 0 ? this.sumMetro / this.nLeapfrog : 0, depth, leapfrogs: this.nLeapfrog, divergent: this.divergent, energy };
  }

  private buildTree(depth: number, zPropose: Point, pSharpBeg: Float64Array, pSharpEnd: Float64Array, rho: Float64Array, pBeg: Float64Array, pEnd: Float64Array, sign: number, lsw: { v: number }): boolean {
    const k = this.k, z = this.z;
    if (depth === 0) {
      leapfrog(this.target, this.metric, z, sign * this.eps, this.v);
      this.nLeapfrog++;
      let h = Number.isFinite(z.lp) ? -z.lp + this.metric.kinetic(z.p, this.v) : Infinity;
      if (Number.isNaN(h)) h = Infinity;
      if (h - this.H0 > this.maxDE) this.divergent = true;
      lsw.v = logAdd(lsw.v, this.H0 - h);
      this.sumMetro += this.H0 - h > 0 ? 1 : Math.exp(this.H0 - h);
      copyPoint(zPropose, z);
      this.metric.velocity(z.p, pSharpBeg);
      pSharpEnd.set(pSharpBeg);
      for (let i = 0; i < k; i++) rho[i] = rho[i]! + z.p[i]!;
      pBeg.set(z.p);
      pEnd.set(z.p);
      return !this.divergent;
    }
    // Initial subtree.
    const lswInit = { v: -Infinity };
    const pInitEnd = this.vec(), pSharpInitEnd = this.vec(), rhoInit = this.vec();
    rhoInit.fill(0);
    const validInit = this.buildTree(depth - 1, zPropose, pSharpBeg, pSharpInitEnd, rhoInit, pBeg, pInitEnd, sign, lswInit);
    if (!validInit) {
      this.free(pInitEnd, pSharpInitEnd, rhoInit);
      return false;
    }
    // Final subtree.
    const zFinal = this.pt();
    copyPoint(zFinal, z);
    const lswFinal = { v: -Infinity };
    const pFinalBeg = this.vec(), pSharpFinalBeg = this.vec(), rhoFinal = this.vec();
    rhoFinal.fill(0);
    const validFinal = this.buildTree(depth - 1, zFinal, pSharpFinalBeg, pSharpEnd, rhoFinal, pFinalBeg, pEnd, sign, lswFinal);
    let persist = false;
    if (validFinal) {
      const lswSub = logAdd(lswInit.v, lswFinal.v);
      lsw.v = logAdd(lsw.v, lswSub);
      if (lswFinal.v > lswSub) copyPoint(zPropose, zFinal);
      else if (this.rng.uniform() < Math.exp(lswFinal.v - lswSub)) copyPoint(zPropose, zFinal);
      const rhoSub = this.vec(), rhoExt = this.vec();
      for (let i = 0; i < k; i++) {
        rhoSub[i] = rhoInit[i]! + rhoFinal[i]!;
        rho[i] = rho[i]! + rhoSub[i]!;
      }
      persist = this.criterion(pSharpBeg, pSharpEnd, rhoSub);
      for (let i = 0; i < k; i++) rhoExt[i] = rhoInit[i]! + pFinalBeg[i]!;
      persist &&= this.criterion(pSharpBeg, pSharpFinalBeg, rhoExt);
      for (let i = 0; i < k; i++) rhoExt[i] = rhoFinal[i]! + pInitEnd[i]!;
      persist &&= this.criterion(pSharpInitEnd, pSharpEnd, rhoExt);
      this.free(rhoSub, rhoExt);
    }
    this.points.push(zFinal);
    this.free(pInitEnd, pSharpInitEnd, rhoInit, pFinalBeg, pSharpFinalBeg, rhoFinal);
    return validFinal && persist;
  }
}

function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}
