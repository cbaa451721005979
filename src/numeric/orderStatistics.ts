import { quickselect } from "simple-statistics";

/**
 * The values at 0-based `ranks` among `a[0..n)` once sorted ascending — what sorting then indexing gives — by
 * Floyd-Rivest selection (simple-statistics' quickselect), each rank selected in the part above the previous one:
 * a few passes over the data instead of a sort when only a handful of quantiles are wanted. Reorders `a[0..n)`; the
 * values must not be NaN.
 * @see https://doi.org/10.1145/360680.360691 (Floyd & Rivest 1975, Expected time bounds for selection)
 * @example orderStatistics(Float64Array.of(5, 1, 4, 2, 3), 5, [0, 4]); // [1, 5]
 */
export function orderStatistics(a: Float64Array, n: number, ranks: readonly number[]): number[] {
  const order = ranks.map((_, i) => i).sort((i, j) => ranks[i]! - ranks[j]!);
  const out = new Array<number>(ranks.length);
  // quickselect takes plain arrays in its types; it only indexes and swaps, which typed arrays do alike.
  const arr = a as unknown as number[];
  let left = 0;
  let last = -1;
  for (const i of order) {
    const r = ranks[i]!;
    if (!(Number.isInteger(r) && r >= 0 && r < n)) throw new Error(`invalid rank ${r}: use an integer in [0, ${n - 1}]`);
    if (r !== last) {
      if (n - 1 > left) quickselect(arr, r, left, n - 1);
      left = r + 1;
      last = r;
    }
    out[i] = a[r]!;
  }
  return out;
}
