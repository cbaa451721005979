// Binary search in an ascending array (internal): the one place bins, periods and ranks are looked up.

/**
 * The first index i with a[i] >= v in ascending `a` (a.length when none): the number of values below v.
 * @example lowerBound([1, 2, 2, 3], 2) // 1
 */
export function lowerBound(a: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The first index i with a[i] > v in ascending `a` (a.length when none): the number of values at or below v.
 * @example upperBound([1, 2, 2, 3], 2) // 3
 */
export function upperBound(a: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
