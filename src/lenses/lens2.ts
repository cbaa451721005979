import type { PeriodKind, PeriodPanel } from "../summaries/periodPanel.js";
import { aggregateWindow, div, lastCompletePeriod, money, periodIndexOf, windowInfo, YEAR_OF_PERIODS } from "./internal.js";
import type { ActivitySummary, WindowInfo } from "./types.js";

/** Options of {@link lens2}: two windows of panel periods, each given by its first and last label. */
export interface Lens2Options {
  /** First window. Default: the year (of complete periods) before the second window. */
  firstFrom?: string;
  firstTo?: string;
  /** Second window. Default: the last year of complete periods (half the data when there is less than two years). */
  secondFrom?: string;
  secondTo?: string;
}

export type Lens2Group = "retained" | "lost" | "new" | "reactivated" | "noOrders";

/** One migration group with its activity in both windows. */
export interface Lens2GroupRow {
  group: Lens2Group;
  customers: number;
  firstOrders: number;
  secondOrders: number;
  firstRevenue: number;
  secondRevenue: number;
  /** secondRevenue - firstRevenue: the group's contribution to the revenue change. */
  revenueChange: number;
}

/** A rate with the counts behind it, so every rate says what it is a share of. */
export interface Lens2Rate {
  rate: number | null;
  numerator: number;
  denominator: number;
  /** The numerator and denominator in words. */
  definition: string;
}

/** Lens 2 (Fader, Hardie & Ross 2022): what changed from one period to the next, and who changed it. */
export interface Lens2Result {
  lens: 2;
  period: PeriodKind;
  first: WindowInfo;
  second: WindowInfo;
  counts: {
    firstPeriodCustomers: number;
    secondPeriodCustomers: number;
    retained: number;
    lost: number;
    new: number;
    reactivated: number;
  };
  /** retained / first-period customers, and lost / first-period customers. */
  retentionRate: number | null;
  churnRate: number | null;
  /** reactivated / lapsed customers (acquired by the end of the first window, no order in it). */
  reactivationRate: number | null;
  /** Every rate with its numerator and denominator: retention, churn, reactivation, and the new customers' share of the second window. */
  rates: { retention: Lens2Rate; churn: Lens2Rate; reactivation: Lens2Rate; newShare: Lens2Rate };
  firstSummary: ActivitySummary;
  secondSummary: ActivitySummary;
  change: { customers: number; orders: number; revenue: number; averageOrderValue: number | null; revenuePercent: number | null };
  /** Revenue change by group: the `revenueChange` values sum exactly to `change.revenue`. */
  groups: Lens2GroupRow[];
  reconciliation: {
    /** retained + lost = first-period customers. */
    firstCustomers: boolean;
    /** retained + new + reactivated = second-period customers. */
    secondCustomers: boolean;
    /** Sum of group revenue changes = total revenue change, in cents. */
    revenueChangeCents: number;
    groupRevenueChangeCents: number;
    revenue: boolean;
  };
}

/**
 * Lens 2 of the customer-base audit: customer migration between two periods. In the book's definitions
 * (Fader, Hardie & Ross, *The Customer-Base Audit*, 2022, Lens 2), with "active" = at least one order:
 * retained = active in both periods; lost = active in the first only; new = first-ever purchase in the
 * second period (after the first window when the windows are not adjacent); reactivated = active in the
 * second, not in the first, and first purchase before the first period. Customers with only returns in
 * either window form the `noOrders` group so that revenue changes reconcile to the cent.
 * @see https://wharton.upenn.edu/the-customer-base-audit/
 * @example
 * const l2 = lens2(periodPanel(log, { period: "month" }));
 * l2.counts.retained + l2.counts.lost === l2.counts.firstPeriodCustomers; // true
 */
export function lens2(panel: PeriodPanel, options: Lens2Options = {}): Lens2Result {
  const [a0, a1, b0, b1] = resolveWindows(panel, options);
  const A = aggregateWindow(panel, a0, a1);
  const B = aggregateWindow(panel, b0, b1);
  const nCust = panel.customerIds.length;
  const groups: Record<Lens2Group, { k: number; oa: number; ob: number; ra: number; rb: number }> = {
    retained: { k: 0, oa: 0, ob: 0, ra: 0, rb: 0 },
    lost: { k: 0, oa: 0, ob: 0, ra: 0, rb: 0 },
    new: { k: 0, oa: 0, ob: 0, ra: 0, rb: 0 },
    reactivated: { k: 0, oa: 0, ob: 0, ra: 0, rb: 0 },
    noOrders: { k: 0, oa: 0, ob: 0, ra: 0, rb: 0 },
  };
  let nA = 0;
  let nB = 0;
  let oA = 0;
  let oB = 0;
  let rA = 0;
  let rB = 0;
  for (let c = 0; c < nCust; c++) {
    if (!A.hasRow[c] && !B.hasRow[c]) continue;
    const inA = A.orders[c]! > 0;
    const inB = B.orders[c]! > 0;
    let g: Lens2Group;
    if (inA && inB) g = "retained";
    else if (inA) g = "lost";
    else if (inB) g = panel.acquisitionPeriod[c]! > a1 ? "new" : "reactivated";
    else g = "noOrders";
    if (inA) nA++;
    if (inB) nB++;
    oA += A.orders[c]!;
    oB += B.orders[c]!;
    rA += A.cents[c]!;
    rB += B.cents[c]!;
    const s = groups[g];
    s.k++;
    s.oa += A.orders[c]!;
    s.ob += B.orders[c]!;
    s.ra += A.cents[c]!;
    s.rb += B.cents[c]!;
  }
  const rows: Lens2GroupRow[] = (Object.keys(groups) as Lens2Group[]).map((g) => {
    const s = groups[g];
    return { group: g, customers: s.k, firstOrders: s.oa, secondOrders: s.ob, firstRevenue: money(s.ra), secondRevenue: money(s.rb), revenueChange: money(s.rb - s.ra) };
  });
  const groupChange = (Object.values(groups) as Array<{ ra: number; rb: number }>).reduce((t, s) => t + (s.rb - s.ra), 0);
  const summary = (k: number, o: number, r: number): ActivitySummary => ({
    customers: k,
    orders: o,
    revenue: money(r),
    ordersPerCustomer: div(o, k),
    averageOrderValue: div(r / 100, o),
    revenuePerCustomer: div(r / 100, k),
  });
  const first = summary(nA, oA, rA);
  const second = summary(nB, oB, rB);
  const { retained, lost, new: nu, reactivated } = groups;
  // The lapsed pool that reactivation draws from: acquired by the end of the first window, no order in it.
  let lapsed = 0;
  for (let c = 0; c < nCust; c++) {
    const acq = panel.acquisitionPeriod[c]!;
    if (acq >= 0 && acq <= a1 && !(A.orders[c]! > 0)) lapsed++;
  }
  const rate = (numerator: number, denominator: number, definition: string): Lens2Rate => ({ rate: div(numerator, denominator), numerator, denominator, definition });
  return {
    lens: 2,
    period: panel.period,
    first: windowInfo(panel, a0, a1),
    second: windowInfo(panel, b0, b1),
    counts: { firstPeriodCustomers: nA, secondPeriodCustomers: nB, retained: retained.k, lost: lost.k, new: nu.k, reactivated: reactivated.k },
    retentionRate: div(retained.k, nA),
    churnRate: div(lost.k, nA),
    reactivationRate: div(reactivated.k, lapsed),
    rates: {
      retention: rate(retained.k, nA, "retained customers / customers active in the first window"),
      churn: rate(lost.k, nA, "lost customers / customers active in the first window"),
      reactivation: rate(reactivated.k, lapsed, "reactivated customers / lapsed customers (acquired by the end of the first window, no order in it)"),
      newShare: rate(nu.k, nB, "new customers / customers active in the second window"),
    },
    firstSummary: first,
    secondSummary: second,
    change: {
      customers: nB - nA,
      orders: oB - oA,
      revenue: money(rB - rA),
      averageOrderValue: first.averageOrderValue === null || second.averageOrderValue === null ? null : second.averageOrderValue - first.averageOrderValue,
      revenuePercent: div(rB - rA, rA),
    },
    groups: rows,
    reconciliation: {
      firstCustomers: retained.k + lost.k === nA,
      secondCustomers: retained.k + nu.k + reactivated.k === nB,
      revenueChangeCents: rB - rA,
      groupRevenueChangeCents: groupChange,
      revenue: groupChange === rB - rA,
    },
  };
}

function resolveWindows(panel: PeriodPanel, o: Lens2Options): [number, number, number, number] {
  const last = lastCompletePeriod(panel);
  const idx = (l: string | undefined, what: string) => (l === undefined ? undefined : periodIndexOf(panel, l, what));
  const b1 = idx(o.secondTo, "second window end") ?? (last >= 0 ? last : panel.periodLabels.length - 1);
  let len = YEAR_OF_PERIODS[panel.period];
  const given = [o.firstFrom, o.firstTo, o.secondFrom].every((x) => x === undefined);
  if (given && b1 + 1 < 2 * len) len = Math.max(1, Math.floor((b1 + 1) / 2)); // less than two years: compare halves
  const b0 = idx(o.secondFrom, "second window start") ?? Math.max(0, b1 - len + 1);
  const a1 = idx(o.firstTo, "first window end") ?? b0 - 1;
  const a0 = idx(o.firstFrom, "first window start") ?? Math.max(0, a1 - (b1 - b0));
  if (a1 < 0) throw new Error(`lens 2 needs two periods: the panel has only ${panel.periodLabels.length} (${panel.period}); use a shorter --period`);
  if (a0 > a1 || b0 > b1) throw new Error("lens 2 window starts after it ends: check firstFrom/firstTo/secondFrom/secondTo");
  if (a1 >= b0) throw new Error(`lens 2 windows overlap (${panel.periodLabels[a1]} >= ${panel.periodLabels[b0]}): the first window must end before the second starts`);
  return [a0, a1, b0, b1];
}
