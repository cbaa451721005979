import type { Cohorts } from "../summaries/cohorts.js";
import { NO_DAY, type PeriodKind, type PeriodPanel } from "../summaries/periodPanel.js";
import { ageTable } from "./cohortTables.js";
import { checkCohorts, defaultCohorts, div, money, quantileSorted } from "./internal.js";

/** Options of {@link lens3}. */
export interface Lens3Options {
  /** Cohort assignment. Default: acquisition cohorts by the panel's period (`assignCohorts(panel, { by: panel.period })`). */
  cohorts?: Cohorts;
  /** Label of the cohort to follow. Default: the oldest cohort with members (it has the longest history). */
  cohort?: string;
}

/** Time from first to second purchase, in days (bucket bounds are inclusive-exclusive). */
export interface TimeToSecondPurchase {
  unit: "days";
  /** Members who made a second purchase within the observation window. */
  repeaters: number;
  /** Members with no second purchase by the observation end (right-censored, not "never"). */
  notYetRepeated: number;
  median: number | null;
  mean: number | null;
  p25: number | null;
  p75: number | null;
  histogram: Array<{ label: string; fromDays: number; toDays: number | null; customers: number }>;
}

/** Lens 3 (Fader, Hardie & Ross 2022): one cohort, period by period since acquisition. */
export interface Lens3Result {
  lens: 3;
  period: PeriodKind;
  cohort: { label: string; size: number; kind: Cohorts["kind"]; by: string; start?: string; end?: string };
  /** Periods since acquisition, 0.. (every age, periods without activity included as zeros). */
  age: number[];
  /** Members observed at each age (acquisition period + age is a complete period). */
  membersObserved: number[];
  activeCustomers: number[];
  /** Share of the observed members active at each age. */
  retention: Array<number | null>;
  /** Share of the observed members who had made a second purchase by the end of each age. */
  cumulativeRepeatShare: Array<number | null>;
  orders: number[];
  revenue: number[];
  ordersPerActive: Array<number | null>;
  revenuePerActive: Array<number | null>;
  ordersPerMember: Array<number | null>;
  revenuePerMember: Array<number | null>;
  /** Sum over ages 0..k of revenue per observed member. */
  cumulativeRevenuePerMember: Array<number | null>;
  timeToSecondPurchase: TimeToSecondPurchase;
}

const BUCKETS: Array<[string, number, number | null]> = [
  ["same day", 0, 1],
  ["1-7 days", 1, 8],
  ["8-30 days", 8, 31],
  ["31-90 days", 31, 91],
  ["91-180 days", 91, 181],
  ["181-365 days", 181, 366],
  ["over a year", 366, null],
];

/**
 * Lens 3 of the customer-base audit: the behaviour of one cohort over time. In the book's definitions
 * (Fader, Hardie & Ross, *The Customer-Base Audit*, 2022, Lens 3) the period index counts periods since
 * acquisition (periods without activity are kept as zeros), retention at age k is the share of the cohort
 * active in period k, and the cohort's revenue per period is broken into active customers × orders per
 * active customer × average order value. Here age is measured from each member's own acquisition period
 * and only complete periods are aged, so a member counts at age k only once period k has fully elapsed.
 * @see https://wharton.upenn.edu/the-customer-base-audit/
 * @example
 * const panel = periodPanel(log, { period: "month" });
 * lens3(panel, { cohort: "2023-01" }).retention; // [1, 0.31, 0.27, ...]
 */
export function lens3(panel: PeriodPanel, options: Lens3Options = {}): Lens3Result {
  const cohorts = defaultCohorts(panel, options.cohorts);
  checkCohorts(panel, cohorts);
  const g = followedCohort(cohorts, options.cohort);
  const byAge = cohortByAge(ageTable(panel, cohorts), g);
  return {
    lens: 3,
    period: panel.period,
    cohort: {
      label: cohorts.labels[g]!,
      size: cohorts.size[g]!,
      kind: cohorts.kind,
      by: cohorts.by,
      ...(cohorts.start ? { start: cohorts.start[g]!, end: cohorts.end![g]! } : {}),
    },
    ...byAge,
    timeToSecondPurchase: timeToSecondPurchase(panel, cohorts, g),
  };
}

/** Index of the cohort to follow: the named one, else the oldest with members. */
function followedCohort(cohorts: Cohorts, label: string | undefined): number {
  let g: number;
  if (label !== undefined) {
    g = cohorts.labels.indexOf(label);
    if (g < 0) throw new Error(`unknown cohort "${label}": cohorts are ${cohorts.labels.slice(0, 12).join(", ")}${cohorts.labels.length > 12 ? ", ..." : ""}`);
  } else {
    g = cohorts.size.findIndex((s) => s > 0);
    if (g < 0) throw new Error("no cohort has members: the panel has no customers");
  }
  return g;
}

/** The per-age series of Lens3Result. */
type CohortByAge = Pick<Lens3Result, "age" | "membersObserved" | "activeCustomers" | "retention" | "cumulativeRepeatShare" | "orders" | "revenue" | "ordersPerActive" | "revenuePerActive" | "ordersPerMember" | "revenuePerMember" | "cumulativeRevenuePerMember">;

/** Cohort g's members, activity, orders and revenue at each age it has reached, and their ratios (revenue = active × orders per active × order value). */
function cohortByAge(t: ReturnType<typeof ageTable>, g: number): CohortByAge {
  const A = t.ages;
  // Trim trailing ages nobody in this cohort has reached yet.
  let K = 0;
  while (K < A && t.observed[g * A + K]! > 0) K++;
  const age: number[] = [];
  const membersObserved: number[] = [];
  const activeCustomers: number[] = [];
  const retention: Array<number | null> = [];
  const cumulativeRepeatShare: Array<number | null> = [];
  const orders: number[] = [];
  const revenue: number[] = [];
  const ordersPerActive: Array<number | null> = [];
  const revenuePerActive: Array<number | null> = [];
  const ordersPerMember: Array<number | null> = [];
  const revenuePerMember: Array<number | null> = [];
  const cumulativeRevenuePerMember: Array<number | null> = [];
  let cum = 0;
  for (let k = 0; k < K; k++) {
    const i = g * A + k;
    const n = t.observed[i]!;
    const a = t.active[i]!;
    const o = t.orders[i]!;
    const r = t.cents[i]!;
    age.push(k);
    membersObserved.push(n);
    activeCustomers.push(a);
    retention.push(div(a, n));
    cumulativeRepeatShare.push(div(t.repeaters[i]!, n));
    orders.push(o);
    revenue.push(money(r));
    ordersPerActive.push(div(o, a));
    revenuePerActive.push(div(r / 100, a));
    ordersPerMember.push(div(o, n));
    revenuePerMember.push(div(r / 100, n));
    cum += r / 100 / n;
    cumulativeRevenuePerMember.push(cum);
  }
  return { age, membersObserved, activeCustomers, retention, cumulativeRepeatShare, orders, revenue, ordersPerActive, revenuePerActive, ordersPerMember, revenuePerMember, cumulativeRevenuePerMember };
}

/** Time to second purchase, in days, over cohort g's members: quartiles, mean and histogram of the repeaters, and the count not yet repeated (censored). */
function timeToSecondPurchase(panel: PeriodPanel, cohorts: Cohorts, g: number): TimeToSecondPurchase {
  const gaps: number[] = [];
  let notYet = 0;
  const hist = BUCKETS.map(() => 0);
  for (let c = 0; c < cohorts.cohort.length; c++) {
    if (cohorts.cohort[c] !== g) continue;
    const d2 = panel.secondPurchaseDay[c]!;
    if (d2 === NO_DAY) {
      notYet++;
      continue;
    }
    const gap = d2 - panel.firstPurchaseDay[c]!;
    gaps.push(gap);
    hist[BUCKETS.findIndex(([, lo, hi]) => gap >= lo && (hi === null || gap < hi))]!++;
  }
  const sorted = Float64Array.from(gaps).sort();
  let sum = 0;
  for (const x of gaps) sum += x;
  return {
    unit: "days",
    repeaters: gaps.length,
    notYetRepeated: notYet,
    median: quantileSorted(sorted, 0.5),
    mean: div(sum, gaps.length),
    p25: quantileSorted(sorted, 0.25),
    p75: quantileSorted(sorted, 0.75),
    histogram: BUCKETS.map(([label, lo, hi], b) => ({ label, fromDays: lo, toDays: hi, customers: hist[b]! })),
  };
}
