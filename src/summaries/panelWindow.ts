// Pass 1 of the panel: the observation window, the rows inside it, and their counting sort by customer.
import type { TransactionLog } from "../data/types.js";
import { dayNumber } from "../time/dayNumber.js";
import type { PeriodPanelOptions } from "./periodPanelTypes.js";

/** The user's observation window as day numbers (undefined where not given), checked for order. */
export function resolveWindow(options: PeriodPanelOptions): { userStart: number | undefined; userEnd: number | undefined } {
  const userEnd = options.observationEnd === undefined ? undefined : parseIso(options.observationEnd, "observationEnd");
  const userStart = options.observationStart === undefined ? undefined : parseIso(options.observationStart, "observationStart");
  if (userEnd !== undefined && userStart !== undefined && userStart > userEnd)
    throw new Error(`observationStart ${options.observationStart} is after observationEnd ${options.observationEnd}: swap them`);
  return { userStart, userEnd };
}

/** Rows inside the window (`keep`), their day range, the rows excluded on each side, and rows per customer at `count[c + 1]`. */
export interface WindowFilter {
  keep: Uint8Array;
  count: Int32Array;
  before: number;
  after: number;
  used: number;
  minDay: number;
  maxDay: number;
}

/** Pass 1: window filter, day range, counts per customer (for a counting sort by customer). */
export function filterWindow(log: TransactionLog, userStart: number | undefined, userEnd: number | undefined): WindowFilter {
  const n = log.length;
  const nCust = log.customerIds.length;
  const { day, customer } = log;
  let minDay = Infinity;
  let maxDay = -Infinity;
  let before = 0;
  let after = 0;
  const keep = new Uint8Array(n);
  const count = new Int32Array(nCust + 1);
  for (let i = 0; i < n; i++) {
    const d = day[i]!;
    if (userStart !== undefined && d < userStart) {
      before++;
      continue;
    }
    if (userEnd !== undefined && d > userEnd) {
      after++;
      continue;
    }
    const c = customer[i]!;
    if (c < 0 || c >= nCust) throw new Error(`row ${i}: customer code ${c} is outside customerIds (0..${nCust - 1}): rebuild the log`);
    keep[i] = 1;
    count[c + 1]!++;
    if (d < minDay) minDay = d;
    if (d > maxDay) maxDay = d;
  }
  return { keep, count, before, after, used: n - before - after, minDay, maxDay };
}

/**
 * Counting sort of the kept row indices by customer (stable: log order kept within a customer). Turns `count` into
 * offsets in place: customer c's rows are `perm[count[c]] .. perm[count[c + 1] - 1]`.
 */
export function sortRowsByCustomer(customer: Int32Array, keep: Uint8Array, count: Int32Array, used: number): Int32Array {
  for (let c = 0; c + 1 < count.length; c++) count[c + 1]! += count[c]!;
  const rowStart = count.slice();
  const perm = new Int32Array(used);
  for (let i = 0; i < keep.length; i++) if (keep[i]) perm[rowStart[customer[i]!]!++] = i;
  return perm;
}

function parseIso(value: string, name: string): number {
  try {
    return dayNumber(value);
  } catch {
    throw new Error(`invalid ${name} ${JSON.stringify(value)}: expected an ISO date YYYY-MM-DD`);
  }
}
