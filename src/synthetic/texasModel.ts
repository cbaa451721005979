// What the customer draw (generateTexasRetail.ts) and the order simulation (texasOrders.ts) share: the catalog,
// the channels, the calendar, the settings and a customer's latent traits.
import type { Rng } from "../random/createRng.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";
import { TEXAS_CITIES } from "./texasCities.js";

// A small catalog: unit price and unit cost (margins differ by product).
export const PRODUCTS: ReadonlyArray<{ name: string; price: number; cost: number; weight: number }> = [
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
export const CHANNELS = ["store", "web", "app"] as const;
export const CHANNEL_SHARE = [0.5, 0.35, 0.15];

export function pickWeighted(rng: Rng, weights: readonly number[], total: number): number {
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
export function monthStart(month: number): number {
  const y = 1970 + Math.floor(month / 12);
  const m = (month % 12) + 1;
  return dayNumber(`${y}-${String(m).padStart(2, "0")}-01`);
}

/** A behaviour change resolved: city index (-1 for every city), first day number, rate multiplier. */
export interface RateChange { city: number; from: number; multiplier: number }

/** The options with their defaults, checked (errors in the order of the fields). */
export interface TexasSettings { nCust: number; churnMean: number; rateMean: number; lift: number; returnRate: number; obsEndIso: string; changes: RateChange[] }

/** Month lookups and the cities' dates and the product weights, shared by the customer and order draws. */
export interface TexasCalendar { monthAt: (day: number) => number; promoMonth: number[]; launch: number[]; productWeights: number[]; productTotal: number }

/** The month of each day from the first launch to the observation end, tabulated once (isoDate per day would be slow), with the cities' promotion months and launch days. */
export function texasCalendar(obsEnd: number): TexasCalendar {
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
export interface Cust { city: number; acq: number; churnP: number; rate: number; basket: number; channel: number; churn: number }
