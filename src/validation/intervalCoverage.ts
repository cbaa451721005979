/**
 * Empirical coverage of prediction intervals: the share of actual values inside [lowerᵢ, upperᵢ] (bounds included),
 * with the count. A calibrated 95% interval covers about 95% of customers; much less means the intervals are too
 * narrow, much more that they are too wide to be useful.
 * @see Gneiting & Raftery (2007) §6 (interval forecasts), https://doi.org/10.1198/016214506000001437
 * @example intervalCoverage(new Float64Array([0, 0]), new Float64Array([1, 1]), new Float64Array([0.5, 2])) // { value: 0.5, inside: 1, n: 2 }
 */
export function intervalCoverage(lower: ArrayLike<number>, upper: ArrayLike<number>, actual: ArrayLike<number>): { value: number; inside: number; n: number } {
  const n = actual.length;
  if (lower.length !== n || upper.length !== n) throw new Error(`intervalCoverage: ${lower.length} lower and ${upper.length} upper bounds for ${n} actual values: give one interval per actual value`);
  if (n === 0) throw new Error("intervalCoverage: no values: give at least one interval and actual value");
  let inside = 0;
  for (let i = 0; i < n; i++) {
    if (!(lower[i]! <= upper[i]!)) throw new Error(`intervalCoverage: interval ${i} is [${lower[i]}, ${upper[i]}]: give lower ≤ upper`);
    if (actual[i]! >= lower[i]! && actual[i]! <= upper[i]!) inside++;
  }
  return { value: inside / n, inside, n };
}
