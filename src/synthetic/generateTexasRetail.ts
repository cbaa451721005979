import { formatCsv } from "../io/formatCsv.js";
import { createRng, type Rng } from "../random/createRng.js";
import { transactionLogFromRecords, type TransactionRecord } from "../data/transactionLogFromRecords.js";
import type { TransactionLog } from "../data/types.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";
import { assignCities, TEXAS_CITIES, type TexasCity } from "./texasCities.js";
import { CHANNEL_SHARE, CHANNELS, monthStart, pickWeighted, PRODUCTS, texasCalendar, type Cust, type TexasCalendar, type TexasSettings } from "./texasModel.js";
import { numberOrders, simulateOrders } from "./texasOrders.js";

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

const ACQ_END = "2024-12-31";

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
