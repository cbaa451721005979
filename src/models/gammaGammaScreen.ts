// The Gamma-Gamma fit's one pass over the customers before the fit (internal).
import { optimizeAtLoad } from "./optimizeAtLoad.js";

/** What {@link screenSpendRows} found. */
export interface SpendScreen {
  /** The repeat buyers with positive mean spend: frequency, mean spend and weight (the input columns when all are). */
  x: Float64Array;
  z: Float64Array;
  w: Float64Array;
  /** Summed weight of the customers without repeat purchases (frequency 0). */
  noRepeat: number;
  /** Summed weight of the repeat buyers with zero or negative mean spend. */
  nonPositive: number;
  /**
   * False when some value is not finite, a frequency negative or fractional, or a weight negative: the caller then runs
   * the full checks, which name the row.
   */
  clean: boolean;
  /** The smallest and largest kept mean spend with a positive weight (+Infinity and −Infinity when none has one). */
  lo: number;
  hi: number;
  /** Kept mean spends outside [1e-100, 1e100] (fitted in scaled units). */
  outOfRange: number;
}

/**
 * Checks and sorts the customers (frequency x, mean spend z, weights w, 1 each when absent) in one pass: customers
 * without repeat purchases and repeat buyers with zero or negative mean spend are counted, the others kept. Columns
 * are copied only from the first excluded customer on (fresh memory costs a page fault per 4 kB), and the loop only
 * compares values, which stays cheap before the JIT optimizes it: a million customers cost one pass instead of six.
 * @example screenSpendRows(x, z, undefined).x.length // repeat buyers with positive spend
 */
export function screenSpendRows(x: Float64Array, z: Float64Array, w: Float64Array | undefined): SpendScreen {
  const n = x.length;
  let keep = 0, noRepeat = 0, nonPositive = 0, bad = 0, outOfRange = 0, lo = Infinity, hi = -Infinity;
  let xs: Float64Array | undefined, zs: Float64Array | undefined, ws: Float64Array | undefined;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!, zi = z[i]!, wi = w ? w[i]! : 1;
    if (!(xi >= 0 && xi < Infinity && Math.floor(xi) === xi && zi > -Infinity && zi < Infinity && wi >= 0 && wi < Infinity)) bad++;
    if (xi !== 0 && zi > 0) {
      if (xs !== undefined) {
        xs[keep] = xi;
        zs![keep] = zi;
        ws![keep] = wi;
      }
      keep++;
      if (!(zi >= 1e-100 && zi <= 1e100)) outOfRange++;
      if (wi > 0) {
        if (zi < lo) lo = zi;
        if (zi > hi) hi = zi;
      }
      continue;
    }
    if (xi === 0) noRepeat += wi;
    else nonPositive += wi;
    if (xs === undefined) {
      // The first excluded customer: the kept ones so far are the columns' first `keep` rows.
      xs = new Float64Array(n);
      zs = new Float64Array(n);
      ws = new Float64Array(n);
      xs.set(x.subarray(0, keep));
      zs.set(z.subarray(0, keep));
      if (w) ws.set(w.subarray(0, keep));
      else ws.fill(1, 0, keep);
    }
  }
  const cut = (c: Float64Array) => (c.length === keep ? c : c.subarray(0, keep));
  return { x: cut(xs ?? x), z: cut(zs ?? z), w: cut(ws ?? w ?? new Float64Array(n).fill(1)), noRepeat, nonPositive, clean: bad === 0, lo, hi, outOfRange };
}

{
  // The first half are repeat buyers with positive spend; the second half adds frequency 0, spend <= 0 and weight 0.
  const R = 64, x = new Float64Array(R), z = new Float64Array(R), w = new Float64Array(R);
  for (let i = 0; i < R; i++) {
    const kept = i < R / 2;
    x[i] = kept ? 1 + (i % 5) : i % 5;
    z[i] = kept || i % 7 !== 3 ? 10 + i / 3 : -1;
    w[i] = kept || i % 11 !== 4 ? 1 + i / 4 : 0;
  }
  const half = (c: Float64Array) => c.subarray(0, R / 2);
  optimizeAtLoad((k) => (k % 4 < 2 ? screenSpendRows(x, z, k % 2 ? w : undefined) : screenSpendRows(half(x), half(z), k % 2 ? half(w) : undefined)));
}
