import type { PeriodKind, PeriodPanel } from "../summaries/periodPanel.js";
import { activeValues, aggregateWindow, dayOf, div, money, quantileSorted, quintileScoreSorted, quintileScoreTable, resolveWindow, sortedSmallIntegers, topCustomers, windowInfo } from "./internal.js";
import { upperBound } from "../numeric/sortedSearch.js";
import type { WindowInfo } from "./types.js";

/** Options of {@link lens1}. */
export interface Lens1Options {
  /** First and last period of the window (panel labels). Default: the last year of complete periods. */
  from?: string;
  to?: string;
  /** Top-customer shares reported, in percent. Default `[1, 10, 20, 50]`. */
  topPercents?: number[];
  /** Maximum points of the Lorenz curve returned (the Gini uses every customer). Default 201. */
  lorenzPoints?: number;
}

/** Five-number-and-mean summary of a distribution. */
export interface DistributionSummary {
  min: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  p90: number | null;
  max: number | null;
  mean: number | null;
}

export interface Lens1Decile {
  /** 1 = the top 10% of customers by value. */
  decile: number;
  customers: number;
  revenue: number;
  revenueShare: number | null;
  cumulativeRevenueShare: number | null;
  orders: number;
  ordersPerCustomer: number | null;
  averageOrderValue: number | null;
  meanCustomerValue: number | null;
  minCustomerValue: number | null;
  maxCustomerValue: number | null;
}

/** Lens 1 (Fader, Hardie & Ross 2022): the customer base in one period. */
export interface Lens1Result {
  lens: 1;
  period: PeriodKind;
  window: WindowInfo;
  /** Active customers: at least one order in the window. */
  customers: number;
  oneTimeBuyers: number;
  oneTimeBuyerShare: number | null;
  orders: number;
  /** Net revenue of the window (all rows, returns subtract), exact to the cent. */
  revenue: number;
  /** Net revenue of customers with rows but no order in the window (returns only); included in `revenue`. */
  revenueWithoutOrders: number;
  ordersPerCustomer: number | null;
  averageOrderValue: number | null;
  /** Customer value = a customer's net revenue in the window; over active customers. */
  meanCustomerValue: number | null;
  medianCustomerValue: number | null;
  margin?: number;
  marginRate?: number | null;
  concentration: Array<{ topPercent: number; customers: number; revenue: number; share: number | null }>;
  /** Gini coefficient of customer value (0 = equal, 1 = one customer has everything). */
  gini: number | null;
  /** Lorenz curve: customers sorted by increasing value; cumulative shares of customers and revenue. */
  lorenz: { customerShare: number[]; revenueShare: number[] };
  deciles: Lens1Decile[];
  /** Distribution of orders per customer; the last bucket is "10+". */
  purchaseCounts: Array<{ orders: string; customers: number; share: number | null; revenue: number }>;
  rfm: Lens1Rfm;
}

/** RFM within the window: recency in days before the window end, frequency in orders, monetary in net revenue. */
export interface Lens1Rfm {
  recencyDays: DistributionSummary;
  frequency: DistributionSummary;
  monetary: DistributionSummary;
  /** Average value per order (monetary / frequency), beside total spend. */
  averageOrderValue: DistributionSummary;
  /** Quintile cut points (20/40/60/80th percentiles), for reading. Scores follow `quintileScores`, the one rule shared with `rfm()`: 1 + floor(5 × customers with a strictly worse value / n) (recent, frequent, high = 5); equal values share a score. */
  cutPoints: { recencyDays: number[]; frequency: number[]; monetary: number[] };
  /** Customers by R score (rows, 1..5) and F score (columns, 1..5). */
  grid: number[][];
  /** Revenue by R score and F score. */
  revenueGrid: number[][];
  /** Customers by M score 1..5. */
  monetaryScoreCounts: number[];
}

/**
 * Lens 1 of the customer-base audit: how many customers bought in one period, how often, how much, and how
 * concentrated revenue is (top x% shares, Lorenz curve, deciles), with the distribution of purchase counts
 * and RFM. Definitions after Fader, Hardie & Ross, *The Customer-Base Audit* (2022), Lens 1: a customer is
 * counted when they placed at least one order in the period; AOV = revenue / orders; a customer's value is
 * their revenue in the period; the top x% are the ceil(x% × customers) highest-value customers.
 * @see https://wharton.upenn.edu/the-customer-base-audit/
 * @example
 * const l1 = lens1(periodPanel(log, { period: "month" }));
 * l1.concentration.find((c) => c.topPercent === 10)?.share;
 */
export function lens1(panel: PeriodPanel, options: Lens1Options = {}): Lens1Result {
  const [from, to] = resolveWindow(panel, options);
  const window = windowInfo(panel, from, to);
  const endDay = dayOf(window.endDate);
  const w = aggregateWindow(panel, from, to);
  const nCust = panel.customerIds.length;

  let totalCents = 0;
  let orders = 0;
  let oneTime = 0;
  let marginCents = 0;
  for (let c = 0; c < nCust; c++) {
    if (!w.hasRow[c]) continue;
    totalCents += w.cents[c]!;
    if (w.marginCents) marginCents += w.marginCents[c]!;
    if (w.orders[c]! > 0) {
      orders += w.orders[c]!;
      if (w.orders[c] === 1) oneTime++;
    }
  }
  const { active, value, ascending: asc, totalCents: activeCents } = activeValues(w);
  const n = active.length;

  // Rank customers by value, highest first; ties by customer order (deterministic) without a comparator sort.
  const rank = new Int32Array(n);
  const tieNext = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const pos = upperBound(asc, value[j]!) - 1;
    rank[j] = n - 1 - pos + tieNext[pos]!++;
  }

  const concentration = (options.topPercents ?? [1, 10, 20, 50]).map((pct) => {
    if (!(pct > 0 && pct <= 100)) throw new Error(`invalid top percent ${pct}: use a number in (0, 100]`);
    const top = topCustomers(asc, pct / 100);
    return { topPercent: pct, customers: top.customers, revenue: money(top.cents), share: div(top.cents, activeCents) };
  });

  const { gini, customerShare, revenueShare } = lorenzCurve(asc, activeCents, options.lorenzPoints ?? 201);

  const deciles = valueDeciles(rank, value, active, w.orders, activeCents);

  const purchaseCounts = purchaseCountTable(active, value, w.orders);

  const rfm = rfmDistribution(n, active, value, asc, w.orders, w.lastPurchaseDay, endDay);
  const median = quantileSorted(asc, 0.5);
  return {
    lens: 1,
    period: panel.period,
    window,
    customers: n,
    oneTimeBuyers: oneTime,
    oneTimeBuyerShare: div(oneTime, n),
    orders,
    revenue: money(totalCents),
    revenueWithoutOrders: money(totalCents - activeCents),
    ordersPerCustomer: div(orders, n),
    averageOrderValue: div(activeCents / 100, orders),
    meanCustomerValue: div(activeCents / 100, n),
    medianCustomerValue: median === null ? null : median / 100,
    ...(w.marginCents ? { margin: money(marginCents), marginRate: div(marginCents, totalCents) } : {}),
    concentration,
    gini,
    lorenz: { customerShare, revenueShare },
    deciles,
    purchaseCounts,
    rfm,
  };
}

/** Lorenz curve (at most `points` points, at least 3) and Gini coefficient of the customer values, ascending `asc` in cents. */
function lorenzCurve(asc: Float64Array, activeCents: number, points: number): { gini: number | null; customerShare: number[]; revenueShare: number[] } {
  const n = asc.length;
  let gini: number | null = null;
  const maxPts = Math.max(3, points);
  const customerShare: number[] = [0];
  const revenueShare: number[] = [0];
  if (n > 0 && activeCents !== 0) {
    let cum = 0;
    let area = 0;
    let prevY = 0;
    const step = n + 1 <= maxPts ? 1 : n / (maxPts - 1);
    let nextPt = step;
    for (let i = 0; i < n; i++) {
      cum += asc[i]!;
      const y = cum / activeCents;
      area += (prevY + y) / (2 * n);
      prevY = y;
      if (i + 1 >= nextPt - 1e-9 || i === n - 1) {
        customerShare.push((i + 1) / n);
        revenueShare.push(y);
        while (nextPt <= i + 1 + 1e-9) nextPt += step;
      }
    }
    gini = 1 - 2 * area;
  }
  return { gini, customerShare, revenueShare };
}

/** Deciles of customers by value rank: decile d holds ranks floor((d-1) n / 10) .. floor(d n / 10) - 1. */
function valueDeciles(rank: Int32Array, value: Float64Array, active: Int32Array, orders: Int32Array, activeCents: number): Lens1Decile[] {
  const n = rank.length;
  const dCust = new Array<number>(10).fill(0);
  const dCents = new Array<number>(10).fill(0);
  const dOrders = new Array<number>(10).fill(0);
  const dMin = new Array<number>(10).fill(Infinity);
  const dMax = new Array<number>(10).fill(-Infinity);
  for (let j = 0; j < n; j++) {
    let d = Math.floor((rank[j]! * 10) / n);
    while (d > 0 && Math.floor((d * n) / 10) > rank[j]!) d--;
    while (d < 9 && Math.floor(((d + 1) * n) / 10) <= rank[j]!) d++;
    dCust[d]!++;
    dCents[d]! += value[j]!;
    dOrders[d]! += orders[active[j]!]!;
    dMin[d] = Math.min(dMin[d]!, value[j]!);
    dMax[d] = Math.max(dMax[d]!, value[j]!);
  }
  let cumD = 0;
  return dCust.map((k, d) => {
    cumD += dCents[d]!;
    return {
      decile: d + 1,
      customers: k,
      revenue: money(dCents[d]!),
      revenueShare: div(dCents[d]!, activeCents),
      cumulativeRevenueShare: div(cumD, activeCents),
      orders: dOrders[d]!,
      ordersPerCustomer: div(dOrders[d]!, k),
      averageOrderValue: div(dCents[d]! / 100, dOrders[d]!),
      meanCustomerValue: div(dCents[d]! / 100, k),
      minCustomerValue: k ? dMin[d]! / 100 : null,
      maxCustomerValue: k ? dMax[d]! / 100 : null,
    };
  });
}

/** Customers and revenue by number of orders in the window (1, 2, …, 9, 10+). */
function purchaseCountTable(active: Int32Array, value: Float64Array, orders: Int32Array): Lens1Result["purchaseCounts"] {
  const n = active.length;
  const pcCust = new Array<number>(10).fill(0);
  const pcCents = new Array<number>(10).fill(0);
  for (let j = 0; j < n; j++) {
    const b = Math.min(10, orders[active[j]!]!) - 1;
    pcCust[b]!++;
    pcCents[b]! += value[j]!;
  }
  return pcCust.map((k, b) => ({ orders: b === 9 ? "10+" : String(b + 1), customers: k, share: div(k, n), revenue: money(pcCents[b]!) }));
}

function rfmDistribution(
  n: number,
  active: Int32Array,
  valueCents: Float64Array,
  ascCents: Float64Array,
  orders: Int32Array,
  last: Int32Array,
  endDay: number,
): Lens1Rfm {
  // Recency (days) and frequency (orders) are small integers: counting sorts.
  const rec = new Int32Array(n);
  const freq = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const c = active[j]!;
    rec[j] = endDay - last[c]!;
    freq[j] = orders[c]!;
  }
  const rs = sortedSmallIntegers(rec);
  const fs = sortedSmallIntegers(freq);
  const ms = new Float64Array(n);
  for (let j = 0; j < n; j++) ms[j] = ascCents[j]! / 100; // same order as the customer values, already sorted
  const cuts = (s: Float64Array) => [0.2, 0.4, 0.6, 0.8].map((q) => quantileSorted(s, q) ?? 0);
  const cutPoints = { recencyDays: cuts(rs), frequency: cuts(fs), monetary: cuts(ms) };
  const money1 = new Float64Array(n);
  for (let j = 0; j < n; j++) money1[j] = valueCents[j]! / 100;
  const aov = new Float64Array(n);
  for (let j = 0; j < n; j++) aov[j] = freq[j]! > 0 ? money1[j]! / freq[j]! : 0;
  aov.sort();
  const grid = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
  const revCents = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
  const mCounts = new Array<number>(5).fill(0);
  // One scoring rule with rfm() (quintileScores), read off the value arrays sorted above: at a million customers
  // three comparator sorts of indices were the bulk of lens 1.
  const rt = quintileScoreTable(rs, false), ft = quintileScoreTable(fs, true);
  for (let j = 0; j < n; j++) {
    const r = (rt ? rt.table[rec[j]! - rt.offset]! : quintileScoreSorted(rs, rec[j]!, false)) - 1;
    const f = (ft ? ft.table[freq[j]! - ft.offset]! : quintileScoreSorted(fs, freq[j]!, true)) - 1;
    grid[r]![f]!++;
    revCents[r]![f]! += valueCents[j]!;
    mCounts[quintileScoreSorted(ms, money1[j]!, true) - 1]!++;
  }
  return {
    recencyDays: summarize(rs),
    frequency: summarize(fs),
    monetary: summarize(ms),
    averageOrderValue: summarize(aov),
    cutPoints,
    grid,
    revenueGrid: revCents.map((row) => row.map(money)),
    monetaryScoreCounts: mCounts,
  };
}

/** Summary of an ascending-sorted array. */
function summarize(s: Float64Array): DistributionSummary {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += s[i]!;
  return {
    min: s.length ? s[0]! : null,
    p25: quantileSorted(s, 0.25),
    median: quantileSorted(s, 0.5),
    p75: quantileSorted(s, 0.75),
    p90: quantileSorted(s, 0.9),
    max: s.length ? s[s.length - 1]! : null,
    mean: div(sum, s.length),
  };
}
