import type { TransactionLog } from "../data/types.js";
import { createRng, type Rng } from "../random/createRng.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";

/** Behavioural segments of {@link simulateSegmentedLog}. */
export const SEGMENTED_LOG_SEGMENTS = ["heterogeneous", "regular", "seasonal"] as const;

/** Options of {@link simulateSegmentedLog}. Rates are per day. */
export interface SegmentedLogOptions {
  seed: number;
  /** Customers. Default 3000. */
  customers?: number;
  /** First acquisition day, ISO. Default "2021-01-01". */
  start?: string;
  /** Acquisition is uniform over this many days from `start` (at least 730: two years). Default 730. */
  acquisitionDays?: number;
  /** Last day simulated, ISO (inclusive). Default start + 3 years (1,095 days). */
  end?: string;
  /** Segment shares (normalized). Default heterogeneous 0.5, regular 0.3, seasonal 0.2. */
  mix?: { heterogeneous?: number; regular?: number; seasonal?: number };
  /** Shape k of the regular buyers' Erlang inter-purchase times (coefficient of variation 1/√k). Default 8. */
  erlangK?: number;
}

/** A simulated log and what generated it. */
export interface SegmentedLog {
  log: TransactionLog;
  /** Per customer, in `log.customerIds` order: segment index into SEGMENTED_LOG_SEGMENTS, acquisition day, death day (may lie after the end). */
  segment: Int32Array;
  acquisitionDay: Int32Array;
  deathDay: Float64Array;
  /** The options used, defaults filled in. */
  settings: Required<Omit<SegmentedLogOptions, "mix">> & { mix: { heterogeneous: number; regular: number; seasonal: number } };
}

/** Whether a day number lies in the holiday season, 15 November to 31 December. */
function inSeason(day: number): boolean {
  const d = new Date(day * 86_400_000);
  const m = d.getUTCMonth();
  return m === 11 || (m === 10 && d.getUTCDate() >= 15);
}

/**
 * Simulates a multi-cohort, multi-segment transaction log (seeded), the kind of customer base BTYD models cannot
 * express in one population: customers are acquired uniformly over `acquisitionDays` (≥ 2 years, so several
 * cohorts of different ages at any calibration end) and belong to one of three segments:
 *
 * - **heterogeneous** (Pareto/NBD): λ ~ Gamma(0.8, rate 40) per day (one purchase per 50 days on average),
 *   exponential lifetime with μ ~ Gamma(0.8, rate 400), Poisson purchasing while alive; spend per purchase
 *   Gamma-Gamma (p 6, q 4, v 15: mean $30).
 * - **regular**: Erlang-k inter-purchase times (k = `erlangK`, default 8, so near-periodic) around a customer
 *   mean gap ~ Gamma(20, rate 20/28) days, exponential lifetime with mean 1,000 days; steady spend (customer
 *   mean ~ Gamma(20, rate 20/55), each purchase Gamma(25, rate 25/mean): about $55). BTYD assumes Poisson purchasing
 *   and so misreads their regularity (e.g. a long gap just after a purchase means nothing for them).
 * - **seasonal**: a low base rate λ_b ~ Gamma(2, rate 500) per day plus a holiday rate λ_h ~ Gamma(4, rate 50)
 *   from 15 November to 31 December (about 3.6 purchases a season), exponential lifetime with mean 1,500 days;
 *   spend Gamma(5, rate 5/80) per purchase (about $80).
 *
 * Each customer's first purchase is on the acquisition day. Purchases are whole days (several on one day stay
 * separate rows); amounts are in dollars with cents. Only `createRng(seed)` randomness: the same seed gives the
 * same log. Rows are in time order per customer, customers in acquisition order.
 * @see Schmittlein, Morrison & Colombo (1987) (Pareto/NBD), https://doi.org/10.1287/mnsc.33.1.1; Platzer & Reutterer (2016), Ticking away the moments: timing regularity helps to better predict customer activity, Marketing Science 35(5) (Erlang-k regular buyers), https://doi.org/10.1287/mksc.2015.0963
 * @example const { log, segment } = simulateSegmentedLog({ seed: 1, customers: 2000 }); evaluateHoldout(log, { calibrationEnd: "2023-06-30", observationEnd: "2023-12-31" })
 */
export function simulateSegmentedLog(options: SegmentedLogOptions): SegmentedLog {
  const seed = options.seed;
  const n = options.customers ?? 3000;
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`invalid customers ${n}: use a whole number ≥ 1`);
  const startIso = options.start ?? "2021-01-01";
  const start = dayNumber(startIso);
  const acquisitionDays = options.acquisitionDays ?? 730;
  if (!(Number.isInteger(acquisitionDays) && acquisitionDays >= 730)) throw new Error(`invalid acquisitionDays ${acquisitionDays}: use a whole number ≥ 730 (two years of cohorts)`);
  const end = options.end !== undefined ? dayNumber(options.end) : start + 1095;
  if (end < start + acquisitionDays) throw new Error(`end ${isoDate(end)} is before the last acquisition day ${isoDate(start + acquisitionDays - 1)}: give a later end`);
  const k = options.erlangK ?? 8;
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`invalid erlangK ${k}: use a whole number ≥ 1`);
  const raw = { heterogeneous: options.mix?.heterogeneous ?? 0.5, regular: options.mix?.regular ?? 0.3, seasonal: options.mix?.seasonal ?? 0.2 };
  const total = raw.heterogeneous + raw.regular + raw.seasonal;
  if (!(total > 0) || Object.values(raw).some((v) => !(v >= 0))) throw new Error(`invalid mix ${JSON.stringify(options.mix)}: use non-negative shares with a positive sum`);
  const mix = { heterogeneous: raw.heterogeneous / total, regular: raw.regular / total, seasonal: raw.seasonal / total };
  const rng = createRng(seed);

  const acq = new Int32Array(n);
  for (let i = 0; i < n; i++) acq[i] = start + Math.floor(rng.uniform() * acquisitionDays);
  acq.sort();
  const segment = new Int32Array(n), deathDay = new Float64Array(n);
  const cust: number[] = [], days: number[] = [], amounts: number[] = [];
  const horizon = end + 1; // purchases at continuous times < end + 1 fall on days ≤ end
  const push = (i: number, t: number, amount: number) => {
    cust.push(i);
    days.push(Math.floor(t));
    amounts.push(Math.round(amount * 100) / 100);
  };
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    const seg = u < mix.heterogeneous ? 0 : u < mix.heterogeneous + mix.regular ? 1 : 2;
    segment[i] = seg;
    const t0 = acq[i]! + rng.uniform() * 0.999; // a time of day on the acquisition day
    if (seg === 0) simulateHeterogeneous(rng, i, t0, horizon, deathDay, push);
    else if (seg === 1) simulateRegular(rng, i, t0, horizon, k, deathDay, push);
    else simulateSeasonal(rng, i, t0, horizon, deathDay, push);
  }
  const m = cust.length;
  const log: TransactionLog = {
    length: m,
    customerIds: Array.from({ length: n }, (_, i) => `S${String(i + 1).padStart(6, "0")}`),
    customer: Int32Array.from(cust),
    day: Int32Array.from(days),
    timestamp: Float64Array.from(days, (d) => d * 86_400_000),
    amount: Float64Array.from(amounts),
    attributes: {},
    timeZone: "UTC",
    report: { rowsRead: m, rowsUsed: m, counts: {}, examples: [] },
  };
  return { log, segment, acquisitionDay: acq, deathDay, settings: { seed, customers: n, start: startIso, acquisitionDays, end: isoDate(end), erlangK: k, mix } };
}

type Push = (i: number, t: number, amount: number) => void;

function simulateHeterogeneous(rng: Rng, i: number, t0: number, horizon: number, death: Float64Array, push: Push): void {
  const lam = rng.gamma(0.8, 40), mu = rng.gamma(0.8, 400);
  const nu = rng.gamma(4, 15); // Gamma-Gamma: ν ~ Gamma(q, v), spend ~ Gamma(p, ν)
  const dies = t0 + rng.exponential(mu);
  death[i] = dies;
  push(i, t0, rng.gamma(6, nu));
  for (let t = t0 + rng.exponential(lam); t < Math.min(dies, horizon); t += rng.exponential(lam)) push(i, t, rng.gamma(6, nu));
}

function simulateRegular(rng: Rng, i: number, t0: number, horizon: number, k: number, death: Float64Array, push: Push): void {
  const gap = rng.gamma(20, 20 / 28);
  const mean = rng.gamma(20, 20 / 55);
  const dies = t0 + rng.exponential(1 / 1000);
  death[i] = dies;
  push(i, t0, rng.gamma(25, 25 / mean));
  for (let t = t0 + rng.gamma(k, k / gap); t < Math.min(dies, horizon); t += rng.gamma(k, k / gap)) push(i, t, rng.gamma(25, 25 / mean));
}

function simulateSeasonal(rng: Rng, i: number, t0: number, horizon: number, death: Float64Array, push: Push): void {
  const base = rng.gamma(2, 500), peak = rng.gamma(4, 50);
  const dies = t0 + rng.exponential(1 / 1500);
  death[i] = dies;
  push(i, t0, rng.gamma(5, 5 / 80));
  // Thinning (Lewis & Shedler 1979): candidates at the larger rate, kept with probability rate(t) / max.
  const max = base + peak;
  for (let t = t0 + rng.exponential(max); t < Math.min(dies, horizon); t += rng.exponential(max)) {
    const rate = inSeason(Math.floor(t)) ? base + peak : base;
    if (rng.uniform() * max < rate) push(i, t, rng.gamma(5, 5 / 80));
  }
}
