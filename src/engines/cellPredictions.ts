import { customerLifetimeValue, type ClvOptions, type PurchaseModelLike } from "../models/customerLifetimeValue.js";
import type { CellTable, CustomerHistogram } from "./types.js";

/** What a purchase model must offer to predict per cell. */
export interface CellModel extends PurchaseModelLike {
  probabilityAlive(customers: { frequency: Float64Array; recency: Float64Array; T: Float64Array }): Float64Array;
}

/** Options of {@link cellPredictions}. */
export interface CellPredictionOptions extends Pick<ClvOptions, "months" | "discountRate" | "discountRatePeriod" | "discounting"> {
  /** Horizons of the expected purchases, in the histogram's time unit. Default [52 weeks] in the histogram's unit. */
  horizons?: number[];
}

/** Column name of the expected purchases over horizon `h`. */
export function horizonColumn(h: number): string {
  return `expected_purchases_${String(Number(h.toFixed(2))).replace(/[^0-9]/g, "_")}`;
}

/**
 * Predictions per histogram cell — P(alive), expected purchases per horizon, and the discounted expected purchases
 * CLV multiplies by spend and margin — to upload to an engine and join back to every customer. A cell stands for
 * all its customers: at 1-day resolution each customer's prediction is exactly its cell's.
 * Every value is checked finite and non-negative.
 * @example const cells = cellPredictions(bgnbd, histogram, { horizons: [52], months: 12 });
 */
export function cellPredictions(model: CellModel, h: CustomerHistogram, options: CellPredictionOptions = {}): CellTable {
  const data = { frequency: h.frequency, recency: h.recency, T: h.T, timeUnit: h.timeUnit };
  const perWeek = h.timeUnit === "days" ? 7 : h.timeUnit === "weeks" ? 1 : 12 / 52.1775;
  const horizons = options.horizons ?? [52 * perWeek];
  const values: Record<string, Float64Array> = { p_alive: model.probabilityAlive(data) };
  for (const t of horizons) {
    if (!(t > 0) || !Number.isFinite(t)) throw new Error(`invalid horizon ${t} ${h.timeUnit}: use a positive number`);
    values[horizonColumn(t)] = model.conditionalExpectedPurchases(t, data);
  }
  const { horizons: _h, ...clv } = options;
  values.discounted_purchases = customerLifetimeValue(model, 1, data, { ...clv, margin: 1, timeUnit: h.timeUnit });
  for (const [k, col] of Object.entries(values))
    for (let i = 0; i < col.length; i++)
      if (!(col[i]! >= 0) || !Number.isFinite(col[i]!))
        throw new Error(`cell ${i + 1} (frequency ${h.frequency[i]}, recency ${h.recency[i]}, T ${h.T[i]}): ${k} is ${col[i]}: the model gives no valid prediction there; refit or check the histogram`);
  return { frequency: h.frequency, rb: h.recencySteps, tb: h.TSteps, values };
}
