import type { TransactionLog } from "../data/types.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";
import { NO_DAY, periodLabel, periodOrdinal, periodStartDay, type PeriodKind, type PeriodPanel } from "./periodPanel.js";

/** A named acquisition window (ISO dates, inclusive) with free metadata (campaign, channel, notes...). */
export interface CohortWindow {
  name: string;
  start: string;
  end: string;
  metadata?: Record<string, string | number | boolean>;
}

/**
 * How customers are grouped:
 * - `{ by: "month" | "quarter" | "year" }`: acquisition cohorts, by the calendar period of the first purchase;
 * - `{ windows: [...] }`: custom cohorts, by the named date window holding the first purchase;
 * - `{ attribute: "city" }`: the attribute value on the customer's first purchase row (needs the log).
 */
export type CohortSpec =
  | { by: PeriodKind }
  | { windows: readonly CohortWindow[] }
  | { attribute: string };

/** Cohort membership: `cohort[c]` indexes `labels` (-1: in no cohort, counted in `unassigned`). */
export interface Cohorts {
  readonly kind: "acquisition" | "windows" | "attribute";
  /** The spec's period (acquisition cohorts) or attribute name. */
  readonly by: string;
  readonly labels: readonly string[];
  readonly cohort: Int32Array;
  readonly size: readonly number[];
  /** Acquisition window of each cohort, ISO dates (acquisition and window cohorts). */
  readonly start?: readonly string[];
  readonly end?: readonly string[];
  readonly metadata?: ReadonlyArray<Record<string, string | number | boolean>>;
  /** Customers with rows in the panel's window that fall in no cohort (outside every custom window). */
  readonly unassigned: number;
}

/** Label used for customers whose first-purchase row has no value for the attribute. */
export const MISSING_ATTRIBUTE = "(missing)";

/**
 * Assigns each customer to a cohort: the acquisition cohort (the period of the first purchase), a named
 * acquisition window, or the value of an attribute (city, channel...) on the first purchase. Acquisition
 * cohorts are the book's unit of analysis for Lenses 3-5 (Fader, Hardie & Ross, *The Customer-Base Audit*,
 * 2022, Lenses 3-5: a cohort is the group of customers acquired in the same period).
 * @see https://wharton.upenn.edu/the-customer-base-audit/
 * @example
 * const panel = periodPanel(log, { period: "month" });
 * assignCohorts(panel, { by: "quarter" }).labels; // ["2023-Q1", ...]
 * assignCohorts(panel, { attribute: "city" }, log).labels; // ["Austin", "Dallas", ...]
 */
export function assignCohorts(panel: PeriodPanel, spec: CohortSpec, log?: TransactionLog): Cohorts {
  const nCust = panel.customerIds.length;
  const cohort = new Int32Array(nCust).fill(-1);
  if ("by" in spec) return acquisitionCohorts(panel, spec.by, cohort);
  if ("windows" in spec) return windowCohorts(panel, spec.windows, cohort);
  if ("attribute" in spec) return attributeCohorts(panel, spec.attribute, log, cohort);
  throw new Error(`invalid cohort spec ${JSON.stringify(spec)}: use { by: "month" }, { windows: [...] } or { attribute: "city" }`);
}

/** Acquisition cohorts: customers by the calendar period of their first purchase, every period from the first acquisition to the last (empty ones included). */
function acquisitionCohorts(panel: PeriodPanel, kind: PeriodKind, cohort: Int32Array): Cohorts {
  const nCust = panel.customerIds.length;
  const first = panel.firstPurchaseDay;
  if (!["day", "week", "month", "quarter", "year"].includes(kind))
    throw new Error(`invalid cohort period "${String(kind)}": use day, week, month, quarter or year`);
  // Ordinal of every day between the first and last acquisition, so the calendar maths runs once per day, not per customer.
  let dMin = Infinity;
  let dMax = -Infinity;
  for (let c = 0; c < nCust; c++) {
    if (first[c] === NO_DAY) continue;
    if (first[c]! < dMin) dMin = first[c]!;
    if (first[c]! > dMax) dMax = first[c]!;
  }
  if (dMin === Infinity) return empty("acquisition", kind, cohort);
  const lo = periodOrdinal(kind, dMin);
  const hi = periodOrdinal(kind, dMax);
  const ordOfDay = new Int32Array(dMax - dMin + 1);
  for (let d = dMin; d <= dMax; d++) ordOfDay[d - dMin] = periodOrdinal(kind, d) - lo;
  const labels: string[] = [];
  const start: string[] = [];
  const end: string[] = [];
  for (let o = lo; o <= hi; o++) {
    labels.push(periodLabel(kind, o));
    start.push(isoDate(periodStartDay(kind, o)));
    end.push(isoDate(periodStartDay(kind, o + 1) - 1));
  }
  const size = new Array<number>(labels.length).fill(0);
  for (let c = 0; c < nCust; c++) {
    if (first[c] === NO_DAY) continue;
    const g = ordOfDay[first[c]! - dMin]!;
    cohort[c] = g;
    size[g]!++;
  }
  return { kind: "acquisition", by: kind, labels, cohort, size, start, end, unassigned: 0 };
}

/** Custom cohorts: customers by the named window (checked: valid dates, unique names, start before end, no overlaps) holding their first purchase; customers in none are unassigned. */
function windowCohorts(panel: PeriodPanel, w: readonly CohortWindow[], cohort: Int32Array): Cohorts {
  const nCust = panel.customerIds.length;
  const first = panel.firstPurchaseDay;
  if (w.length === 0) throw new Error("no cohort windows given: pass at least one { name, start, end }");
  const lo = w.map((x) => parseWindowDay(x.start, x.name));
  const hi = w.map((x) => parseWindowDay(x.end, x.name));
  const names = new Set<string>();
  for (let i = 0; i < w.length; i++) {
    if (names.has(w[i]!.name)) throw new Error(`duplicate cohort window name "${w[i]!.name}": names must be unique`);
    names.add(w[i]!.name);
    if (lo[i]! > hi[i]!) throw new Error(`cohort window "${w[i]!.name}" starts ${w[i]!.start} after it ends ${w[i]!.end}: swap start and end`);
    for (let j = 0; j < i; j++)
      if (lo[i]! <= hi[j]! && lo[j]! <= hi[i]!)
        throw new Error(`cohort windows "${w[j]!.name}" and "${w[i]!.name}" overlap: a customer must fall in one window only`);
  }
  const size = new Array<number>(w.length).fill(0);
  let unassigned = 0;
  for (let c = 0; c < nCust; c++) {
    const d = first[c]!;
    if (d === NO_DAY) continue;
    let g = -1;
    for (let i = 0; i < w.length; i++) if (d >= lo[i]! && d <= hi[i]!) g = i;
    cohort[c] = g;
    if (g < 0) unassigned++;
    else size[g]!++;
  }
  return {
    kind: "windows",
    by: "window",
    labels: w.map((x) => x.name),
    cohort,
    size,
    start: w.map((x) => x.start),
    end: w.map((x) => x.end),
    metadata: w.map((x) => ({ ...(x.metadata ?? {}) })),
    unassigned,
  };
}

/** Attribute cohorts: the attribute's value on each customer's first purchase row (from the log the panel was built from), labels sorted. */
function attributeCohorts(panel: PeriodPanel, attribute: string, log: TransactionLog | undefined, cohort: Int32Array): Cohorts {
  const nCust = panel.customerIds.length;
  const first = panel.firstPurchaseDay;
  if (!log) throw new Error(`cohorts by attribute "${attribute}" need the transaction log: assignCohorts(panel, spec, log)`);
  if (log.customerIds.length !== nCust) throw new Error("the log does not match the panel (different customers): pass the log the panel was built from");
  const col = log.attributes[attribute];
  if (!col) {
    const found = Object.keys(log.attributes);
    throw new Error(`unknown attribute "${attribute}": the log has ${found.length ? found.join(", ") : "no attributes"}`);
  }
  const codes = new Map<string, number>();
  const raw = new Int32Array(nCust).fill(-1);
  for (let c = 0; c < nCust; c++) {
    if (first[c] === NO_DAY) continue;
    const row = panel.firstPurchaseRow[c]!;
    const v = row >= 0 ? col[row] || MISSING_ATTRIBUTE : MISSING_ATTRIBUTE;
    let code = codes.get(v);
    if (code === undefined) codes.set(v, (code = codes.size));
    raw[c] = code;
  }
  const labels = [...codes.keys()].sort();
  const remap = new Int32Array(labels.length);
  labels.forEach((l, i) => (remap[codes.get(l)!] = i));
  const size = new Array<number>(labels.length).fill(0);
  for (let c = 0; c < nCust; c++) {
    if (raw[c]! < 0) continue;
    cohort[c] = remap[raw[c]!]!;
    size[cohort[c]!]!++;
  }
  return { kind: "attribute", by: attribute, labels, cohort, size, unassigned: 0 };
}

function empty(kind: Cohorts["kind"], by: string, cohort: Int32Array): Cohorts {
  return { kind, by, labels: [], cohort, size: [], unassigned: 0 };
}

function parseWindowDay(value: string, name: string): number {
  try {
    return dayNumber(value);
  } catch {
    throw new Error(`cohort window "${name}": invalid date ${JSON.stringify(value)}, expected YYYY-MM-DD`);
  }
}
