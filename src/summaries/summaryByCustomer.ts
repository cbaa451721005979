// The sorting path of the customer summary, for logs in any order: rows by customer, then by day.
import type { TransactionLog } from "../data/types.js";
import { sortByDay } from "./sortByDay.js";
import { BLOCK, forEachBlock, type CustomerBlocks } from "./customerBlocks.js";
import { checkSpendFinite } from "./spendOverflow.js";
import { emit, type Counts, type Outputs } from "./summaryOutputs.js";

/**
 * The summary for logs in any order: the rows by blocks of 2^15 customer codes (customerBlocks, in log order), a
 * counting sort of each block's rows by customer, then a stable sort by day per customer. Blockwise, the random
 * accesses of the sorts stay in a block-sized (cache-resident) range: a counting sort over all customers at once
 * missed the cache on every row once the customers no longer fitted in it (1.5-1.8x the time per row at 10M
 * customers as at 1M). Customers come out in code order into `out` (sized to the kept customers).
 */
export function summarizeByCustomer(log: TransactionLog, blocks: CustomerBlocks, obsEnd: number, calEnd: number, perUnit: number, out: Outputs, groupRows?: number): Counts {
  const C = log.customerIds.length;
  const at = new Int32Array(Math.min(C, BLOCK) + 1);
  let order = new Int32Array(0), gDay = new Int32Array(0), gAmt = new Float64Array(0);
  const st: DayTotals = { calDays: 0, lastDay: 0, repeatSpend: 0, hDays: 0, hSpend: 0 };
  let m = 0, purchaseRows = 0, returnRows = 0, excludedRows = 0, excluded = 0;
  forEachBlock(log, obsEnd, blocks, (b, rec, recI, s, e) => {
    const c0 = b * BLOCK, w = Math.min(C, c0 + BLOCK) - c0;
    // Counting sort of the block's rows by customer (stable: log order within a customer).
    at.fill(0, 0, w + 1);
    for (let i = s; i < e; i++) at[recI[4 * i + 3]! + 1]!++;
    let maxGroup = 0;
    for (let c = 0; c < w; c++) {
      const k = at[c + 1]!;
      if (k > maxGroup) maxGroup = k;
      at[c + 1] = at[c]! + k;
    }
    if (order.length < e - s) order = new Int32Array(e - s);
    if (gDay.length < maxGroup) {
      gDay = new Int32Array(maxGroup);
      gAmt = new Float64Array(maxGroup);
    }
    for (let i = s; i < e; i++) order[at[recI[4 * i + 3]!]!++] = i;
    // `at` now holds each customer's end; its start is the previous customer's end.
    for (let c = 0; c < w; c++) {
      const end = at[c]!, k = end - (c === 0 ? 0 : at[c - 1]!);
      if (k === 0) {
        excluded++;
        continue;
      }
      for (let j = 0; j < k; j++) {
        const i = order[end - k + j]!;
        gDay[j] = recI[4 * i + 2]!;
        gAmt[j] = rec[2 * i]!;
      }
      sortByDay(gDay, gAmt, k);
      // Day numbers before 1970 are negative, so "no purchase" is a flag, never a day value.
      let hasPurchase = false, firstDay = 0;
      for (let j = 0; j < k; j++) {
        if (gAmt[j]! >= 0) {
          firstDay = gDay[j]!;
          hasPurchase = true;
          break;
        }
      }
      if (!hasPurchase || firstDay > calEnd) {
        excluded++;
        excludedRows += k;
        continue;
      }
      let tot = 0;
      st.calDays = 0; st.lastDay = firstDay; st.repeatSpend = 0; st.hDays = 0; st.hSpend = 0;
      let open = false, curDay = 0, curSpend = 0;
      for (let j = 0; j < k; j++) {
        const d = gDay[j]!, a = gAmt[j]!;
        if (a < 0) {
          returnRows++;
          if (d <= calEnd) tot += a; // holdout returns are not part of calibration spend
          continue;
        }
        purchaseRows++;
        if (d <= calEnd) tot += a;
        if (!open || d !== curDay) {
          if (open) closeSortedDay(st, curDay, curSpend, firstDay, calEnd);
          open = true;
          curDay = d;
          curSpend = 0;
        }
        curSpend += a;
      }
      closeSortedDay(st, curDay, curSpend, firstDay, calEnd);
      const { calDays, lastDay, repeatSpend, hDays, hSpend } = st;
      checkSpendFinite(tot + repeatSpend + hSpend, log.customerIds[c0 + c]!);
      emit(out, m, c0 + c, firstDay, lastDay, calDays, tot, repeatSpend, hDays, hSpend, calEnd, perUnit);
      m++;
    }
    return true;
  }, groupRows);
  return { m, purchaseRows, returnRows, afterEnd: blocks.afterEnd, excludedRows, excluded };
}

/** One customer's purchase-day totals on the sorting path. */
interface DayTotals {
  calDays: number;
  lastDay: number;
  repeatSpend: number;
  hDays: number;
  hSpend: number;
}

/** Closes purchase day `day` with spend `spend`: a calibration day (repeat unless the first) or a holdout day. */
function closeSortedDay(st: DayTotals, day: number, spend: number, firstDay: number, calEnd: number): void {
  if (day <= calEnd) {
    st.calDays++;
    st.lastDay = day;
    if (day !== firstDay) st.repeatSpend += spend;
  } else {
    st.hDays++;
    st.hSpend += spend;
  }
}
