import type { Rng } from "../../random/createRng.js";
import { nearestRankQuantile } from "../../numeric/quantiles.js";
import { drawValue, type BtydFit, type BtydSummary } from "./btydBase.js";

/** Nominal central levels at which a recalibration curve is measured. */
const GRID = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99, 0.995, 0.999];

/** Empirical coverage of the predictive interval at each nominal level, measured on a window of `horizonDays`. */
export interface LevelCurve {
  readonly horizonDays: number;
  readonly nominal: number[];
  readonly empirical: number[];
  readonly customers: number;
}

/**
 * The prediction interval of one customer from sorted predictive draws: the central `level` interval, or [0, Q(level)]
 * when its lower end falls in the atom at zero (no purchase), so the coverage stays at the level.
 */
export function centralInterval(sorted: Float64Array, level: number): [number, number] {
  const a = 1 - level;
  const lo = nearestRankQuantile(sorted, a / 2);
  if (lo <= 0) return [0, nearestRankQuantile(sorted, level)];
  return [lo, nearestRankQuantile(sorted, 1 - a / 2)];
}

/**
 * Measures how often the BTYD × Gamma-Gamma posterior predictive interval covers the realized value on an inner
 * window of the calibration period (a held-out slice: the fit saw only days up to the window's start): for each
 * customer, `draws` predictive draws of the window's value, and at each nominal level of a grid, the share of customers
 * whose realized value lies inside. {@link recalibratedLevel} inverts it (Kuleshov, Fenner & Ermon 2018).
 * @see https://proceedings.mlr.press/v80/kuleshov18a.html (Kuleshov et al. 2018, Accurate uncertainties for deep learning using calibrated regression)
 * @example const curve = levelCurve(fit, summary, target, 91, 200, createRng(1)); recalibratedLevel(curve, 0.95);
 */
export function levelCurve(fit: BtydFit, sum: BtydSummary, alive: Float64Array, actual: Float64Array, horizonDays: number, draws: number, rng: Rng): LevelCurve {
  const n = actual.length;
  const covered = new Float64Array(GRID.length);
  const buf = new Float64Array(draws);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < draws; r++) buf[r] = drawValue(fit, sum, i, alive[i]!, horizonDays / 7, rng);
    buf.sort();
    GRID.forEach((g, j) => {
      const [lo, hi] = centralInterval(buf, g);
      if (actual[i]! >= lo && actual[i]! <= hi) covered[j]!++;
    });
  }
  // Coverage can only grow with the level; sampling noise is smoothed by a running maximum.
  let run = 0;
  const empirical = Array.from(covered, (c) => (run = Math.max(run, c / n)));
  return { horizonDays, nominal: [...GRID], empirical, customers: n };
}

/**
 * The nominal level whose measured coverage is `target` (linear interpolation on the curve), clamped to the grid: ask
 * the predictive distribution for this level to get intervals that cover `target` of customers.
 * @example recalibratedLevel({ horizonDays: 91, nominal: [0.9, 0.95], empirical: [0.95, 0.99], customers: 100 }, 0.95); // 0.9
 */
export function recalibratedLevel(curve: LevelCurve, target: number): number {
  const { nominal: x, empirical: y } = curve;
  if (target <= y[0]!) return x[0]!;
  for (let j = 1; j < x.length; j++) {
    if (target <= y[j]!) return y[j]! === y[j - 1]! ? x[j - 1]! : x[j - 1]! + ((target - y[j - 1]!) * (x[j]! - x[j - 1]!)) / (y[j]! - y[j - 1]!);
  }
  return x[x.length - 1]!;
}
