// The one-pass customer summary: rows in log order, per-customer state in cache-sized blocks of customers.
import type { TransactionLog } from "../data/types.js";
import { checkSpendFinite } from "./spendOverflow.js";
import { emit, type Counts, type Outputs } from "./summaryOutputs.js";
import { BLOCK, forEachBlock, type CustomerBlocks } from "./customerBlocks.js";

// Per-customer state of the one-pass summary, one 64-byte record per customer so a row touches one cache line:
// doubles 0-3 (total spend, repeat-day spend, open day's spend, holdout spend), int32 8-15 below.
const F_TOT = 0, F_REPEAT = 1, F_CUR = 2, F_HOLD = 3;
const I_FIRST = 8, I_CUR = 9, I_LAST = 10, I_CALDAYS = 11, I_HDAYS = 12, I_ROWS = 13, I_PURCH = 14, I_LASTROW = 15;

/**
 * The summary in one pass over the rows in log order, with O(1) state per customer (linear in rows and
 * customers; no sort). Valid only when every customer's rows come in non-decreasing day order, so that row
 * order is the order the sorting path sums in; returns undefined as soon as a row breaks that (the sorting path
 * then applies). The rows come by blocks of 2^15 consecutive customer codes (customerBlocks), so that each block's
 * state stays in cache while its rows are read in order, and customers come out in code order, block by block,
 * into `out` (sized to the kept customers).
 */
export function summarizeInRowOrder(log: TransactionLog, blocks: CustomerBlocks, obsEnd: number, calEnd: number, perUnit: number, out: Outputs, groupRows?: number): Counts | undefined {
  const C = log.customerIds.length;
  const F = new Float64Array(Math.min(C, BLOCK) * 8);
  const I = new Int32Array(F.buffer);
  const counts: Counts = { m: 0, purchaseRows: 0, returnRows: 0, afterEnd: blocks.afterEnd, excludedRows: 0, excluded: 0 };
  const done = forEachBlock(log, obsEnd, blocks, (b, rec, recI, s, e) => {
    F.fill(0);
    if (!accumulateBlock(rec, recI, s, e, F, I, calEnd)) return false;
    finishBlock(F, I, b * BLOCK, Math.min(C, (b + 1) * BLOCK), log.customerIds, calEnd, perUnit, out, counts);
    return true;
  }, groupRows);
  return done ? counts : undefined;
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
