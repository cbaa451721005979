import { quantileSorted as linearQuantileSorted } from "simple-statistics";

/**
 * Nearest-rank quantile (Hyndman & Fan 1996 type 1) of ascending-sorted samples: the smallest sample with at least a
 * share `p` of the samples at or below it, so a bound is always a drawn value. In-house: simple-statistics offers only
 * the interpolated type 7.
 * @see https://doi.org/10.1080/00031305.1996.10473566 (Hyndman & Fan 1996, Sample quantiles in statistical packages)
 * @example nearestRankQuantile(Float64Array.of(1, 2, 3, 4), 0.5); // 2
 */
export function nearestRankQuantile(sorted: ArrayLike<number>, p: number): number {
  return sorted[nearestRank(p, sorted.length)]!;
}

/**
 * The 0-based rank of the nearest-rank quantile (Hyndman & Fan 1996 type 1) of a share `p` among `n` samples, for
 * selecting it without sorting (orderStatistics).
 * @example nearestRank(0.5, 4); // 1
 */
export function nearestRank(p: number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1));
}

/**
 * Interpolated quantile (Hyndman & Fan 1996 type 7, R's and numpy's default) of ascending-sorted values, null when
 * there are none: simple-statistics' quantileSorted.
 * @see https://doi.org/10.1080/00031305.1996.10473566 (Hyndman & Fan 1996, Sample quantiles in statistical packages)
 * @example interpolatedQuantile([3, 6, 7, 8, 8, 9, 10, 13, 15, 16, 20], 0.5); // 9
 */
export function interpolatedQuantile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  return linearQuantileSorted(sorted as number[], p);
}
