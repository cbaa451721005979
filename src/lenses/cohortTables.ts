// Cohort-by-age and cohort-by-calendar-period aggregates shared by lenses 3, 4 and 5 (internal).
import type { Cohorts } from "../summaries/cohorts.js";
import { NO_DAY, type PeriodPanel } from "../summaries/periodPanel.js";
import { lastCompletePeriod, periodOfDay } from "./internal.js";

/**
 * Age = periods since the customer's own acquisition period (0 = the acquisition period). Only complete
 * periods are aged; a member is observed at age k when acquisition period + k is complete, so a young
 * cohort simply has fewer ages, and ratios use the members observed at that age.
 * Flattened [cohort * ages + age].
 */
export interface AgeTable {
  cohorts: number;
  ages: number;
  observed: Float64Array;
  active: Float64Array;
  orders: Float64Array;
  cents: Float64Array;
  marginCents?: Float64Array;
  /** Members observed at age k who had made a second purchase by age k. */
  repeaters: Float64Array;
  /** Revenue (cents) that cannot be placed in an aged cell, by reason. */
  unassignedCents: number;
  beforeAcquisitionCents: number;
  incompletePeriodCents: number;
  totalCents: number;
}

export function ageTable(panel: PeriodPanel, cohorts: Cohorts): AgeTable {
  const G = cohorts.labels.length;
  const lastC = lastCompletePeriod(panel);
  const acq = panel.acquisitionPeriod;
  const cohort = cohorts.cohort;
  const nCust = acq.length;
  let minAcq = Infinity;
  for (let c = 0; c < nCust; c++) if (cohort[c]! >= 0 && acq[c]! >= 0 && acq[c]! < minAcq) minAcq = acq[c]!;
  const A = lastC >= 0 && minAcq !== Infinity ? Math.max(0, lastC - minAcq + 1) : 0;
  const size = G * A;
  const observed = new Float64Array(size);
  const active = new Float64Array(size);
  const orders = new Float64Array(size);
  const cents = new Float64Array(size);
  const mc = panel.marginCents;
  const marginCents = mc ? new Float64Array(size) : undefined;
  const repDiff = new Float64Array(G * (A + 1));
  const obsDiff = new Float64Array(G * (A + 1));
  for (let c = 0; c < nCust; c++) {
    const g = cohort[c]!;
    if (g < 0 || acq[c]! < 0) continue;
    const horizon = lastC - acq[c]!;
    if (horizon < 0) continue;
    obsDiff[g * (A + 1)]!++;
    obsDiff[g * (A + 1) + horizon + 1]!--;
    const d2 = panel.secondPurchaseDay[c]!;
    if (d2 !== NO_DAY) {
      const age2 = periodOfDay(panel, d2) - acq[c]!;
      if (age2 <= horizon) {
        repDiff[g * (A + 1) + age2]!++;
        repDiff[g * (A + 1) + horizon + 1]!--;
      }
    }
  }
  const repeaters = new Float64Array(size);
  for (let g = 0; g < G; g++) {
    let o = 0;
    let r = 0;
    for (let k = 0; k < A; k++) {
      o += obsDiff[g * (A + 1) + k]!;
      r += repDiff[g * (A + 1) + k]!;
      observed[g * A + k] = o;
      repeaters[g * A + k] = r;
    }
  }
  let unassigned = 0;
  let before = 0;
  let incomplete = 0;
  let total = 0;
  const { customer, periodIndex, orders: o, spendCents } = panel;
  for (let r = 0; r < customer.length; r++) {
    const c = customer[r]!;
    const p = periodIndex[r]!;
    const v = spendCents[r]!;
    total += v;
    const g = cohort[c]!;
    if (g < 0) {
      unassigned += v;
      continue;
    }
    if (p > lastC) {
      incomplete += v;
      continue;
    }
    const k = p - acq[c]!;
    if (k < 0) {
      before += v; // a return dated before the customer's first purchase in the window
      continue;
    }
    const i = g * A + k;
    if (o[r]! > 0) active[i]!++;
    orders[i]! += o[r]!;
    cents[i]! += v;
    if (marginCents) marginCents[i]! += mc![r]!;
  }
  return {
    cohorts: G,
    ages: A,
    observed,
    active,
    orders,
    cents,
    ...(marginCents ? { marginCents } : {}),
    repeaters,
    unassignedCents: unassigned,
    beforeAcquisitionCents: before,
    incompletePeriodCents: incomplete,
    totalCents: total,
  };
}

/** Cohort × calendar period aggregates over every period (complete or not). Flattened [cohort * periods + period]; row G holds customers in no cohort. */
export interface CalendarTable {
  cohorts: number;
  periods: number;
  /** Members acquired in or before the period. */
  members: Float64Array;
  active: Float64Array;
  /** Active customers acquired in that very period. */
  newActive: Float64Array;
  orders: Float64Array;
  cents: Float64Array;
  /** Revenue of customers acquired in that very period. */
  newCents: Float64Array;
  totalCents: number;
}

export function calendarTable(panel: PeriodPanel, cohorts: Cohorts): CalendarTable {
  const G = cohorts.labels.length + 1;
  const P = panel.periodLabels.length;
  const members = new Float64Array(G * P);
  const active = new Float64Array(G * P);
  const newActive = new Float64Array(G * P);
  const orders = new Float64Array(G * P);
  const cents = new Float64Array(G * P);
  const newCents = new Float64Array(G * P);
  const acq = panel.acquisitionPeriod;
  const cohort = cohorts.cohort;
  for (let c = 0; c < acq.length; c++) {
    if (acq[c]! < 0) continue;
    const g = cohort[c]! < 0 ? G - 1 : cohort[c]!;
    members[g * P + acq[c]!]!++;
  }
  for (let g = 0; g < G; g++) for (let p = 1; p < P; p++) members[g * P + p]! += members[g * P + p - 1]!;
  let total = 0;
  const { customer, periodIndex, orders: o, spendCents } = panel;
  for (let r = 0; r < customer.length; r++) {
    const c = customer[r]!;
    const g = cohort[c]! < 0 ? G - 1 : cohort[c]!;
    const p = periodIndex[r]!;
    const i = g * P + p;
    const v = spendCents[r]!;
    total += v;
    cents[i]! += v;
    orders[i]! += o[r]!;
    const isNew = acq[c] === p;
    if (isNew) newCents[i]! += v;
    if (o[r]! > 0) {
      active[i]!++;
      if (isNew) newActive[i]!++;
    }
  }
  return { cohorts: G, periods: P, members, active, newActive, orders, cents, newCents, totalCents: total };
}
