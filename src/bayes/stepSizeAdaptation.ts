// The step size sets the acceptance rate, so warm-up tunes it: a doubling/halving start, then dual averaging.
import type { Rng } from "../random/createRng.js";
import type { LogDensity } from "./target.js";
import type { Metric } from "./nutsMetric.js";
import { copyPoint, leapfrog, newPoint, type Point } from "./leapfrog.js";

/** Stan's step-size heuristic: double or halve until the one-step acceptance crosses 0.8. */
export function initStepSize(target: LogDensity, metric: Metric, z0: Point, rng: Rng, eps0: number): number {
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

/** Dual averaging (Nesterov 2009; Hoffman & Gelman 2014, sec. 3.2) of log step size, with Stan's constants. */
export class DualAveraging {
  private mu: number;
  private xbar = 0;
  private hbar = 0;
  private t = 0;
  constructor(private readonly delta: number, eps: number) {
    this.mu = Math.log(10 * eps);
  }
  /** Starts afresh around a new step size (after each metric update). */
  restart(eps: number): void {
    this.mu = Math.log(10 * eps);
    this.xbar = 0;
    this.hbar = 0;
    this.t = 0;
  }
  /** Records one transition's mean acceptance; returns the step size to use next. */
  update(acceptance: number): number {
    this.t++;
    const eta = 1 / (this.t + 10);
    this.hbar = (1 - eta) * this.hbar + eta * (this.delta - acceptance);
    const logEps = this.mu - (Math.sqrt(this.t) / 0.05) * this.hbar;
    const w = Math.pow(this.t, -0.75);
    this.xbar = w * logEps + (1 - w) * this.xbar;
    return Math.exp(logEps);
  }
  /** The averaged step size, used for sampling once warm-up ends. */
  final(): number {
    return Math.exp(this.xbar);
  }
}
