import type { Cohorts } from "../summaries/cohorts.js";
import { mannKendallTrend, type TrendTest } from "./mannKendallTrend.js";
import type { PeriodKind, PeriodPanel } from "../summaries/periodPanel.js";
import { ageTable, calendarTable, type AgeTable } from "./cohortTables.js";
import { checkCohorts, defaultCohorts, div, money } from "./internal.js";

/** Options of {@link lens4}. */
export interface Lens4Options {
  /** Cohort assignment. Default: acquisition cohorts by the panel's period. */
  cohorts?: Cohorts;
}

/** One cohort at one age, with the revenue decomposition size × share active × orders per active × AOV (× margin rate). */
export interface Lens4Cell {
  cohort: string;
  age: number;
  /** Members observed at this age: the "size" factor. */
  size: number;
  activeCustomers: number;
  orders: number;
  revenue: number;
  shareActive: number | null;
  ordersPerActive: number | null;
  averageOrderValue: number | null;
  /** size × shareActive × ordersPerActive × averageOrderValue, rounded to the cent (equals `revenue` whenever orders > 0). */
  decomposedRevenue: number | null;
  revenuePerMember: number | null;
  cumulativeRevenuePerMember: number | null;
  retention: number | null;
  margin?: number;
  /** margin / revenue; decomposedRevenue × marginRate = margin. */
  marginRate?: number | null;
}

/** Lens 4 (Fader, Hardie & Ross 2022): cohorts compared, by age and in calendar time. */
export interface Lens4Result {
  lens: 4;
  period: PeriodKind;
  cohortKind: Cohorts["kind"];
  cohortBy: string;
  cohorts: Array<{ label: string; size: number; start?: string; end?: string; agesObserved: number; agesFullyObserved: number }>;
  /** Left-aligned view: every (cohort, age) observed, long format. */
  cells: Lens4Cell[];
  /** Cohort × age matrices (rows follow `cohorts`, columns are ages 0..); null where the cohort has not reached the age. */
  heatmap: { ages: number[]; retention: Array<Array<number | null>>; revenuePerMember: Array<Array<number | null>>; cumulativeRevenuePerMember: Array<Array<number | null>> };
  /** Comparisons at equal age: only cohorts whose every member has reached the age are ranked (by cumulative revenue per member). */
  equalAge: Array<{ age: number; cohorts: Array<{ cohort: string; retention: number | null; cumulativeRevenuePerMember: number | null; rank: number }> }>;
  /**
   * Best and worst cohort by a stated measure — cumulative revenue per member at the oldest age that at least half
   * of the cohorts (and at least two) have fully reached — and, for acquisition cohorts, a trend label over the
   * cohorts in acquisition order with the test behind it. Null when fewer than two cohorts can be compared.
   */
  comparison: {
    measure: string;
    age: number;
    cohortsCompared: number;
    best: { cohort: string; value: number | null };
    worst: { cohort: string; value: number | null };
    trend: TrendTest | null;
  } | null;
  /** Calendar view: cohort × calendar period revenue and active customers (last row: customers in no cohort, if any). */
  calendar: { periods: string[]; cohorts: string[]; revenue: number[][]; activeCustomers: number[][] };
  reconciliation: {
    /** Revenue of the panel, cents. */
    actualCents: number;
    /** Sum of the decomposed cell revenues, cents. */
    decomposedCents: number;
    /** Revenue that has no decomposition, cents: aged cells with no orders (returns only), periods not complete, returns dated before a customer's first purchase, customers in no cohort. */
    notDecomposedCents: { returnsWithoutOrders: number; incompletePeriods: number; beforeAcquisition: number; unassigned: number };
    /** Every cell with orders decomposes to its revenue to the cent, and decomposed + not decomposed = actual. */
    exact: boolean;
  };
}

/**
 * Lens 4 of the customer-base audit: several cohorts compared. In the book's definitions (Fader, Hardie &
 * Ross, *The Customer-Base Audit*, 2022, Lens 4), cohorts are compared left-aligned (by periods since
 * acquisition) so that a young cohort is never judged on totals an older one had more time to earn, and each
 * cohort-period's revenue is decomposed as cohort size × share active × orders per active customer × average
 * order value (× margin rate when costs are known).
 * @see https://wharton.upenn.edu/the-customer-base-audit/
 * @example
 * const l4 = lens4(periodPanel(log, { period: "month" }));
 * l4.equalAge.find((e) => e.age === 3)?.cohorts[0]?.cohort; // best cohort after 3 months
 */
export function lens4(panel: PeriodPanel, options: Lens4Options = {}): Lens4Result {
  const cohorts = defaultCohorts(panel, options.cohorts);
  checkCohorts(panel, cohorts);
  const t = ageTable(panel, cohorts);
  const { cohorts: G, ages: A } = t;
  const cells: Lens4Cell[] = [];
  const retention: Array<Array<number | null>> = [];
  const rpm: Array<Array<number | null>> = [];
  const crpm: Array<Array<number | null>> = [];
  const account = { decomposed: 0, noOrders: 0, exact: true };
  const cohortRows: Lens4Result["cohorts"] = [];
  for (let g = 0; g < G; g++) {
    const ages = cohortAges(t, cohorts, g, cells, account);
    retention.push(ages.retention);
    rpm.push(ages.revenuePerMember);
    crpm.push(ages.cumulativeRevenuePerMember);
    cohortRows.push({
      label: cohorts.labels[g]!,
      size: cohorts.size[g]!,
      ...(cohorts.start ? { start: cohorts.start[g]!, end: cohorts.end![g]! } : {}),
      agesObserved: ages.observed,
      agesFullyObserved: ages.fullyObserved,
    });
  }
  const { decomposed, noOrders, exact } = account;

  const equalAge = equalAgeRanking(cohorts, cohortRows, retention, crpm, A);
  const comparison = compareAtAge(panel, cohorts, cohortRows, equalAge);
  const calendar = calendarView(panel, cohorts);
  const notDecomposed = {
    returnsWithoutOrders: noOrders,
    incompletePeriods: t.incompletePeriodCents,
    beforeAcquisition: t.beforeAcquisitionCents,
    unassigned: t.unassignedCents,
  };
  const sumNot = noOrders + t.incompletePeriodCents + t.beforeAcquisitionCents + t.unassignedCents;
  return {
    lens: 4,
    period: panel.period,
    cohortKind: cohorts.kind,
    cohortBy: cohorts.by,
    cohorts: cohortRows,
    cells,
    heatmap: { ages: Array.from({ length: A }, (_, k) => k), retention, revenuePerMember: rpm, cumulativeRevenuePerMember: crpm },
    equalAge,
    comparison,
    calendar,
    reconciliation: {
      actualCents: t.totalCents,
      decomposedCents: decomposed,
      notDecomposedCents: notDecomposed,
      exact: exact && decomposed + sumNot === t.totalCents,
    },
  };
}

/**
 * Cohort g at each observed age: its cells (appended to `cells`) with the revenue decomposition, whose cents are
 * added to `account` (cells without orders to `noOrders`), and its retention and revenue-per-member rows.
 */
function cohortAges(t: AgeTable, cohorts: Cohorts, g: number, cells: Lens4Cell[], account: { decomposed: number; noOrders: number; exact: boolean }) {
  const A = t.ages;
  const size = cohorts.size[g]!;
  const retRow: Array<number | null> = new Array(A).fill(null);
  const rpmRow: Array<number | null> = new Array(A).fill(null);
  const crpmRow: Array<number | null> = new Array(A).fill(null);
  let cum = 0;
  let observedAges = 0;
  let fullAges = 0;
  for (let k = 0; k < A; k++) {
    const i = g * A + k;
    const n = t.observed[i]!;
    if (n === 0) break;
    observedAges++;
    if (n === size) fullAges++;
    const a = t.active[i]!;
    const o = t.orders[i]!;
    const r = t.cents[i]!;
    const shareActive = div(a, n);
    const opa = div(o, a);
    const aov = div(r, o); // cents per order
    let dec: number | null = null;
    if (o > 0) {
      dec = Math.round(n * shareActive! * opa! * aov!);
      account.decomposed += dec;
      if (dec !== r) account.exact = false;
    } else account.noOrders += r;
    cum += r / 100 / n;
    retRow[k] = shareActive;
    rpmRow[k] = r / 100 / n;
    crpmRow[k] = cum;
    const cell: Lens4Cell = {
      cohort: cohorts.labels[g]!,
      age: k,
      size: n,
      activeCustomers: a,
      orders: o,
      revenue: money(r),
      shareActive,
      ordersPerActive: opa,
      averageOrderValue: aov === null ? null : aov / 100,
      decomposedRevenue: dec === null ? null : money(dec),
      revenuePerMember: r / 100 / n,
      cumulativeRevenuePerMember: cum,
      retention: shareActive,
    };
    if (t.marginCents !== undefined) {
      const m = t.marginCents[i]!;
      cell.margin = money(m);
      cell.marginRate = div(m, r);
    }
    cells.push(cell);
  }
  return { retention: retRow, revenuePerMember: rpmRow, cumulativeRevenuePerMember: crpmRow, observed: observedAges, fullyObserved: fullAges };
}

/** Per age, the cohorts that all members have fully reached it, ranked by cumulative revenue per member (best first). */
function equalAgeRanking(cohorts: Cohorts, cohortRows: Lens4Result["cohorts"], retention: Array<Array<number | null>>, crpm: Array<Array<number | null>>, A: number): Lens4Result["equalAge"] {
  const equalAge: Lens4Result["equalAge"] = [];
  for (let k = 0; k < A; k++) {
    const rows: Array<{ cohort: string; retention: number | null; cumulativeRevenuePerMember: number | null; rank: number }> = [];
    for (let g = 0; g < cohorts.labels.length; g++)
      if (cohorts.size[g]! > 0 && cohortRows[g]!.agesFullyObserved > k)
        rows.push({ cohort: cohorts.labels[g]!, retention: retention[g]![k]!, cumulativeRevenuePerMember: crpm[g]![k]!, rank: 0 });
    if (rows.length < 2) continue;
    rows.sort((x, y) => (y.cumulativeRevenuePerMember ?? -Infinity) - (x.cumulativeRevenuePerMember ?? -Infinity) || (x.cohort < y.cohort ? -1 : 1));
    rows.forEach((r, i) => (r.rank = i + 1));
    equalAge.push({ age: k, cohorts: rows });
  }
  return equalAge;
}

/** The comparison age: the oldest age reached by at least half of the cohorts with members (and by two); best, worst and trend there. */
function compareAtAge(panel: PeriodPanel, cohorts: Cohorts, cohortRows: Lens4Result["cohorts"], equalAge: Lens4Result["equalAge"]): Lens4Result["comparison"] {
  const withMembers = cohortRows.filter((c) => c.size > 0).length;
  const chosen = [...equalAge].reverse().find((e) => e.cohorts.length >= Math.max(2, Math.ceil(withMembers / 2)));
  if (!chosen) return null;
  const rows = chosen.cohorts;
  const inOrder = cohorts.labels.map((l) => rows.find((r) => r.cohort === l)).filter((r) => r !== undefined);
  return {
    measure: `cumulative revenue per member at age ${chosen.age} (${panel.period}s since acquisition), over the ${rows.length} cohorts that have all reached it`,
    age: chosen.age,
    cohortsCompared: rows.length,
    best: { cohort: rows[0]!.cohort, value: rows[0]!.cumulativeRevenuePerMember },
    worst: { cohort: rows[rows.length - 1]!.cohort, value: rows[rows.length - 1]!.cumulativeRevenuePerMember },
    trend: cohorts.kind === "acquisition" ? mannKendallTrend(inOrder.map((r) => r.cumulativeRevenuePerMember ?? NaN)) : null,
  };
}

/** Calendar view: cohort × calendar period revenue and active customers, with a "(no cohort)" row when customers are in none. */
function calendarView(panel: PeriodPanel, cohorts: Cohorts): Lens4Result["calendar"] {
  const cal = calendarTable(panel, cohorts);
  const P = cal.periods;
  const calCohorts = [...cohorts.labels];
  const calRows = cal.cohorts - (hasUnassignedRows(cal) ? 0 : 1);
  if (calRows > cohorts.labels.length) calCohorts.push("(no cohort)");
  const revenue: number[][] = [];
  const activeCustomers: number[][] = [];
  for (let g = 0; g < calRows; g++) {
    revenue.push(Array.from(cal.cents.subarray(g * P, (g + 1) * P), money));
    activeCustomers.push(Array.from(cal.active.subarray(g * P, (g + 1) * P)));
  }
  return { periods: [...panel.periodLabels], cohorts: calCohorts, revenue, activeCustomers };
}

function hasUnassignedRows(cal: { cohorts: number; periods: number; members: Float64Array; cents: Float64Array }): boolean {
  const g = cal.cohorts - 1;
  for (let p = 0; p < cal.periods; p++) if (cal.members[g * cal.periods + p] !== 0 || cal.cents[g * cal.periods + p] !== 0) return true;
  return false;
}
