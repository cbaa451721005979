// Exact duplicate rows of a load: rows equal in every loaded column to an earlier row (LogBuilder.finish applies
// the keep/drop policy to what this finds).
import type { LogBuilder } from "./logBuilder.js";

/**
 * The numeric columns that decide whether two rows are equal, as LogBuilder holds them (arrays may be longer than
 * `n`: only rows below `n` are read; quantity and cost are undefined when not loaded).
 */
export type RowColumns = Pick<LogBuilder, "customer" | "day" | "ts" | "amount" | "quantity" | "cost">;

/**
 * Rows equal in every loaded column to an earlier row: `isDup[i]` is 1 for each such row i < n, `count` how many.
 * `cols` holds the codes of the dictionary-coded string columns (orderId, product, attributes).
 * In-house: a 32-bit hash per row, rows partitioned by the hash's top bits (a counting sort that moves each row's
 * hash with it, so each partition is read in sequence and its table stays in cache), then a small hash table per
 * partition; rows with equal hashes are compared column by column. The hash is computed twice (count, then place)
 * rather than stored per row.
 * @see Knuth, The Art of Computer Programming vol. 3, §6.4 (open addressing with linear probing)
 * @example
 * const two = (v: number) => Float64Array.of(v, v);
 * findDuplicateRows(2, { customer: Int32Array.of(0, 0), day: Int32Array.of(5, 5), ts: two(0), amount: two(9.5), quantity: undefined, cost: undefined }, []);
 * // { count: 1, isDup: Uint8Array [0, 1] }
 */
export function findDuplicateRows(n: number, columns: RowColumns, cols: readonly Int32Array[]): { count: number; isDup: Uint8Array } {
  const isDup = new Uint8Array(n);
  if (n < 2) return { count: 0, isDup };
  const { customer, day, ts, amount, quantity, cost } = columns;
  // The bits of the doubles, read in place (equal values hash equal; 0 and -0 differ, as before).
  const words = (a: Float64Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
  const tsw = words(ts), amw = words(amount);
  const qw = quantity ? words(quantity) : undefined, cw = cost ? words(cost) : undefined;
  const hash = (i: number): number => {
    let h = Math.imul(customer[i]! ^ 0x27d4eb2f, 0x165667b1);
    h = Math.imul(h ^ tsw[2 * i]!, 0x9e3779b1);
    h = Math.imul(h ^ tsw[2 * i + 1]!, 0x85ebca77);
    h = Math.imul(h ^ amw[2 * i]!, 0x9e3779b1);
    h = Math.imul(h ^ amw[2 * i + 1]!, 0x85ebca77);
    if (qw) {
      h = Math.imul(h ^ qw[2 * i]!, 0x9e3779b1);
      h = Math.imul(h ^ qw[2 * i + 1]!, 0x85ebca77);
    }
    if (cw) {
      h = Math.imul(h ^ cw[2 * i]!, 0x9e3779b1);
      h = Math.imul(h ^ cw[2 * i + 1]!, 0x85ebca77);
    }
    for (let k = 0; k < cols.length; k++) h = Math.imul(h ^ cols[k]![i]!, 0x9e3779b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h;
  };
  const same = (a: number, b: number): boolean => {
    if (customer[a] !== customer[b] || day[a] !== day[b] || ts[a] !== ts[b] || amount[a] !== amount[b]) return false;
    if (quantity && !Object.is(quantity[a], quantity[b])) return false;
    if (cost && !Object.is(cost[a], cost[b])) return false;
    for (const c of cols) if (c[a] !== c[b]) return false;
    return true;
  };
  // A log in time order (the usual case) can only repeat a row within a run of equal timestamps: one pass with a
  // small table per run, and no partition arrays.
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if (ts[i]! < ts[i - 1]!) {
      sorted = false;
      break;
    }
  }
  if (sorted) {
    let table = new Int32Array(64);
    let count = 0;
    for (let s = 0; s < n; ) {
      let e = s + 1;
      while (e < n && ts[e] === ts[s]) e++;
      if (e - s > 1) {
        let sz = 2;
        while (sz < (e - s) * 2) sz <<= 1;
        if (table.length < sz * 2) table = new Int32Array(sz * 2);
        else table.fill(0, 0, sz * 2);
        count += markRepeats(table, sz - 1, s, e, hash, same, isDup);
      }
      s = e;
    }
    return { count, isDup };
  }
  let bits = 0;
  while (bits < 14 && n >> bits > 32768) bits++;
  const parts = 1 << bits;
  const shift = 32 - bits;
  const part = (h: number): number => (bits > 0 ? h >>> shift : 0);
  const start = new Int32Array(parts + 1);
  for (let i = 0; i < n; i++) start[part(hash(i)) + 1]!++;
  for (let p = 0; p < parts; p++) start[p + 1]! += start[p]!;
  const perm = new Int32Array(n), ph = new Int32Array(n);
  const fill = start.slice(0, parts);
  for (let i = 0; i < n; i++) {
    const h = hash(i);
    const k = fill[part(h)]!++;
    perm[k] = i;
    ph[k] = h;
  }
  let maxPart = 0;
  for (let p = 0; p < parts; p++) maxPart = Math.max(maxPart, start[p + 1]! - start[p]!);
  let size = 2;
  while (size < maxPart * 2) size <<= 1;
  const table = new Int32Array(size * 2); // [row + 1, hash]
  let count = 0;
  for (let p = 0; p < parts; p++) {
    const s = start[p]!, e = start[p + 1]!;
    let sz = 2;
    while (sz < (e - s) * 2) sz <<= 1;
    table.fill(0, 0, sz * 2);
    // rows are increasing within a partition, so "earlier row" keeps its meaning
    count += markRepeats(table, sz - 1, s, e, (k) => ph[k]!, same, isDup, perm);
  }
  return { count, isDup };
}

/**
 * Inserts rows k = s..e-1 (row `rows ? rows[k] : k`, hash `hashOf(k)`) into an open-addressing table
 * ([row + 1, hash] pairs, `mask + 1` slots, zeroed) and marks each row equal to an earlier one. Returns how many.
 */
function markRepeats(table: Int32Array, mask: number, s: number, e: number, hashOf: (k: number) => number, same: (a: number, b: number) => boolean, isDup: Uint8Array, rows?: Int32Array): number {
  let count = 0;
  for (let k = s; k < e; k++) {
    const i = rows ? rows[k]! : k;
    const h = hashOf(k);
    let slot = h & mask;
    for (;;) {
      const entry = table[2 * slot]!;
      if (entry === 0) {
        table[2 * slot] = i + 1;
        table[2 * slot + 1] = h;
        break;
      }
      if (table[2 * slot + 1] === h && same(entry - 1, i)) {
        isDup[i] = 1;
        count++;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return count;
}
