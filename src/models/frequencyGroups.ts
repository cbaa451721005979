// Customers grouped by frequency (internal): the grouping the BG/NBD-family prediction kernel shares work over.

/** Integer frequencies below this are looked up in a table (others in a Map). */
const TABLE_X = 4096;

/** Customers grouped by frequency: the group of each customer and each group's x, size and range of T. */
export interface FrequencyGroups {
  x: Float64Array;
  /** The group of each customer (empty when `byX` is given instead). */
  group: Int32Array;
  count: Int32Array;
  minT: Float64Array;
  maxT: Float64Array;
  /** When every frequency is whole and below TABLE_X and no per-customer groups were asked for: the group of each such frequency. */
  byX?: Int32Array;
}

/**
 * Groups customers by frequency: whole frequencies below TABLE_X (nearly every summary) in two passes over typed
 * arrays, with no branch the optimizing compiler has not seen taken (a loop that deopts on a rare path falls back
 * to the interpreter for the rest of a million rows); any other frequency through a Map, in order of first use.
 * The rows are not checked here (evaluateDiscountedByX checks them in its own pass over all three columns), except
 * that with `perCustomer` false a negative or non-finite T gives undefined: the caller then reads the columns to name
 * it, and no interpolant is built over a range that is not one.
 */
export function groupByFrequency(x: Float64Array, T: Float64Array): FrequencyGroups;
export function groupByFrequency(x: Float64Array, T: Float64Array, perCustomer: boolean): FrequencyGroups | undefined;
export function groupByFrequency(x: Float64Array, T: Float64Array, perCustomer = true): FrequencyGroups | undefined {
  const n = x.length;
  const cnt = new Int32Array(TABLE_X), lo = new Float64Array(TABLE_X).fill(Infinity), hi = new Float64Array(TABLE_X).fill(-Infinity);
  let other = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!, Ti = T[i]!;
    if (!perCustomer && !(Ti >= 0 && Ti < Infinity)) return undefined;
    const k = xi >= 0 && xi < TABLE_X ? xi | 0 : 0;
    if (k !== xi) other++;
    cnt[k] = cnt[k]! + 1;
    if (Ti < lo[k]!) lo[k] = Ti;
    if (Ti > hi[k]!) hi[k] = Ti;
  }
  if (other > 0) return groupByFrequencyMap(x, T);
  let G = 0;
  const id = new Int32Array(TABLE_X);
  for (let k = 0; k < TABLE_X; k++) if (cnt[k]! > 0) id[k] = G++;
  const xs = new Float64Array(G), count = new Int32Array(G), minT = new Float64Array(G), maxT = new Float64Array(G);
  for (let k = 0; k < TABLE_X; k++) {
    if (cnt[k]! === 0) continue;
    const g = id[k]!;
    xs[g] = k;
    count[g] = cnt[k]!;
    minT[g] = lo[k]!;
    maxT[g] = hi[k]!;
  }
  // Without per-customer groups the evaluation looks each customer's group up by frequency: no 4-byte-a-customer
  // array to allocate and fill.
  if (!perCustomer) return { x: xs, group: new Int32Array(0), count, minT, maxT, byX: id };
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) group[i] = id[x[i]! | 0]!;
  return { x: xs, group, count, minT, maxT };
}

/** {@link groupByFrequency} for any frequencies (fractional, large): one pass through a Map. */
function groupByFrequencyMap(x: Float64Array, T: Float64Array): FrequencyGroups {
  const n = x.length;
  const group = new Int32Array(n);
  const index = new Map<number, number>();
  const xs: number[] = [], count: number[] = [], minT: number[] = [], maxT: number[] = [];
  for (let i = 0; i < n; i++) {
    const xi = x[i]!, Ti = T[i]!;
    let g = index.get(xi);
    if (g === undefined) {
      g = xs.length;
      index.set(xi, g);
      xs.push(xi);
      count.push(0);
      minT.push(Ti);
      maxT.push(Ti);
    }
    group[i] = g;
    count[g]++;
    if (Ti < minT[g]!) minT[g] = Ti;
    else if (Ti > maxT[g]!) maxT[g] = Ti;
  }
  return { x: Float64Array.from(xs), group, count: Int32Array.from(count), minT: Float64Array.from(minT), maxT: Float64Array.from(maxT) };
}
