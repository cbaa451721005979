// The step-size heuristic and the NUTS tree must integrate identically, so they share this one leapfrog.
import type { LogDensity } from "./target.js";
import type { Metric } from "./nutsMetric.js";

/** A phase-space point: position q, momentum p, gradient g and log-density lp at q. */
export interface Point {
  q: Float64Array;
  p: Float64Array;
  g: Float64Array;
  lp: number;
}

export function newPoint(k: number): Point {
  return { q: new Float64Array(k), p: new Float64Array(k), g: new Float64Array(k), lp: 0 };
}
export function copyPoint(dst: Point, src: Point): void {
  dst.q.set(src.q);
  dst.p.set(src.p);
  dst.g.set(src.g);
  dst.lp = src.lp;
}

/** One leapfrog step of size e (sign gives the direction). */
export function leapfrog(target: LogDensity, metric: Metric, z: Point, e: number, v: Float64Array): void {
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
