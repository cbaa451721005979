import { assignCohorts, type Cohorts } from "../summaries/cohorts.js";
import type { PeriodKind, PeriodPanel } from "../summaries/periodPanel.js";
import { calendarTable } from "./cohortTables.js";
import { activeValues, aggregateWindow, checkCohorts, div, lastCompletePeriod, money, topCustomers, windowInfo, YEAR_OF_PERIODS } from "./internal.js";
import type { WindowInfo } from "./types.js";

/** Options of {@link lens5}. */
export interface Lens5Options {
  /** Layers of the C3 chart. Default: acquisition years when the data spans 3+ calendar years, else acquisition quarters (or the panel's period if coarser). */
  cohorts?: Cohorts;
  /** Weights of the health factors by name (see {@link HEALTH_WEIGHTS}); missing names keep their default. */
  weights?: Partial<Record<HealthFactorName, number>>;
  /** Count data (no amount column): the revenue-based factors (new-cohort dependence, concentration, revenue per customer growth) have no value, so they are dropped from the score. Default false. */
  countData?: boolean;
}

export type HealthFactorName = "retention" | "retentionTrend" | "newCohortDependence" | "concentration" | "activeCustomerGrowth" | "revenuePerCustomerGrowth";

/** The health factors in plain words, for charts and reports (docs/lenses.md). */
export const HEALTH_FACTOR_LABELS: Readonly<Record<HealthFactorName, string>> = {
  retention: "retention",
  retentionTrend: "retention trend",
  newCohortDependence: "independence from new cohorts",
  concentration: "revenue spread (1 − concentration)",
  activeCustomerGrowth: "active-customer growth",
  revenuePerCustomerGrowth: "revenue-per-customer growth",
};

/** Default weights of the health summary (clvlab's choice, shown in the report; they sum to 1). */
export const HEALTH_WEIGHTS: Readonly<Record<HealthFactorName, number>> = {
  retention: 0.25,
  retentionTrend: 0.15,
  newCohortDependence: 0.2,
  concentration: 0.15,
  activeCustomerGrowth: 0.15,
  revenuePerCustomerGrowth: 0.1,
};

/** One factor of the health summary: its value, how it is scored (0 = worst, 1 = best) and its weight. */
export interface HealthFactor {
  name: HealthFactorName;
  description: string;
  value: number | null;
  /** The scoring rule, in words. */
  rule: string;
  score: number | null;
  /** Weight as given, and as used after dropping factors without a value. */
  weight: number;
  effectiveWeight: number;
}

/** Lens 5 (Fader, Hardie & Ross 2022): the health of the whole customer base. */
export interface Lens5Result {
  lens: 5;
  /**
   * Revenue the customers now on the books are projected to bring in the next 12 months, from a CLV model fitted to
   * the same log (set by `fiveLensesReport`; absent when lens5 runs alone or the fit fails). Revenue, not profit:
   * undiscounted, margin 100%.
   */
  projection?: { annualRevenue: number; model: string; converged: boolean; customers: number };
  period: PeriodKind;
  periods: string[];
  periodComplete: boolean[];
  cohortKind: Cohorts["kind"];
  cohortBy: string;
  /** Layers of the C3 chart, oldest first (a final "(no cohort)" layer if some customers fall in none). */
  cohorts: string[];
  /** revenue[cohort][period] and activeCustomers[cohort][period]. */
  revenue: number[][];
  activeCustomers: number[][];
  totalRevenue: number[];
  totalActiveCustomers: number[];
  /** Per period: customers acquired in that period ("new") versus before it ("existing"). */
  newVsExisting: Array<{ period: string; newCustomers: number; existingCustomers: number; newRevenue: number; existingRevenue: number; existingRevenueShare: number | null }>;
  /** Per period: share of revenue from customers acquired within the last `recentPeriods` periods (including this one). */
  recentCohortDependence: { recentPeriods: number; share: Array<number | null> };
  /** Per period: customers active in the previous period who are active again (period-to-period retention). */
  retentionTrend: Array<{ period: string; previousActive: number; retained: number; retention: number | null }>;
  health: { lastWindow: WindowInfo; previousWindow: WindowInfo | null; factors: HealthFactor[]; score: number | null; note: string };
  reconciliation: { totalRevenueCents: number; layerSumCents: number; exact: boolean };
}

/**
 * Lens 5 of the customer-base audit: the whole base over calendar time. In the book's definitions
 * (Fader, Hardie & Ross, *The Customer-Base Audit*, 2022, Lens 5) revenue and active customers are stacked
 * by acquisition cohort (the "C3", customer-cohort chart), showing how much of each period's business comes
 * from new versus existing customers and how dependent the firm is on its newest cohorts. The health summary
 * is clvlab's, not the book's: a weighted mean of transparent factor scores, every factor, rule and weight shown.
 * @see https://wharton.upenn.edu/the-customer-base-audit/
 * @example
 * const l5 = lens5(periodPanel(log, { period: "quarter" }));
 * l5.health.factors.map((f) => [f.name, f.score, f.weight]);
 */
export function lens5(panel: PeriodPanel, options: Lens5Options = {}): Lens5Result {
  const cohorts = options.cohorts ?? defaultLayers(panel);
  checkCohorts(panel, cohorts);
  const cal = calendarTable(panel, cohorts);
  const P = cal.periods;
  const G = cal.cohorts; // last row: customers in no cohort
  const labels = [...cohorts.labels];
  let rows = G - 1;
  for (let p = 0; p < P; p++) if (cal.cents[(G - 1) * P + p] !== 0 || cal.active[(G - 1) * P + p] !== 0) rows = G;
  if (rows === G) labels.push("(no cohort)");
  const revenue: number[][] = [];
  const activeCustomers: number[][] = [];
  let layerSum = 0;
  for (let g = 0; g < rows; g++) {
    revenue.push(Array.from(cal.cents.subarray(g * P, (g + 1) * P), money));
    activeCustomers.push(Array.from(cal.active.subarray(g * P, (g + 1) * P)));
    for (let p = 0; p < P; p++) layerSum += cal.cents[g * P + p]!;
  }
  const totCents = new Float64Array(P);
  const totActive = new Float64Array(P);
  const newCents = new Float64Array(P);
  const newActive = new Float64Array(P);
  for (let g = 0; g < G; g++)
    for (let p = 0; p < P; p++) {
      totCents[p]! += cal.cents[g * P + p]!;
      totActive[p]! += cal.active[g * P + p]!;
      newCents[p]! += cal.newCents[g * P + p]!;
      newActive[p]! += cal.newActive[g * P + p]!;
    }
  const periods = [...panel.periodLabels];
  const newVsExisting = periods.map((period, p) => ({
    period,
    newCustomers: newActive[p]!,
    existingCustomers: totActive[p]! - newActive[p]!,
    newRevenue: money(newCents[p]!),
    existingRevenue: money(totCents[p]! - newCents[p]!),
    existingRevenueShare: div(totCents[p]! - newCents[p]!, totCents[p]!),
  }));

  // Recent-cohort dependence and period-to-period retention, in one pass over the panel rows.
  const L = YEAR_OF_PERIODS[panel.period];
  const recentCents = new Float64Array(P);
  const retained = new Float64Array(P);
  const { customer, periodIndex, orders, spendCents } = panel;
  const acq = panel.acquisitionPeriod;
  for (let r = 0; r < customer.length; r++) {
    const c = customer[r]!;
    const p = periodIndex[r]!;
    if (acq[c]! > p - L) recentCents[p]! += spendCents[r]!;
    if (orders[r]! > 0 && r > 0 && customer[r - 1] === c && periodIndex[r - 1] === p - 1 && orders[r - 1]! > 0) retained[p]!++;
  }
  const retentionTrend = periods.slice(1).map((period, i) => ({
    period,
    previousActive: totActive[i]!,
    retained: retained[i + 1]!,
    retention: div(retained[i + 1]!, totActive[i]!),
  }));

  const health = healthSummary(panel, totActive, retained, options.weights ?? {}, options.countData === true);
  return {
    lens: 5,
    period: panel.period,
    periods,
    periodComplete: Array.from(panel.periodComplete, (x) => x === 1),
    cohortKind: cohorts.kind,
    cohortBy: cohorts.by,
    cohorts: labels,
    revenue,
    activeCustomers,
    totalRevenue: Array.from(totCents, money),
    totalActiveCustomers: Array.from(totActive),
    newVsExisting,
    recentCohortDependence: { recentPeriods: L, share: periods.map((_, p) => div(recentCents[p]!, totCents[p]!)) },
    retentionTrend,
    health,
    reconciliation: { totalRevenueCents: panel.totalSpendCents, layerSumCents: layerSum, exact: layerSum === panel.totalSpendCents },
  };
}

/** Default C3 layers: acquisition years over 3+ calendar years of data, else quarters (or the panel period when coarser). */
function defaultLayers(panel: PeriodPanel): Cohorts {
  const years = Number(panel.observationEnd.slice(0, 4)) - Number(panel.observationStart.slice(0, 4)) + 1;
  const by = years >= 3 ? "year" : panel.period === "year" ? "year" : "quarter";
  return assignCohorts(panel, { by });
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

function healthSummary(
  panel: PeriodPanel,
  totActive: Float64Array,
  retained: Float64Array,
  weights: Partial<Record<HealthFactorName, number>>,
  countData: boolean,
): Lens5Result["health"] {
  const { end, b0, a0, a1, hasPrev } = healthWindows(panel);
  const Bw = aggregateWindow(panel, b0, end);
  const B = windowActivity(panel, Bw, b0);
  const A = hasPrev ? windowActivity(panel, aggregateWindow(panel, a0, a1), b0) : null;
  const retB = meanRetention(totActive, retained, b0, end);
  const retA = hasPrev ? meanRetention(totActive, retained, a0, a1) : null;
  const top10 = countData ? null : topShare(Bw, 0.1);
  const growth = A && A.n > 0 ? B.n / A.n - 1 : null;
  const rpcA = A && A.n > 0 ? A.cents / A.n : null;
  const rpcB = B.n > 0 ? B.cents / B.n : null;
  const rpcGrowth = !countData && rpcA !== null && rpcB !== null && rpcA !== 0 ? rpcB / rpcA - 1 : null;
  const w = { ...HEALTH_WEIGHTS, ...weights };
  for (const [k, v] of Object.entries(w)) if (!(v >= 0)) throw new Error(`invalid health weight ${k}=${v}: use a number >= 0`);
  const raw = healthFactors({ retA, retB, B, top10, growth, rpcGrowth, countData }, w);
  const used = raw.reduce((s, f) => s + (f.score === null ? 0 : f.weight), 0);
  const factors: HealthFactor[] = raw.map((f) => ({ ...f, effectiveWeight: f.score === null || used === 0 ? 0 : f.weight / used }));
  const score = used > 0 ? factors.reduce((s, f) => s + (f.score ?? 0) * f.effectiveWeight, 0) : null;
  return {
    lastWindow: windowInfo(panel, b0, end),
    previousWindow: hasPrev ? windowInfo(panel, a0, a1) : null,
    factors,
    score,
    note: "clvlab's health summary (not from the book): score = sum of factor score × effective weight; factors without a value are dropped and the other weights rescaled to sum to 1.",
  };
}

/** The health windows: the last year of periods up to the last complete one [b0, end] and the year before it [a0, a1] (halves of the data when it spans less than two years). */
function healthWindows(panel: PeriodPanel): { end: number; b0: number; a0: number; a1: number; hasPrev: boolean } {
  const last = lastCompletePeriod(panel);
  const end = last >= 0 ? last : panel.periodLabels.length - 1;
  let L = YEAR_OF_PERIODS[panel.period];
  if (end + 1 < 2 * L) L = Math.max(1, Math.floor((end + 1) / 2)); // less than two years: halves
  const b0 = Math.max(0, end - L + 1);
  const a1 = b0 - 1;
  const a0 = Math.max(0, a1 - L + 1);
  const hasPrev = a1 >= 0;
  return { end, b0, a0, a1, hasPrev };
}

/** Mean period-to-period retention over a window (periods whose previous period exists); null when none has active customers before it. */
function meanRetention(totActive: Float64Array, retained: Float64Array, from: number, to: number): number | null {
  let s = 0;
  let k = 0;
  for (let p = Math.max(1, from); p <= to; p++)
    if (totActive[p - 1]! > 0) {
      s += retained[p]! / totActive[p - 1]!;
      k++;
    }
  return k ? s / k : null;
}

/** A window's customers with orders, its revenue (cents), and the part of it from customers acquired from period b0 on (the last window's new customers). */
function windowActivity(panel: PeriodPanel, w: ReturnType<typeof aggregateWindow>, b0: number): { n: number; cents: number; recent: number } {
  let n = 0;
  let cents = 0;
  let recent = 0;
  for (let c = 0; c < w.orders.length; c++) {
    if (w.orders[c]! > 0) n++;
    if (w.hasRow[c]) {
      cents += w.cents[c]!;
      if (panel.acquisitionPeriod[c]! >= b0) recent += w.cents[c]!;
    }
  }
  return { n, cents, recent };
}

/** What the health factors are computed from: retention of both windows, the last window's activity, top-10% share, growth of active customers and of revenue per customer. */
interface HealthInputs {
  retA: number | null;
  retB: number | null;
  B: { n: number; cents: number; recent: number };
  top10: number | null;
  growth: number | null;
  rpcGrowth: number | null;
  countData: boolean;
}

/** The six health factors with their values, scoring rules, scores and weights (before the weights are rescaled over the factors that have a value). */
function healthFactors(h: HealthInputs, w: Record<HealthFactorName, number>): Array<Omit<HealthFactor, "effectiveWeight">> {
  const { retA, retB, B, top10, growth, rpcGrowth, countData } = h;
  return [
    {
      name: "retention",
      description: "mean period-to-period retention (share of last period's active customers active again) over the last window",
      value: retB,
      rule: "score = the retention rate itself",
      score: retB === null ? null : clamp01(retB),
      weight: w.retention,
    },
    {
      name: "retentionTrend",
      description: "change in mean period-to-period retention from the previous window to the last one (fraction, 0.05 = +5 points)",
      value: retA !== null && retB !== null ? retB - retA : null,
      rule: "score = 0.5 + change / 0.2, clamped to [0, 1] (-10 points = 0, +10 points = 1)",
      score: retA !== null && retB !== null ? clamp01(0.5 + (retB - retA) / 0.2) : null,
      weight: w.retentionTrend,
    },
    {
      name: "newCohortDependence",
      description: "share of the last window's revenue from customers acquired within that window",
      value: countData ? null : div(B.recent, B.cents),
      rule: "score = 1 - share (a base that lives on new customers is fragile)",
      score: !countData && B.cents > 0 ? clamp01(1 - B.recent / B.cents) : null,
      weight: w.newCohortDependence,
    },
    {
      name: "concentration",
      description: "share of the last window's revenue from its top 10% of customers",
      value: top10,
      rule: "score = (0.9 - share) / 0.8, clamped (10% = perfectly even = 1, 90% or more = 0)",
      score: top10 === null ? null : clamp01((0.9 - top10) / 0.8),
      weight: w.concentration,
    },
    {
      name: "activeCustomerGrowth",
      description: "active customers in the last window relative to the previous window, minus 1",
      value: growth,
      rule: "score = 0.5 + growth / 0.4, clamped (-20% = 0, +20% = 1)",
      score: growth === null ? null : clamp01(0.5 + growth / 0.4),
      weight: w.activeCustomerGrowth,
    },
    {
      name: "revenuePerCustomerGrowth",
      description: "revenue per active customer in the last window relative to the previous window, minus 1",
      value: rpcGrowth,
      rule: "score = 0.5 + growth / 0.4, clamped (-20% = 0, +20% = 1)",
      score: rpcGrowth === null ? null : clamp01(0.5 + rpcGrowth / 0.4),
      weight: w.revenuePerCustomerGrowth,
    },
  ];
}

/** Share of active customers' revenue from the top ceil(share × n) of them (lens 1's concentration). */
function topShare(w: ReturnType<typeof aggregateWindow>, share: number): number | null {
  const { ascending, totalCents } = activeValues(w);
  return div(topCustomers(ascending, share).cents, totalCents);
}
