// Identical customer rows are evaluated once with a count (open-addressing hash on the raw float bits; internal).
import { optimizeAtLoad } from "./optimizeAtLoad.js";

/** Result of {@link compressRows}: distinct rows (columnar) and their summed weights. */
export interface CompressedRows {
  columns: Float64Array[];
  weights: Float64Array;
  /** Number of distinct rows. */
  length: number;
}

/**
 * Merges identical rows of the given equal-length columns, summing `weights` (1 each when absent); distinct rows keep
 * the order of their first occurrence. `rowIndex`, when given, receives each row's distinct row (−1 for weight 0).
 * Linear time: a hash table keyed on the exact bit patterns, so 1e6 distinct rows cost a few tens of ms.
 * @example compressRows([new Float64Array([1, 1, 2])]) // 2 distinct rows, weights [2, 1]
 */
export function compressRows(columns: readonly Float64Array[], weights?: Float64Array, rowIndex?: Int32Array): CompressedRows {
  const n = columns[0]?.length ?? 0;
  const k = columns.length;
  let cap = 16;
  while (cap < n * 2) cap <<= 1;
  const table = new Int32Array(cap).fill(-1);
  const mask = cap - 1;
  const outIdx = new Int32Array(n); // distinct row -> first source row
  const outW = new Float64Array(n);
  let m = 0;
  const buf = new Float64Array(1);
  const bits = new Uint32Array(buf.buffer);
  for (let i = 0; i < n; i++) {
    const wi = weights ? weights[i]! : 1;
    if (wi === 0) {
      if (rowIndex) rowIndex[i] = -1;
      continue;
    }
    let h = 0x811c9dc5;
    for (let c = 0; c < k; c++) {
      buf[0] = columns[c]![i]! + 0; // +0 folds -0 into 0
      h = Math.imul(h ^ bits[0]!, 0x01000193);
      h = Math.imul(h ^ bits[1]!, 0x01000193);
    }
    h ^= h >>> 15;
    let slot = h & mask;
    for (;;) {
      const j = table[slot]!;
      if (j < 0) {
        table[slot] = m;
        if (rowIndex) rowIndex[i] = m;
        outIdx[m] = i;
        outW[m] = wi;
        m++;
        break;
      }
      const src = outIdx[j]!;
      let same = true;
      for (let c = 0; c < k; c++) if (columns[c]![src] !== columns[c]![i]) { same = false; break; }
      if (same) {
        if (rowIndex) rowIndex[i] = j;
        outW[j] = outW[j]! + wi;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  const out: Float64Array[] = columns.map((col) => {
    const c = new Float64Array(m);
    for (let j = 0; j < m; j++) c[j] = col[outIdx[j]!]!;
    return c;
  });
  return { columns: out, weights: outW.slice(0, m), length: m };
}

/** Groups rows by the value of one column (e.g. frequency): slot per row, distinct values, and summed weights per slot. */
export function groupByValue(values: Float64Array, weights: Float64Array): { slot: Int32Array; distinct: Float64Array; slotWeights: Float64Array } {
  // Fast path for small non-negative integer values (repeat-purchase counts): a lookup array instead of a Map.
  let maxInt = 0;
  let ints = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1_000_000 && Number.isInteger(v))) {
      ints = false;
      break;
    }
    if (v > maxInt) maxInt = v;
  }
  if (ints) {
    // Typed arrays only (slot by first appearance, as the Map path): no boxed pushes on a million rows.
    const lookup = new Int32Array(maxInt + 1).fill(-1);
    const slot = new Int32Array(values.length);
    const first = new Float64Array(Math.min(values.length, maxInt + 1));
    const acc = new Float64Array(first.length);
    let count = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      let s = lookup[v]!;
      if (s < 0) {
        s = lookup[v] = count++;
        first[s] = v;
      }
      slot[i] = s;
      acc[s] = acc[s]! + weights[i]!;
    }
    return { slot, distinct: first.slice(0, count), slotWeights: acc.slice(0, count) };
  }
  const map = new Map<number, number>();
  const slot = new Int32Array(values.length);
  const distinct: number[] = [];
  const sw: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let s = map.get(v);
    if (s === undefined) {
      s = distinct.length;
      map.set(v, s);
      distinct.push(v);
      sw.push(0);
    }
    slot[i] = s;
    sw[s] = sw[s]! + weights[i]!;
  }
  return { slot, distinct: Float64Array.from(distinct), slotWeights: Float64Array.from(sw) };
}

/**
 * Compresses identical rows when that pays: on inputs over 40,000 rows a strided sample of 20,000 rows is checked first, and
 * when fewer than 0.5% of them repeat (continuous times, "no two alike") the rows are used as they are, since hashing
 * a million distinct rows costs more than it saves.
 */
export function compressIfUseful(columns: readonly Float64Array[], weights?: Float64Array): CompressedRows {
  const n = columns[0]?.length ?? 0;
  if (n > 40_000) {
    const stride = Math.floor(n / 20_000);
    const sample = columns.map((c) => everyNth(c, stride));
    const c = compressRows(sample);
    if (c.length > sample[0]!.length * 0.995) {
      const w = weights ? weights : new Float64Array(n).fill(1);
      return { columns: [...columns], weights: w, length: n };
    }
  }
  return compressRows(columns, weights);
}

/**
 * A deterministic strided subsample of about `target` rows and at most a fifth of the rows (for warm starts), or
 * undefined below 40,000 rows. Fits warm-start from their subsample's fit, which warm-starts from its own: a cascade
 * (1M → 50,000 → 10,000 rows) in which only the smallest fit walks from the default start.
 */
export function strided(columns: readonly Float64Array[], weights: Float64Array, target = 50_000): { columns: Float64Array[]; weights: Float64Array } | undefined {
  const n = weights.length;
  if (n < 40_000) return undefined;
  const stride = Math.floor(n / Math.min(target, Math.floor(n / 5)));
  return { columns: columns.map((c) => everyNth(c, stride)), weights: everyNth(weights, stride) };
}

/** Every `stride`-th value of `c`, from the first. */
function everyNth(c: Float64Array, stride: number): Float64Array {
  const s = new Float64Array(Math.ceil(c.length / stride));
  for (let i = 0, j = 0; i < c.length; i += stride) s[j++] = c[i]!;
  return s;
}

/**
 * {@link groupByValue} when the column has few distinct values (at most half the rows, on up to 200,000
 * rows), so per-value terms can be cached; undefined otherwise (continuous values on large data).
 */
export function sharedValues(values: Float64Array, weights: Float64Array): ReturnType<typeof groupByValue> | undefined {
  if (values.length > 200_000 || values.length < 8) return undefined;
  // Continuous values (every T different) show in a strided sample of ~2,000: skip the grouping, which costs a Map
  // insert per row. The cached and per-row paths compute the same numbers, so a wrong guess only costs time.
  const stride = Math.max(1, Math.floor(values.length / 2000));
  const seen = new Set<number>();
  let sampled = 0;
  for (let i = 0; i < values.length; i += stride, sampled++) seen.add(values[i]!);
  if (sampled >= 500 && seen.size > 0.9 * sampled) return undefined;
  const g = groupByValue(values, weights);
  return g.distinct.length <= values.length / 2 ? g : undefined;
}

// The sampling and hashing loops meet large inputs in a process's first fit: optimized at load (see optimizeAtLoad).
{
  const R = 48, a = new Float64Array(R), b = new Float64Array(R), c = new Float64Array(R), w = new Float64Array(R), slots = new Int32Array(R);
  const long = new Float64Array(1024); // the copy loop is short: optimized after some 50,000 iterations
  for (let i = 0; i < R; i++) {
    a[i] = i % 4; // with repeated rows
    b[i] = (i % 8) / 3;
    c[i] = 10 + (i % 5);
    w[i] = i % 13 === 2 ? 0 : 1 + i / 8;
  }
  optimizeAtLoad((k) => {
    compressRows(k % 3 ? [a, b] : [a, b, c], k % 2 ? w : undefined, k % 4 === 1 ? slots : undefined);
    everyNth(k % 2 ? long : a, 1 + (k % 3));
    groupByValue(a, w);
  });
}
