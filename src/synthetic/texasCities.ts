// The cities of the synthetic Texas client and each customer's city.
import type { Rng } from "../random/createRng.js";

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

/** The four cities, their shares, launch dates and promotion months. */
export const TEXAS_CITIES: readonly TexasCity[] = [
  { city: "Houston", share: 0.35, launchDate: "2023-01-01", promotionMonth: "2023-11" },
  { city: "Dallas", share: 0.3, launchDate: "2023-03-15", promotionMonth: "2024-05" },
  { city: "San Antonio", share: 0.2, launchDate: "2023-08-01", promotionMonth: "2024-07" },
  { city: "Austin", share: 0.15, launchDate: "2024-02-01", promotionMonth: "2024-09" },
];

/** Each customer's city: exact counts by largest remainder (the shares hold at any size), then a seeded shuffle. */
export function assignCities(nCust: number, rng: Rng): number[] {
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
