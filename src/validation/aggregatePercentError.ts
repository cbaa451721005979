import { checkPairs } from "./checkPairs.js";

/**
 * Aggregate percent error of a forecast total, 100 · (Σ ŷᵢ − Σ yᵢ) / Σ yᵢ, signed (positive = over-forecast); its
 * absolute value is ARPE (aggregate revenue percent error) when the values are revenue, and the same for purchases.
 * Customer-level misses cancel, so this is the measure of a forecast used for totals (demand, the customer base's value).
 * @see Fader, Hardie & Lee (2005) (holdout totals of BG/NBD vs Pareto/NBD), https://doi.org/10.1287/mksc.1040.0098
 * @example aggregatePercentError(new Float64Array([1, 2]), new Float64Array([0, 4])) // { value: -25, absolute: 25, predictedTotal: 3, actualTotal: 4 }
 */
export function aggregatePercentError(predicted: ArrayLike<number>, actual: ArrayLike<number>): { value: number; absolute: number; predictedTotal: number; actualTotal: number } {
  const n = checkPairs("aggregatePercentError", predicted, actual);
  let p = 0, a = 0;
  for (let i = 0; i < n; i++) {
    p += predicted[i]!;
    a += actual[i]!;
  }
  if (a === 0) throw new Error("aggregatePercentError: the actual total is 0: a percent error needs a non-zero actual total");
  const value = (100 * (p - a)) / a;
  return { value, absolute: Math.abs(value), predictedTotal: p, actualTotal: a };
}
