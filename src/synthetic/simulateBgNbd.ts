import { parseTimeUnit } from "../time/timeUnit.js";
import { DAYS_PER_UNIT, type TimeUnit, type TransactionLog } from "../data/types.js";
import { createRng, type Rng } from "../random/createRng.js";
import type { CustomerSummary } from "../summaries/types.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";

/** Options of {@link simulateBgNbd} and `simulateParetoNbd`. */
export interface SimulationOptions {
  /** Seed (or an Rng) — required, the simulation is deterministic. */
  seed: number | Rng;
  /** Number of customers (default 1000). */
  customers?: number;
  /** Observation length per customer, from the first purchase, in `timeUnit`: one number, one per customer, or a
   * uniform range `{ min, max }` (continuous, so no two customers alike). Default 39. */
  T?: number | ArrayLike<number> | { min: number; max: number };
  /** Unit of T, recency and the rates (default "weeks"). */
  timeUnit?: TimeUnit;
  /** Gamma-Gamma spend: value of each transaction ~ Gamma(p, rate ν), ν ~ Gamma(q, rate v). Default: every purchase worth 1. */
  spend?: { p: number; q: number; v: number };
  /** Calendar date (ISO) of the earliest first purchase (default "2020-01-01"). */
  startDate?: string;
  /** Build the transaction log too (default true; turn off for million-customer benchmarks). */
  transactions?: boolean;
}

/** A simulated customer base: continuous-time summary, the drawn transactions, and the latent truth. */
export interface SimulatedCustomers {
  /** Continuous-time summary (exact times, not bucketed to days): frequency, recency, T, monetaryValue in `timeUnit`. */
  summary: CustomerSummary;
  /** The drawn purchases (first purchase included), one row each; absent when `transactions: false`. */
  transactions?: TransactionLog;
  /** Latent per-customer draws: purchase rate, dropout (p for BG/NBD, μ for Pareto/NBD), alive at the end, mean spend ν-based. */
  truth: { lambda: Float64Array; dropout: Float64Array; alive: Uint8Array; expectedSpend?: Float64Array };
}

/** Draws one customer's repeat-purchase times (in (0, T]) into `times`; returns the count and whether still alive at T. */
export type PurchaseProcess = (rng: Rng, i: number, T: number, times: number[]) => boolean;

/**
 * Simulates customers from the BG/NBD (Fader, Hardie & Lee 2005): λ ~ Gamma(r, rate alpha), p ~ Beta(a, b); after
 * the first purchase at time 0, purchases follow a Poisson(λ) process and after each repeat purchase the customer
 * drops out with probability p. Optionally Gamma-Gamma spend per transaction.
 * @see https://brucehardie.com/papers/018/fader_et_al_mksc_05.pdf
 * @example const { summary, transactions } = simulateBgNbd({ r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, { seed: 1, customers: 5000, T: 39 })
 */
export function simulateBgNbd(params: { r: number; alpha: number; a: number; b: number }, options: SimulationOptions): SimulatedCustomers {
  const { r, alpha, a, b } = params;
  for (const [k, v] of Object.entries({ r, alpha, a, b })) if (!(v > 0)) throw new Error(`simulateBgNbd: parameter ${k} is ${v}: must be positive`);
  const n = options.customers ?? 1000;
  const lambda = new Float64Array(n), dropout = new Float64Array(n);
  return simulateCustomers(options, "simulateBgNbd", lambda, dropout, (rng, i, T, times) => {
    const lam = rng.gamma(r, alpha);
    const p = rng.beta(a, b);
    lambda[i] = lam;
    dropout[i] = p;
    let t = 0;
    for (;;) {
      t += rng.exponential(lam);
      if (t > T) return true;
      times.push(t);
      if (rng.uniform() < p) return false;
    }
  });
}

/** Shared driver: T per customer, calendar placement, spend draws, summary and transaction log (internal). */
export function simulateCustomers(options: SimulationOptions, what: string, lambda: Float64Array, dropout: Float64Array, draw: PurchaseProcess): SimulatedCustomers {
  const rng = typeof options.seed === "number" ? createRng(options.seed) : options.seed;
  if (rng === undefined) throw new Error(`${what}: a seed is required (options.seed)`);
  const n = options.customers ?? 1000;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what}: invalid number of customers ${n}: use a positive integer`);
  const unit = parseTimeUnit(options.timeUnit, "weeks");
  const Tspec = options.T ?? 39;
  const T = new Float64Array(n);
  if (typeof Tspec === "number") T.fill(Tspec);
  else if ("min" in Tspec && "max" in Tspec && typeof (Tspec as { min: unknown }).min === "number") {
    const { min, max } = Tspec as { min: number; max: number };
    if (!(min > 0 && max >= min)) throw new Error(`${what}: invalid T range {min: ${min}, max: ${max}}: need 0 < min <= max`);
    for (let i = 0; i < n; i++) T[i] = min + (max - min) * rng.uniform();
  } else {
    const arr = Tspec as ArrayLike<number>;
    if (arr.length !== n) throw new Error(`${what}: T has ${arr.length} values for ${n} customers: give one per customer or a single number`);
    for (let i = 0; i < n; i++) T[i] = arr[i]!;
  }
  for (let i = 0; i < n; i++) if (!(T[i]! > 0) || !Number.isFinite(T[i]!)) throw new Error(`${what}: T of customer ${i + 1} is ${T[i]}: must be positive`);
  const spend = options.spend;
  if (spend) for (const [k, v] of Object.entries(spend)) if (!(v > 0)) throw new Error(`${what}: spend parameter ${k} is ${v}: must be positive`);
  const withLog = options.transactions ?? true;
  const startDay = dayNumber(options.startDate ?? "2020-01-01");
  let maxT = 0;
  for (let i = 0; i < n; i++) maxT = Math.max(maxT, T[i]!);
  const unitDays = DAYS_PER_UNIT[unit];
  const frequency = new Float64Array(n), recency = new Float64Array(n), monetaryValue = new Float64Array(n);
  const firstPurchase = new Int32Array(n), lastPurchase = new Int32Array(n), totalSpend = new Float64Array(n), orders = new Int32Array(n);
  const alive = new Uint8Array(n);
  const expectedSpend = spend ? new Float64Array(n) : undefined;
  let cap = withLog ? n * 4 : 0, len = 0;
  let cust = new Int32Array(cap), day = new Int32Array(cap), ts = new Float64Array(cap), amt = new Float64Array(cap);
  const push = (c: number, timeUnits: number, value: number) => {
    if (len === cap) {
      cap *= 2;
      const grow = <A extends Int32Array | Float64Array>(src: A, make: (k: number) => A) => {
        const d = make(cap);
        d.set(src);
        return d;
      };
      cust = grow(cust, (k) => new Int32Array(k));
      day = grow(day, (k) => new Int32Array(k));
      ts = grow(ts, (k) => new Float64Array(k));
      amt = grow(amt, (k) => new Float64Array(k));
    }
    const ms = (startDay + timeUnits * unitDays) * 86_400_000;
    cust[len] = c;
    ts[len] = ms;
    day[len] = Math.floor(ms / 86_400_000);
    amt[len] = value;
    len++;
  };
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    times.length = 0;
    alive[i] = draw(rng, i, T[i]!, times) ? 1 : 0;
    const x = times.length;
    frequency[i] = x;
    recency[i] = x > 0 ? times[x - 1]! : 0;
    const offset = maxT - T[i]!; // acquisition time, so every customer's window ends at the same date
    let nu = 0;
    if (spend) {
      nu = rng.gamma(spend.q, spend.v);
      expectedSpend![i] = spend.p / nu;
    }
    const value = () => (spend ? rng.gamma(spend.p, nu) : 1);
    const v0 = value();
    let sum = 0;
    if (withLog) push(i, offset, v0);
    for (let k = 0; k < x; k++) {
      const v = value();
      sum += v;
      if (withLog) push(i, offset + times[k]!, v);
    }
    monetaryValue[i] = x > 0 ? sum / x : 0;
    totalSpend[i] = v0 + sum;
    orders[i] = x + 1;
    firstPurchase[i] = Math.floor(startDay + offset * unitDays);
    lastPurchase[i] = Math.floor(startDay + (offset + recency[i]!) * unitDays);
  }
  const width = String(n).length;
  const customerId = Array.from({ length: n }, (_, i) => `S${String(i + 1).padStart(width, "0")}`);
  const observationEnd = isoDate(Math.floor(startDay + maxT * unitDays));
  const summary: CustomerSummary = { timeUnit: unit, observationEnd, customerId, frequency, recency, T, monetaryValue, firstPurchase, lastPurchase, totalSpend, orders };
  const out: SimulatedCustomers = { summary, truth: { lambda, dropout, alive, expectedSpend } };
  if (withLog) {
    out.transactions = {
      length: len,
      customerIds: customerId,
      customer: cust.slice(0, len),
      day: day.slice(0, len),
      timestamp: ts.slice(0, len),
      amount: amt.slice(0, len),
      attributes: {},
      timeZone: "UTC",
      report: { rowsRead: len, rowsUsed: len, counts: {}, examples: [] },
    };
  }
  return out;
}
