import type { TransactionLog } from "../data/types.js";
import { isoDate } from "../time/dayNumber.js";
import { parsePeriodKind } from "./calendarPeriods.js";
import { buildRows } from "./panelRows.js";
import { filterWindow, resolveWindow, sortRowsByCustomer } from "./panelWindow.js";
import { periodTable } from "./periodTable.js";
import type { PeriodPanel, PeriodPanelOptions } from "./periodPanelTypes.js";

// Re-exported so importers keep one entry for the panel and its vocabulary.
export { PERIOD_KINDS, parsePeriodKind, periodLabel, periodOrdinal, periodStartDay, type PeriodKind } from "./calendarPeriods.js";
export { NO_DAY, type PeriodPanel, type PeriodPanelOptions } from "./periodPanelTypes.js";
export { toCents } from "./cents.js";

/**
 * Builds the period panel of a transaction log: one row per customer and period in which the customer has
 * any transaction, with distinct orders, net spend and margin; the input of the Five Lenses
 * (Fader, Hardie & Ross, *The Customer-Base Audit*, 2022: every lens starts from customer-by-period purchase summaries). Orders are distinct order ids when the log has them, else distinct purchase days;
 * negative amounts are returns (they reduce spend and are not orders); zero amounts are orders of value 0.
 * A customer's acquisition is the first purchase in the window.
 * @see https://wharton.upenn.edu/the-customer-base-audit/
 * @example
 * const panel = periodPanel(log, { period: "quarter", observationEnd: "2024-12-31" });
 * panel.periodLabels; // ["2023-Q1", ...]
 */
export function periodPanel(log: TransactionLog, options: PeriodPanelOptions = {}): PeriodPanel {
  const kind = options.period ?? "month";
  parsePeriodKind(kind);
  const { userStart, userEnd } = resolveWindow(options);
  const win = filterWindow(log, userStart, userEnd);
  if (win.used === 0) throw new Error(`no transactions in the observation window${userEnd !== undefined ? ` ending ${options.observationEnd}` : ""}: check observationStart/observationEnd and the input`);
  const startDay = userStart ?? win.minDay;
  const endDay = userEnd ?? win.maxDay;
  const periods = periodTable(kind, startDay, endDay, userStart);
  const perm = sortRowsByCustomer(log.customer, win.keep, win.count, win.used);
  const rows = buildRows(log, win, perm, periods, startDay);
  return {
    period: kind,
    timeZone: log.timeZone,
    observationStart: isoDate(startDay),
    observationEnd: isoDate(endDay),
    customerIds: log.customerIds,
    periodLabels: periods.labels,
    periodStart: periods.start,
    periodEnd: periods.end,
    periodComplete: periods.complete,
    customer: rows.customer,
    periodIndex: rows.periodIndex,
    orders: rows.orders,
    spend: rows.spend,
    spendCents: rows.spendCents,
    ...(rows.margin && rows.marginCents ? { margin: rows.margin, marginCents: rows.marginCents, totalMarginCents: rows.totalMarginCents } : {}),
    lastPurchaseDay: rows.lastPurchaseDay,
    customerOffset: rows.customerOffset,
    firstPurchaseDay: rows.firstPurchaseDay,
    secondPurchaseDay: rows.secondPurchaseDay,
    acquisitionPeriod: rows.acquisitionPeriod,
    firstPurchaseRow: rows.firstPurchaseRow,
    rows: { used: win.used, beforeObservationStart: win.before, afterObservationEnd: win.after },
    customersObserved: rows.customersObserved,
    customersWithoutPurchase: rows.customersWithoutPurchase,
    totalSpendCents: rows.totalSpendCents,
  };
}
