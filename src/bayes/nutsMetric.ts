// One metric object, so momentum draws, velocities and kinetic energy all see the same adapted Σ.
import type { Rng } from "../random/createRng.js";
import { choleskyLower } from "../numeric/linearAlgebra.js";

/** The inverse metric Σ (covariance of u), its Cholesky factor, and the kinetic energy ½ pᵀΣp. */
export class Metric {
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
