// Rows of the log distributed (stably) into blocks of 2^15 consecutive customer codes, shared by both paths of the
// customer summary: each block's per-customer work then stays in the CPU cache whatever the number of customers.
import type { TransactionLog } from "../data/types.js";

export const BLOCK_BITS = 15;
/** Customers per block: 64 bytes of state each (2 MB) stay in the cache while the block's rows are read. */
export const BLOCK = 1 << BLOCK_BITS;
/** Logs up to this many rows (before obsEnd) are distributed in one pass. */
const GROUP_ROWS = 4_000_000;
/** Longer logs take at most about twice this many passes (groups of at least 1/PASSES of the rows). */
const PASSES = 2;

/** Rows per block (start offsets), rows after the observation end and the customers the summary keeps. */
export interface CustomerBlocks {
  /** Number of blocks, ceil(C / BLOCK) (at least 1). */
  nb: number;
  /** Rows up to obsEnd of blocks before b: start[b] (nb + 1 entries). */
  start: Int32Array;
  afterEnd: number;
  /** Customers with a purchase (amount not negative) on or before calEnd: the summary's rows. */
  kept: number;
}

/**
 * One pass over the rows: rows per block and the customers kept (so the outputs are allocated at their final size;
 * cutting customer-sized columns to size copied them all again and doubled their peak memory).
 */
export function countBlocks(log: TransactionLog, obsEnd: number, calEnd: number): CustomerBlocks {
  const n = log.length;
  const { customer, day, amount } = log;
  const C = log.customerIds.length;
  const nb = Math.max(1, Math.ceil(C / BLOCK));
  const start = new Int32Array(nb + 1);
  const keep = new Uint8Array(C);
  let afterEnd = 0;
  for (let i = 0; i < n; i++) {
    const d = day[i]!;
    if (d > obsEnd) {
      afterEnd++;
      continue;
    }
    const c = customer[i]!;
    start[(c >> BLOCK_BITS) + 1]!++;
    if (d <= calEnd && !(amount[i]! < 0)) keep[c] = 1;
  }
  for (let b = 0; b < nb; b++) start[b + 1]! += start[b]!;
  let kept = 0;
  for (let c = 0; c < C; c++) kept += keep[c]!;
  return { nb, start, afterEnd, kept };
}

/**
 * Calls `visit(b, rec, recI, s, e)` for each block b in order, with the block's rows up to obsEnd as records
 * s..e-1 in log order: record j is rec[2j] = amount, recI[4j + 2] = day, recI[4j + 3] = code within the block (one
 * 16-byte record, so distributing writes one stream per block). Stops and returns false when a visit does.
 *
 * Blocks go in groups of at most `cap` rows (one block may exceed it), each group distributed by its own pass over
 * the log. The cap is a share of the log (1/PASSES), so the passes stay few however long the log is (a fixed cap
 * made the passes, and so the time per row, grow with the rows), and at least `groupRows` (smaller only in tests).
 */
export function forEachBlock(log: TransactionLog, obsEnd: number, blocks: CustomerBlocks, visit: (b: number, rec: Float64Array, recI: Int32Array, s: number, e: number) => boolean, groupRows = GROUP_ROWS): boolean {
  const { nb, start, afterEnd } = blocks;
  const { customer, day, amount } = log;
  const n = log.length;
  let most = 0;
  for (let b = 0; b < nb; b++) most = Math.max(most, start[b + 1]! - start[b]!);
  const total = n - afterEnd;
  const cap = Math.min(total, Math.max(most, groupRows, Math.ceil(total / PASSES)));
  const rec = new Float64Array(2 * cap);
  const recI = new Int32Array(rec.buffer);
  const fill = new Int32Array(nb);
  for (let g0 = 0; g0 < nb; ) {
    let g1 = g0 + 1;
    while (g1 < nb && start[g1 + 1]! - start[g0]! <= cap) g1++;
    const off = start[g0]!;
    for (let b = g0; b < g1; b++) fill[b] = start[b]! - off;
    if (g0 === 0 && g1 === nb) distributeAll(customer, day, amount, n, obsEnd, fill, rec, recI);
    else distributeGroup(customer, day, amount, n, obsEnd, g0, g1, fill, rec, recI);
    for (let b = g0; b < g1; b++) if (!visit(b, rec, recI, start[b]! - off, start[b + 1]! - off)) return false;
    g0 = g1;
  }
  return true;
}

/** Copies every row up to obsEnd into its block's run of records (the whole log in one group). */
function distributeAll(customer: Int32Array, day: Int32Array, amount: Float64Array, n: number, obsEnd: number, fill: Int32Array, rec: Float64Array, recI: Int32Array): void {
  for (let i = 0; i < n; i++) {
    const d = day[i]!;
    if (d > obsEnd) continue;
    const c = customer[i]!;
    const j = fill[c >> BLOCK_BITS]!++;
    rec[2 * j] = amount[i]!;
    recI[4 * j + 2] = d;
    recI[4 * j + 3] = c & (BLOCK - 1);
  }
}

/** Copies the rows up to obsEnd of blocks [g0, g1) into their blocks' runs of records. */
function distributeGroup(customer: Int32Array, day: Int32Array, amount: Float64Array, n: number, obsEnd: number, g0: number, g1: number, fill: Int32Array, rec: Float64Array, recI: Int32Array): void {
  for (let i = 0; i < n; i++) {
    const c = customer[i]!;
    const b = c >> BLOCK_BITS;
    if (b < g0 || b >= g1) continue;
    const d = day[i]!;
    if (d > obsEnd) continue;
    const j = fill[b]!++;
    rec[2 * j] = amount[i]!;
    recI[4 * j + 2] = d;
    recI[4 * j + 3] = c & (BLOCK - 1);
  }
}
