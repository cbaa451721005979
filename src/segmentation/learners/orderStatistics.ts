// Order statistics by quickselect (internal): the boosted trees' quantile bin edges.
/**
 * The values at the given ascending `positions` of `a` sorted as Float64Array.prototype.sort sorts (NaN last), found by
 * quickselect (Hoare 1961) narrowing on every position in turn: O(n log positions) rather than a full sort's
 * O(n log n). Permutes `a`. The boosted trees' quantile bin edges. In-house: the npm quickselect packages take a
 * comparison callback, which costs more than the sort it replaces.
 * @see https://doi.org/10.1145/366622.366647 (Hoare 1961, Algorithm 65: Find)
 * @example orderStatistics(Float64Array.of(3, NaN, 1, 2), [0, 3]) // Float64Array [1, NaN]
 */
export function orderStatistics(a: Float64Array, positions: readonly number[]): Float64Array {
  // NaNs to the end: they rank after every number.
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v === v) {
      a[i] = a[m]!;
      a[m++] = v;
    }
  }
  for (let i = m; i < a.length; i++) a[i] = NaN;
  const out = new Float64Array(positions.length);
  const select = (lo: number, hi: number, from: number, to: number): void => {
    // positions[from..to) lie in a[lo..hi], which holds exactly the values of those ranks.
    while (from < to) {
      const mid = (from + to) >> 1;
      const k = positions[mid]!;
      if (k >= m) {
        // Ranks beyond the numbers are NaN.
        for (let j = mid; j < to; j++) out[j] = NaN;
        to = mid;
        continue;
      }
      selectRank(a, lo, hi, k);
      // Every position equal to k takes a[k]; the ones below and above are found in the two sides.
      let first = mid;
      let last = mid + 1;
      while (first > from && positions[first - 1] === k) first--;
      while (last < to && positions[last] === k) last++;
      out.fill(a[k]!, first, last);
      select(lo, k - 1, from, first);
      lo = k + 1;
      from = last;
    }
  };
  select(0, m - 1, 0, positions.length);
  return out;
}

/** Rearranges a[lo..hi] (no NaN) so a[k] holds the value of rank k, smaller-or-equal values before it and greater-or-equal after (Hoare partitions, median-of-three pivots). */
function selectRank(a: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    const x = a[lo]!, y = a[mid]!, z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

