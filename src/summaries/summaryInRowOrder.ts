// The one-pass customer summary: rows in log order, per-customer state in cache-sized blocks of customers.
import type { TransactionLog } from "../data/types.js";
import { checkSpendFinite } from "./spendOverflow.js";
import { emit, newOutputs, type Counts, type Outputs } from "./summaryOutputs.js";

// Per-customer state of the one-pass summary, one 64-byte record per customer so a row touches one cache line:
// doubles 0-3 (total spend, repeat-day spend, open day's spend, holdout spend), int32 8-15 below.
const F_TOT = 0, F_REPEAT = 1, F_CUR = 2, F_HOLD = 3;
const I_FIRST = 8, I_CUR = 9, I_LAST = 10, I_CALDAYS = 11, I_HDAYS = 12, I_ROWS = 13, I_PURCH = 14, I_LASTROW = 15;

// Customers per block of the one-pass summary: their state (64 bytes each, 2 MB) stays in the CPU cache.
const BLOCK_BITS = 15;
const BLOCK = 1 << BLOCK_BITS;
const GROUP_ROWS = 4_000_000;
// Passes over the log at most (about) for its distribution into blocks; see summarizeInRowOrder.
const PASSES = 2;

/**
 * The summary in one pass over the rows in log order, with O(1) state per customer (linear in rows and
 * customers; no sort). Valid only when every customer's rows come in non-decreasing day order, so that row
 * order is the order the sorting path sums in; returns undefined as soon as a row breaks that. The rows are
 * first distributed (stably) into blocks of 2^15 consecutive customer codes, so that each block's state stays
 * in cache while its rows are read in order, and customers come out in code order, block by block. The outputs
 * are sized to the customers kept. Undefined when a customer's days go backwards (the sorting path then applies).
 */
export function summarizeInRowOrder(log: TransactionLog, obsEnd: number, calEnd: number, perUnit: number, split: boolean, groupRows = GROUP_ROWS): { out: Outputs; counts: Counts } | undefined {
  const n = log.length;
  const { customer, day, amount } = log;
  const C = log.customerIds.length;
  const nb = Math.max(1, Math.ceil(C / BLOCK));
  const start = new Int32Array(nb + 1);
  // The customers kept (a purchase on or before calEnd) are marked here, so the outputs are allocated at their final
  // size: cutting customer-sized columns to size copied them all again and doubled their peak memory.
  const kept = new Uint8Array(C);
  let afterEnd = 0;
  for (let i = 0; i < n; i++) {
    const d = day[i]!;
    if (d > obsEnd) {
      afterEnd++;
      continue;
    }
    const c = customer[i]!;
    start[(c >> BLOCK_BITS) + 1]!++;
    if (d <= calEnd && !(amount[i]! < 0)) kept[c] = 1;
  }
  let m = 0;
  for (let c = 0; c < C; c++) m += kept[c]!;
  const out = newOutputs(m, split);
  for (let b = 0; b < nb; b++) start[b + 1]! += start[b]!;
  // Blocks go in groups of at most `cap` rows (one block may exceed it), each group distributed by its own pass
  // over the log. The cap grows with the log (a share of it, so the passes stay at most about 2·PASSES however long
  // the log is: a fixed cap made the passes, and the time per row, grow with the rows) and is at least `groupRows`
  // (GROUP_ROWS; smaller only in tests), so logs up to that size take one pass.
  let most = 0;
  for (let b = 0; b < nb; b++) most = Math.max(most, start[b + 1]! - start[b]!);
  const total = n - afterEnd;
  const cap = Math.min(total, Math.max(most, groupRows, Math.ceil(total / PASSES)));
  // One 16-byte record per row copy (amount, then day and code in the block as two int32), so the distributing pass
  // writes one stream per block and the accumulation reads one.
  const rec = new Float64Array(2 * cap);
  const recI = new Int32Array(rec.buffer);
  const fill = new Int32Array(nb);
  const F = new Float64Array(Math.min(C, BLOCK) * 8);
  const I = new Int32Array(F.buffer);
  const counts: Counts = { m: 0, purchaseRows: 0, returnRows: 0, afterEnd, excludedRows: 0, excluded: 0 };
  for (let g0 = 0; g0 < nb; ) {
    let g1 = g0 + 1;
    while (g1 < nb && start[g1 + 1]! - start[g0]! <= cap) g1++;
    const off = start[g0]!;
    for (let b = g0; b < g1; b++) fill[b] = start[b]! - off;
    if (g0 === 0 && g1 === nb) distributeAll(customer, day, amount, n, obsEnd, fill, rec, recI);
    else distributeGroup(customer, day, amount, n, obsEnd, g0, g1, fill, rec, recI);
    for (let b = g0; b < g1; b++) {
      F.fill(0);
      if (!accumulateBlock(rec, recI, start[b]! - off, start[b + 1]! - off, F, I, calEnd)) return undefined;
      finishBlock(F, I, b * BLOCK, Math.min(C, (b + 1) * BLOCK), log.customerIds, calEnd, perUnit, out, counts);
    }
    g0 = g1;
  }
  if (counts.m !== m) throw new Error(`internal error: the summary kept ${counts.m} customers, ${m} expected`);
  return { out, counts };
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

/** Adds rows [s, e) of one block to its customers' state; false when a customer's days go backwards. */
function accumulateBlock(rec: Float64Array, recI: Int32Array, s: number, e: number, F: Float64Array, I: Int32Array, calEnd: number): boolean {
  for (let i = s; i < e; i++) {
    const d = recI[4 * i + 2]!;
    const c = recI[4 * i + 3]!;
    const fb = c << 3, ib = c << 4;
    if (I[ib + I_ROWS]! > 0 && d < I[ib + I_LASTROW]!) return false;
    I[ib + I_ROWS]!++;
    I[ib + I_LASTROW] = d;
    const a = rec[2 * i]!;
    if (d <= calEnd) F[fb + F_TOT]! += a;
    if (a < 0) continue; // a return: never a purchase day
    if (I[ib + I_PURCH]!++ === 0) {
      I[ib + I_FIRST] = d;
      I[ib + I_LAST] = d;
      I[ib + I_CUR] = d;
      F[fb + F_CUR] = 0 + a; // 0 + a as the sorting path sums (turns -0 into 0)
      continue;
    }
    const cur = I[ib + I_CUR]!;
    if (d === cur) {
      F[fb + F_CUR]! += a;
      continue;
    }
    closeDay(F, I, fb, ib, cur, calEnd);
    I[ib + I_CUR] = d;
    F[fb + F_CUR] = 0 + a; // 0 + a as the sorting path sums (turns -0 into 0)
  }
  return true;
}

/** Emits customers c0..c1-1 of one block (state index c - c0) in code order and adds to the counts. */
function finishBlock(F: Float64Array, I: Int32Array, c0: number, c1: number, ids: readonly string[], calEnd: number, perUnit: number, out: Outputs, counts: Counts): void {
  for (let c = c0; c < c1; c++) {
    const fb = (c - c0) << 3, ib = (c - c0) << 4;
    const rows = I[ib + I_ROWS]!, purchases = I[ib + I_PURCH]!;
    if (rows === 0) {
      counts.excluded++;
      continue;
    }
    const firstDay = I[ib + I_FIRST]!;
    if (purchases === 0 || firstDay > calEnd) {
      counts.excluded++;
      counts.excludedRows += rows;
      continue;
    }
    closeDay(F, I, fb, ib, I[ib + I_CUR]!, calEnd);
    counts.purchaseRows += purchases;
    counts.returnRows += rows - purchases;
    const tot = F[fb + F_TOT]!, repeatSpend = F[fb + F_REPEAT]!, hSpend = F[fb + F_HOLD]!;
    // Amounts are finite, but their sum can overflow; Infinity (or NaN from Infinity − Infinity) is never a spend.
    checkSpendFinite(tot + repeatSpend + hSpend, ids[c]!);
    emit(out, counts.m, c, firstDay, I[ib + I_LAST]!, I[ib + I_CALDAYS]!, tot, repeatSpend, I[ib + I_HDAYS]!, hSpend, calEnd, perUnit);
    counts.m++;
  }
}

/** Closes a customer's purchase day `cur`: a calibration day (repeat unless it is the first) or a holdout day. */
function closeDay(F: Float64Array, I: Int32Array, fb: number, ib: number, cur: number, calEnd: number): void {
  if (cur <= calEnd) {
    I[ib + I_CALDAYS]!++;
    I[ib + I_LAST] = cur;
    if (cur !== I[ib + I_FIRST]) F[fb + F_REPEAT]! += F[fb + F_CUR]!;
  } else {
    I[ib + I_HDAYS]!++;
    F[fb + F_HOLD]! += F[fb + F_CUR]!;
  }
}
