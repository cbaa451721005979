// NUTS picks its own trajectory length, so a transition builds a doubling tree until a U-turn and samples a point from it.
import type { Rng } from "../random/createRng.js";
import type { LogDensity } from "./target.js";
import type { Metric } from "./nutsMetric.js";
import { copyPoint, leapfrog, newPoint, type Point } from "./leapfrog.js";

/** Result of one NUTS transition. */
export interface TransitionResult {
  sample: Point;
  acceptance: number;
  depth: number;
  leapfrogs: number;
  divergent: boolean;
  energy: number;
}

/** The NUTS transition (multinomial sampling, generalised U-turn criterion), after Stan's base_nuts. */
export class Transition {
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

/** ln(eᵃ + eᵇ) without overflow; -Infinity is the empty sum. */
function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}
