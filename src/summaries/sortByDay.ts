// Stable sort of one customer's (day, amount) rows, for the sorting path of the summary.
// Sorts the first k (day, amount) pairs by day, stable (insertion sort for the usual few rows; merge sort beyond).
export function sortByDay(d: Int32Array, a: Float64Array, k: number): void {
  if (k <= 32) {
    for (let i = 1; i < k; i++) {
      const dv = d[i]!, av = a[i]!;
      let j = i - 1;
      while (j >= 0 && d[j]! > dv) {
        d[j + 1] = d[j]!;
        a[j + 1] = a[j]!;
        j--;
      }
      d[j + 1] = dv;
      a[j + 1] = av;
    }
    return;
  }
  const idx = Array.from({ length: k }, (_, i) => i);
  idx.sort((x, y) => d[x]! - d[y]! || x - y);
  const dd = Int32Array.from(idx, (i) => d[i]!);
  const aa = Float64Array.from(idx, (i) => a[i]!);
  d.set(dd);
  a.set(aa);
}
