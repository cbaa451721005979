// The order simulation of the synthetic Texas client: churn, purchase days, order lines and returns, order numbers.
import type { Rng } from "../random/createRng.js";
import { CHANNEL_SHARE, monthStart, pickWeighted, PRODUCTS, type Cust, type TexasCalendar, type TexasSettings } from "./texasModel.js";

const DAYS_PER_MONTH = 365.25 / 12;
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** One order line (index of its customer, day, order number once numbered, product, quantity, amount, cost, channel, whether a return). */
type Line = { c: number; day: number; order: number; product: number; qty: number; amount: number; cost: number; channel: number; ret: boolean };
/** An order before numbering: its customer, day, channel and lines. */
type PendingOrder = { c: number; day: number; channel: number; lines: Line[] };

/**
 * Each customer's activity and orders, customers in acquisition order (the random stream is consumed in that order):
 * churn at month starts, purchase days, then the lines of each order and their returns. Sets each customer's `churn`.
 */
export function simulateOrders(custs: Cust[], orderIdx: readonly number[], obsEnd: number, calendar: TexasCalendar, settings: TexasSettings, rng: Rng): PendingOrder[] {
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
export function numberOrders(tmpOrders: readonly PendingOrder[], orderIdx: readonly number[], nCust: number): { lines: Line[]; rank: Int32Array; orderSeq: number } {
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
