// Interval bounds of many draws with an atom at zero, by selection (internal).
import { nearestRank } from "../../numeric/quantiles.js";
import { orderStatistics } from "../../numeric/orderStatistics.js";
import { centralInterval } from "./calibrateLevels.js";

/**
 * centralInterval's bounds at each level — [lower, upper] pairs, flat — of n draws given as their m non-zero values
 * (`draws[0..m)`, unsorted) and n - m zeros, without a sort: zeros (the atom at zero, often most draws) are counted, the
 * few order statistics wanted are selected among the rest. Reorders `draws[0..m)`; with a negative or NaN value the
 * draws are sorted instead (then `draws` must hold n).
 */
export function centralIntervals(draws: Float64Array, m: number, n: number, levels: readonly number[]): number[] {
  for (let i = 0; i < m; i++) {
    if (!(draws[i]! > 0)) {
      const all = draws.subarray(0, n).fill(0, m).sort();
      return levels.flatMap((l) => centralInterval(all, l));
    }
  }
  const zeros = n - m;
  // Ranks (among all n draws) of each level's bounds; a lower bound in the atom is 0 and its upper end is Q(level).
  const ranks = levels.flatMap((l) => {
    const lo = nearestRank((1 - l) / 2, n);
    return lo < zeros ? [-1, nearestRank(l, n)] : [lo, nearestRank(1 - (1 - l) / 2, n)];
  });
  const wanted = ranks.filter((r) => r >= zeros).map((r) => r - zeros);
  const values = orderStatistics(draws, m, wanted);
  let w = 0;
  return ranks.map((r) => (r < zeros ? 0 : values[w++]!));
}
