import { formatCsv } from "../io/formatCsv.js";
import { createRng, type Rng } from "../random/createRng.js";
import { transactionLogFromRecords, type TransactionRecord } from "../data/transactionLogFromRecords.js";
import type { TransactionLog } from "../data/types.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";

/** One city of the synthetic Texas client. */
export interface TexasCity {
  readonly city: string;
  /** Share of the customers (exact: counts are apportioned by largest remainder). */
  readonly share: number;
  /** The day the client opened in the city (ISO date); no customer of the city is acquired before it. */
  readonly launchDate: string;
  /** The promotion month (YYYY-MM): purchase rate × `promotionLift`, prices −20 %, and extra acquisitions. */
  readonly promotionMonth: string;
}

/** Options of {@link generateTexasRetail}. */
export interface TexasRetailOptions {
  /** Seed of the random stream (required: the data set is a function of it). */
  seed: number;
  /** Number of customers. Default 1000. */
  customers?: number;
  /** Last day of the data (ISO). Default "2025-06-30"; acquisition runs from each launch date to 2024-12-31. */
  observationEnd?: string;
  /** Mean monthly churn probability (customers draw their own from a Beta with this mean). Default 0.05. */
  monthlyChurn?: number;
  /** Mean orders per month of an active customer (individual rates are Gamma distributed). Default 0.8. */
  ordersPerMonth?: number;
  /** Multiplier of the purchase rate in a city's promotion month. Default 2.5. */
  promotionLift?: number;
  /** Probability that an order line is later returned (a negative line 3-30 days after). Default 0.01. */
  returnRate?: number;
  /** Behaviour changes for scenarios: from the day `from` (ISO) on, the purchase rate of the customers of `city`
   * (every city when absent) is multiplied by `multiplier` (e.g. 0.6 after a price rise). Default none: the
   * output is then exactly that of the same seed without this option. */
  rateChanges?: ReadonlyArray<{ readonly city?: string; readonly from: string; readonly multiplier: number }>;
}

/** Per-customer ground truth, aligned with `customerIds`. */
export interface TexasCustomerTruth {
  readonly customerIds: readonly string[];
  readonly city: readonly string[];
  readonly channel: readonly string[];
  /** Day numbers of acquisition (the first order) and of churn (the first day the customer is no longer active; > observation end if never). */
  readonly acquisitionDay: Int32Array;
  readonly churnDay: Int32Array;
  /** Monthly churn probability and orders per month of each customer. */
  readonly churnProbability: Float64Array;
  readonly ordersPerMonth: Float64Array;
}

/** The generated data set: the log, the cities, per-customer truth and the CSV text. */
export interface TexasRetailData {
  readonly log: TransactionLog;
  readonly cities: readonly TexasCity[];
  readonly truth: TexasCustomerTruth;
  readonly observationEnd: string;
  /** CSV with header `customer_id,order_id,date,product,quantity,amount,cost,city,channel`, LF line ends. */
  toCsv(): string;
}

/** The four cities, their shares, launch dates and promotion months. */
export const TEXAS_CITIES: readonly TexasCity[] = [
  { city: "Houston", share: 0.35, launchDate: "2023-01-01", promotionMonth: "2023-11" },
  { city: "Dallas", share: 0.3, launchDate: "2023-03-15", promotionMonth: "2024-05" },
  { city: "San Antonio", share: 0.2, launchDate: "2023-08-01", promotionMonth: "2024-07" },
  { city: "Austin", share: 0.15, launchDate: "2024-02-01", promotionMonth: "2024-09" },
];

// A small catalog: unit price and unit cost (margins differ by product).
const PRODUCTS: ReadonlyArray<{ name: string; price: number; cost: number; weight: number }> = [
  { name: "cold brew coffee", price: 4.5, cost: 1.2, weight: 14 },
  { name: "brisket sandwich", price: 12.95, cost: 6.1, weight: 10 },
  { name: "pecan pie", price: 18.0, cost: 7.4, weight: 6 },
  { name: "salsa jar", price: 6.75, cost: 2.3, weight: 12 },
  { name: "tortilla chips", price: 3.99, cost: 1.1, weight: 14 },
  { name: "bbq sauce", price: 7.5, cost: 2.6, weight: 9 },
  { name: "cowboy hat", price: 59.0, cost: 24.0, weight: 2 },
  { name: "t-shirt", price: 22.0, cost: 8.5, weight: 6 },
  { name: "cast iron skillet", price: 39.0, cost: 17.5, weight: 3 },
  { name: "hot sauce", price: 8.25, cost: 2.9, weight: 10 },
  { name: "cooler", price: 129.0, cost: 71.0, weight: 1 },
  { name: "tea towel", price: 9.5, cost: 3.2, weight: 5 },
];
const CHANNELS = ["store", "web", "app"] as const;
const CHANNEL_SHARE = [0.5, 0.35, 0.15];
const ACQ_END = "2024-12-31";
const DAYS_PER_MONTH = 365.25 / 12;

function pickWeighted(rng: Rng, weights: readonly number[], total: number): number {
  let u = rng.uniform() * total;
  for (let k = 0; k < weights.length; k++) {
    u -= weights[k]!;
    if (u < 0) return k;
  }
  return weights.length - 1;
}

// Month index (months since 1970-01) of a day number.
function monthOf(day: number): number {
  const iso = isoDate(day);
  return (Number(iso.slice(0, 4)) - 1970) * 12 + Number(iso.slice(5, 7)) - 1;
}
function monthStart(month: number): number {
  const y = 1970 + Math.floor(month / 12);
  const m = (month % 12) + 1;
  return dayNumber(`${y}-${String(m).padStart(2, "0")}-01`);
}
const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Generates the synthetic "Texas" retail client: customers in Houston, Dallas, San Antonio and Austin
 * (35/30/20/15 %), acquired between their city's launch date and 2024-12-31 (a share of them in the city's
 * promotion month), each buying as a Poisson process at an individual Gamma-distributed rate while active and
 * churning at month ends with an individual Beta-distributed probability (a discrete-time analogue of the
 * Pareto/NBD story of Schmittlein, Morrison & Colombo 1987). Orders have several lines (products, quantities,
 * amounts and costs); order ids are globally unique (`TX-000001`, … in date order); about `returnRate` of lines
 * are returned later as a negative line with its own order id. Deterministic from `seed`.
 *
 * @see https://doi.org/10.1287/mnsc.33.1.1 (Schmittlein, Morrison & Colombo 1987, the Pareto/NBD story)
 * @example
 * const tx = generateTexasRetail({ seed: 2024 });
 * tx.log.length; tx.cities[0].promotionMonth; writeFileAtomic("texas.csv", tx.toCsv());
 */
export function generateTexasRetail(options: TexasRetailOptions): TexasRetailData {
  const { seed } = options;
  const settings = texasSettings(options);
  const { nCust, obsEndIso } = settings;
  const obsEnd = dayNumber(obsEndIso);
  const acqEnd = Math.min(dayNumber(ACQ_END), obsEnd);
  const rng = createRng(seed);

  const cityOf = assignCities(nCust, rng);
  const calendar = texasCalendar(obsEnd);
  const custs = drawCustomers(cityOf, acqEnd, calendar, settings, rng);
  // Customer ids in acquisition order (C0001 is the first customer acquired).
  const orderIdx = custs.map((_, i) => i).sort((a, b) => custs[a]!.acq - custs[b]!.acq || a - b);
  const width = Math.max(4, String(nCust).length);

  const tmpOrders = simulateOrders(custs, orderIdx, obsEnd, calendar, settings, rng);
  const { lines, rank, orderSeq } = numberOrders(tmpOrders, orderIdx, nCust);

  const custId = (ci: number): string => `C${String(rank[ci]! + 1).padStart(width, "0")}`;
  const orderWidth = Math.max(6, String(orderSeq).length);
  const orderId = (k: number): string => `TX-${String(k).padStart(orderWidth, "0")}`;
  const records: TransactionRecord[] = lines.map((l) => ({
    customerId: custId(l.c),
    date: isoDate(l.day),
    amount: l.amount,
    orderId: orderId(l.order),
    quantity: l.qty,
    product: PRODUCTS[l.product]!.name,
    cost: l.cost,
    city: TEXAS_CITIES[custs[l.c]!.city]!.city,
    channel: CHANNELS[l.channel]!,
  }));
  const log = transactionLogFromRecords(records, "UTC");
  const ret = lines.filter((l) => l.ret).length;
  if (ret > 0) {
    log.report.counts.return = ret;
    log.report.returns = ret;
    log.report.rowsUsed = lines.length - ret;
  }

  const truth = customerTruth(custs, orderIdx, custId, obsEnd);
  return { log, cities: TEXAS_CITIES, truth, observationEnd: obsEndIso, toCsv: () => texasCsv(records) };
}

/** A behaviour change resolved: city index (-1 for every city), first day number, rate multiplier. */
interface RateChange { city: number; from: number; multiplier: number }

/** The options with their defaults, checked (errors in the order of the fields). */
interface TexasSettings { nCust: number; churnMean: number; rateMean: number; lift: number; returnRate: number; obsEndIso: string; changes: RateChange[] }

/** Resolves the defaults of the options and checks them, so that no random draw is made for an invalid request. */
function texasSettings(options: TexasRetailOptions): TexasSettings {
  const nCust = options.customers ?? 1000;
  const churnMean = options.monthlyChurn ?? 0.05;
  const rateMean = options.ordersPerMonth ?? 0.8;
  const lift = options.promotionLift ?? 2.5;
  const returnRate = options.returnRate ?? 0.01;
  const obsEndIso = options.observationEnd ?? "2025-06-30";
  if (!Number.isInteger(nCust) || nCust < 1) throw new Error(`invalid customers ${nCust}: use a positive integer`);
  if (!(churnMean > 0 && churnMean < 1)) throw new Error(`invalid monthlyChurn ${churnMean}: use a probability in (0, 1)`);
  if (!(rateMean > 0)) throw new Error(`invalid ordersPerMonth ${rateMean}: use a positive number`);
  if (!(lift >= 1)) throw new Error(`invalid promotionLift ${lift}: use a number >= 1`);
  if (!(returnRate >= 0 && returnRate < 1)) throw new Error(`invalid returnRate ${returnRate}: use a probability in [0, 1)`);
  const changes = (options.rateChanges ?? []).map((c) => {
    const k = c.city === undefined ? -1 : TEXAS_CITIES.findIndex((t) => t.city === c.city);
    if (k < -1 || (c.city !== undefined && k < 0)) throw new Error(`invalid rateChanges city ${JSON.stringify(c.city)}: use ${TEXAS_CITIES.map((t) => t.city).join(", ")} or leave it out for all`);
    if (!(c.multiplier >= 0) || !Number.isFinite(c.multiplier)) throw new Error(`invalid rateChanges multiplier ${c.multiplier}: use a number >= 0 (0.6 for a 40% drop)`);
    let from: number;
    try {
      from = dayNumber(c.from);
    } catch {
      throw new Error(`invalid rateChanges from ${JSON.stringify(c.from)}: use YYYY-MM-DD`);
    }
    return { city: k, from, multiplier: c.multiplier };
  });
  return { nCust, churnMean, rateMean, lift, returnRate, obsEndIso, changes };
}

/** Each customer's city: exact counts by largest remainder (the shares hold at any size), then a seeded shuffle. */
function assignCities(nCust: number, rng: Rng): number[] {
  const raw = TEXAS_CITIES.map((c) => c.share * nCust);
  const counts = raw.map(Math.floor);
  let left = nCust - counts.reduce((a, b) => a + b, 0);
  const byRemainder = raw.map((r, k) => ({ k, rem: r - Math.floor(r) })).sort((a, b) => b.rem - a.rem || a.k - b.k);
  for (let j = 0; left > 0; j++, left--) counts[byRemainder[j % byRemainder.length]!.k]!++;
  const cityOf: number[] = [];
  counts.forEach((c, k) => {
    for (let j = 0; j < c; j++) cityOf.push(k);
  });
  for (let i = cityOf.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [cityOf[i], cityOf[j]] = [cityOf[j]!, cityOf[i]!];
  }
  return cityOf;
}

/** Month lookups and the cities' dates and the product weights, shared by the customer and order draws. */
interface TexasCalendar { monthAt: (day: number) => number; promoMonth: number[]; launch: number[]; productWeights: number[]; productTotal: number }

/** The month of each day from the first launch to the observation end, tabulated once (isoDate per day would be slow), with the cities' promotion months and launch days. */
function texasCalendar(obsEnd: number): TexasCalendar {
  const day0 = Math.min(...TEXAS_CITIES.map((c) => dayNumber(c.launchDate)));
  const monthTable = new Int32Array(Math.max(0, obsEnd - day0 + 32));
  for (let d = 0; d < monthTable.length; d++) monthTable[d] = monthOf(day0 + d);
  const monthAt = (day: number): number => (day >= day0 && day - day0 < monthTable.length ? monthTable[day - day0]! : monthOf(day));
  const promoMonth = TEXAS_CITIES.map((c) => monthOf(dayNumber(`${c.promotionMonth}-01`)));
  const launch = TEXAS_CITIES.map((c) => dayNumber(c.launchDate));
  const productWeights = PRODUCTS.map((p) => p.weight);
  const productTotal = productWeights.reduce((a, b) => a + b, 0);
  return { monthAt, promoMonth, launch, productWeights, productTotal };
}

/** One customer's latent traits; `churn` is the first inactive day (Infinity until simulated, and if never). */
interface Cust { city: number; acq: number; churnP: number; rate: number; basket: number; channel: number; churn: number }

/**
 * Customers: acquisition day, churn probability (Beta with mean churnMean, concentration 20), order rate
 * (Gamma shape 2 with mean rateMean), basket size factor and preferred channel.
 */
function drawCustomers(cityOf: readonly number[], acqEnd: number, calendar: TexasCalendar, settings: TexasSettings, rng: Rng): Cust[] {
  const { nCust, churnMean, rateMean } = settings;
  const { promoMonth, launch } = calendar;
  const custs: Cust[] = [];
  for (let i = 0; i < nCust; i++) {
    const city = cityOf[i]!;
    let acq: number;
    if (rng.uniform() < 0.12) {
      const ms = monthStart(promoMonth[city]!);
      acq = ms + rng.int(monthStart(promoMonth[city]! + 1) - ms);
    } else acq = launch[city]! + rng.int(acqEnd - launch[city]! + 1);
    const churnP = rng.beta(20 * churnMean, 20 * (1 - churnMean));
    const rate = rng.gamma(2, 2 / rateMean);
    const basket = rng.gamma(6, 6);
    const channel = pickWeighted(rng, CHANNEL_SHARE, 1);
    custs.push({ city, acq, churnP, rate, basket, channel, churn: Infinity });
  }
  return custs;
}

/** One order line (index of its customer, day, order number once numbered, product, quantity, amount, cost, channel, whether a return). */
type Line = { c: number; day: number; order: number; product: number; qty: number; amount: number; cost: number; channel: number; ret: boolean };
/** An order before numbering: its customer, day, channel and lines. */
type PendingOrder = { c: number; day: number; channel: number; lines: Line[] };

/**
 * Each customer's activity and orders, customers in acquisition order (the random stream is consumed in that order):
 * churn at month starts, purchase days, then the lines of each order and their returns. Sets each customer's `churn`.
 */
function simulateOrders(custs: Cust[], orderIdx: readonly number[], obsEnd: number, calendar: TexasCalendar, settings: TexasSettings, rng: Rng): PendingOrder[] {
  const tmpOrders: PendingOrder[] = [];
  for (const ci of orderIdx) {
    const cu = custs[ci]!;
    const churn = churnDay(cu, obsEnd, calendar, rng);
    cu.churn = churn;
    const until = Math.min(churn - 1, obsEnd);
    const days = purchaseDays(cu, until, calendar, settings, rng);
    for (const day of days) orderLines(ci, cu, day, obsEnd, calendar, settings.returnRate, rng, tmpOrders);
  }
  return tmpOrders;
}

/** Activity: alive from acquisition; at each later month start, churns with probability churnP. Infinity if never by the observation end. */
function churnDay(cu: Cust, obsEnd: number, calendar: TexasCalendar, rng: Rng): number {
  let churn = Infinity;
  for (let m = calendar.monthAt(cu.acq) + 1; monthStart(m) <= obsEnd; m++) {
    if (rng.uniform() < cu.churnP) {
      churn = monthStart(m);
      break;
    }
  }
  return churn;
}

/** First order on the acquisition day, then a Poisson process (daily steps) with the promotion lift and the rate changes, up to `until`. */
function purchaseDays(cu: Cust, until: number, calendar: TexasCalendar, settings: TexasSettings, rng: Rng): number[] {
  const { lift, changes } = settings;
  const { monthAt, promoMonth } = calendar;
  const days: number[] = [cu.acq];
  const daily = cu.rate / DAYS_PER_MONTH;
  for (let d = cu.acq + 1; d <= until; d++) {
    let p = monthAt(d) === promoMonth[cu.city] ? daily * lift : daily;
    for (const c of changes) if (d >= c.from && (c.city < 0 || c.city === cu.city)) p *= c.multiplier;
    if (rng.uniform() < 1 - Math.exp(-p)) days.push(d);
  }
  return days;
}

/** One order's channel and lines (one per product, promotion prices −20 %), pushed after the returns drawn for them (each a one-line order 3-30 days later, if by the observation end). */
function orderLines(ci: number, cu: Cust, day: number, obsEnd: number, calendar: TexasCalendar, returnRate: number, rng: Rng, tmpOrders: PendingOrder[]): void {
  const { monthAt, promoMonth, productWeights, productTotal } = calendar;
  const promo = monthAt(day) === promoMonth[cu.city];
  const channel = rng.uniform() < 0.8 ? cu.channel : pickWeighted(rng, CHANNEL_SHARE, 1);
  const nLines = 1 + rng.poisson(1.2 * cu.basket);
  const used = new Set<number>();
  const ol: Line[] = [];
  for (let l = 0; l < nLines; l++) {
    const product = pickWeighted(rng, productWeights, productTotal);
    if (used.has(product)) continue; // one line per product in an order
    used.add(product);
    const qty = 1 + rng.poisson(0.35);
    const pr = PRODUCTS[product]!;
    const amount = round2(qty * pr.price * (promo ? 0.8 : 1));
    const cost = round2(qty * pr.cost);
    ol.push({ c: ci, day, order: -1, product, qty, amount, cost, channel, ret: false });
    if (rng.uniform() < returnRate) {
      const rday = day + 3 + rng.int(28);
      if (rday <= obsEnd) tmpOrders.push({ c: ci, day: rday, channel, lines: [{ c: ci, day: rday, order: -1, product, qty: -qty, amount: -amount, cost: -cost, channel, ret: true }] });
    }
  }
  tmpOrders.push({ c: ci, day, channel, lines: ol });
}

/** Globally unique order ids in date order (ties: customer id, then creation order): the numbered lines, each customer's rank in acquisition order, and the number of orders. */
function numberOrders(tmpOrders: readonly PendingOrder[], orderIdx: readonly number[], nCust: number): { lines: Line[]; rank: Int32Array; orderSeq: number } {
  const lines: Line[] = [];
  let orderSeq = 0;
  const rank = new Int32Array(nCust);
  orderIdx.forEach((ci, r) => (rank[ci] = r));
  const sorted = tmpOrders.map((o, k) => ({ o, k })).sort((a, b) => a.o.day - b.o.day || rank[a.o.c]! - rank[b.o.c]! || a.k - b.k);
  for (const { o } of sorted) {
    orderSeq++;
    for (const l of o.lines) {
      l.order = orderSeq;
      lines.push(l);
    }
  }
  return { lines, rank, orderSeq };
}

/** Per-customer ground truth in customer-id order (churn day past the observation end for those who never churn). */
function customerTruth(custs: readonly Cust[], orderIdx: readonly number[], custId: (ci: number) => string, obsEnd: number): TexasCustomerTruth {
  const truthIds = orderIdx.map((ci) => custId(ci));
  return {
    customerIds: truthIds,
    city: orderIdx.map((ci) => TEXAS_CITIES[custs[ci]!.city]!.city),
    channel: orderIdx.map((ci) => CHANNELS[custs[ci]!.channel]!),
    acquisitionDay: Int32Array.from(orderIdx, (ci) => custs[ci]!.acq),
    churnDay: Int32Array.from(orderIdx, (ci) => (Number.isFinite(custs[ci]!.churn) ? custs[ci]!.churn : obsEnd + 1)),
    churnProbability: Float64Array.from(orderIdx, (ci) => custs[ci]!.churnP),
    ordersPerMonth: Float64Array.from(orderIdx, (ci) => custs[ci]!.rate),
  };
}

/** The records as CSV (amounts and costs in cents), written on demand. */
function texasCsv(records: readonly TransactionRecord[]): string {
  const col = <T>(f: (r: TransactionRecord) => T): T[] => records.map(f);
  const cents = (x: number) => x.toFixed(2);
  return formatCsv(
    {
      customer_id: col((r) => String(r.customerId)),
      order_id: col((r) => String(r.orderId)),
      date: col((r) => String(r.date)),
      product: col((r) => String(r.product)),
      quantity: col((r) => Number(r.quantity)),
      amount: col((r) => r.amount),
      cost: col((r) => r.cost!),
      city: col((r) => String(r.city)),
      channel: col((r) => String(r.channel)),
    },
    { csvFormat: { amount: cents, cost: cents } },
  );
}
