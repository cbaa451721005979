import { sortedFinite } from "./binning.js";

/** Options of {@link wassersteinDistance}. */
export interface WassersteinOptions {
  /** Divide by the reference standard deviation (default false), so the distance is in reference sds and comparable across features. */
  normalize?: boolean;
}

/**
 * First Wasserstein (earth mover's) distance between two one-dimensional samples: W₁ = ∫ |F_ref(x) − F_cur(x)| dx
 * over the empirical CDFs, in the units of the data (as scipy.stats.wasserstein_distance). With `normalize` it is
 * divided by the reference sample standard deviation (n − 1 divisor): a mean shift of k sd gives k, so one threshold
 * (0.1) serves every feature. A constant reference (sd 0) gives an error when normalising.
 * @see Villani C. (2009), Optimal Transport, Springer, ch. 6; https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.wasserstein_distance.html
 * @example wassersteinDistance([0, 1, 3], [5, 6, 8]) // 5
 */
export function wassersteinDistance(reference: ArrayLike<number>, current: ArrayLike<number>, options: WassersteinOptions = {}): number {
  const a = sortedFinite(reference), b = sortedFinite(current);
  const n = a.length, m = b.length;
  if (n === 0 || m === 0) throw new Error(`wasserstein distance needs values in both samples (reference ${n}, current ${m} finite values)`);
  // Merge the sorted samples; between consecutive values both ECDFs are constant.
  let i = 0, j = 0, w = 0;
  let prev = Math.min(a[0]!, b[0]!);
  while (i < n || j < m) {
    const x = j >= m || (i < n && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    w += Math.abs(i / n - j / m) * (x - prev);
    prev = x;
    while (i < n && a[i]! <= x) i++;
    while (j < m && b[j]! <= x) j++;
  }
  if (!options.normalize) return w;
  let mean = 0;
  for (let k = 0; k < n; k++) mean += a[k]!;
  mean /= n;
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (a[k]! - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  if (!(sd > 0)) throw new Error("normalised wasserstein distance: the reference has no spread (sd 0); compare this feature with PSI or unnormalised");
  return w / sd;
}
