// The sorting path of the customer summary, for logs in any order: rows by customer, then by day.
import type { TransactionLog } from "../data/types.js";
import { sortByDay } from "./sortByDay.js";
import { checkSpendFinite } from "./spendOverflow.js";
import { emit, type Counts, type Outputs } from "./summaryOutputs.js";

/** The summary for logs in any order: a counting sort of the rows by customer, then a stable sort by day per customer. */
export function summarizeByCustomer(log: TransactionLog, obsEnd: number, calEnd: number, perUnit: number, out: Outputs): Counts {
  const n = log.length;
  const { customer, day, amount } = log;
  const C = log.customerIds.length;
  const start = new Int32Array(C + 1);
  let afterEnd = 0;
  for (let i = 0; i < n; i++) {
    if (day[i]! > obsEnd) afterEnd++;
    else start[customer[i]! + 1]!++;
  }
  let maxGroup = 0;
  for (let c = 0; c < C; c++) {
    const k = start[c + 1]!;
    if (k > maxGroup) maxGroup = k;
    start[c + 1] = start[c]! + k;
  }
  const order = new Int32Array(n - afterEnd);
  const fill = start.slice(0, C);
  for (let i = 0; i < n; i++) if (day[i]! <= obsEnd) order[fill[customer[i]!]!++] = i;

  const gDay = new Int32Array(maxGroup);
  const gAmt = new Float64Array(maxGroup);
  const st: DayTotals = { calDays: 0, lastDay: 0, repeatSpend: 0, hDays: 0, hSpend: 0 };
  let m = 0, purchaseRows = 0, returnRows = 0, excludedRows = 0, excluded = 0;
  for (let c = 0; c < C; c++) {
    const s = start[c]!, e = start[c + 1]!;
    const k = e - s;
    if (k === 0) {
      excluded++;
      continue;
    }
    for (let j = 0; j < k; j++) {
      const i = order[s + j]!;
      gDay[j] = day[i]!;
      gAmt[j] = amount[i]!;
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
    checkSpendFinite(tot + repeatSpend + hSpend, log.customerIds[c]!);
    emit(out, m, c, firstDay, lastDay, calDays, tot, repeatSpend, hDays, hSpend, calEnd, perUnit);
    m++;
  }
  return { m, purchaseRows, returnRows, afterEnd, excludedRows, excluded };
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
