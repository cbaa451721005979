import { quickselect } from "simple-statistics";

/**
 * The values at 0-based `ranks` among `a[0..n)` once sorted ascending — what sorting then indexing gives — by
 * Floyd-Rivest selection (simple-statistics' quickselect), narrowing: the middle wanted rank is selected in the whole
 * range, then the ranks below it in the part below and the ranks above in the part above, so p ranks cost
 * O(n log p) instead of a sort's O(n log n) (a handful of interval bounds, or a learner's 255 bin edges). Reorders
 * `a[0..n)`; the values must not be NaN.
 * @see https://doi.org/10.1145/360680.360691 (Floyd & Rivest 1975, Expected time bounds for selection)
 * @example orderStatistics(Float64Array.of(5, 1, 4, 2, 3), 5, [0, 4]); // [1, 5]
 */
export function orderStatistics(a: Float64Array, n: number, ranks: readonly number[]): number[] {
  for (const r of ranks) if (!(Number.isInteger(r) && r >= 0 && r < n)) throw new Error(`invalid rank ${r}: use an integer in [0, ${n - 1}]`);
  const wanted = Array.from(new Set(ranks)).sort((x, y) => x - y);
  // quickselect takes plain arrays in its types; it only indexes and swaps, which typed arrays do alike.
  selectRanks(a as unknown as number[], 0, n - 1, wanted, 0, wanted.length);
  return ranks.map((r) => a[r]!);
}

/** Puts the value of each rank in ranks[from..to) (ascending, distinct, within [lo, hi]) at its index; a[lo..hi] holds exactly the values of ranks lo..hi. */
function selectRanks(a: number[], lo: number, hi: number, ranks: readonly number[], from: number, to: number): void {
  while (from < to) {
    const mid = (from + to) >> 1, k = ranks[mid]!;
    if (hi > lo) quickselect(a, k, lo, hi);
    selectRanks(a, lo, k - 1, ranks, from, mid);
    lo = k + 1;
    from = mid + 1;
  }
}
