// Shared input check of the metrics (internal): equal lengths, finite numbers, so no metric returns a silent NaN.

/** Throws unless `predicted` and `actual` have the same non-zero length and hold finite numbers. */
export function checkPairs(what: string, predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  const n = actual.length;
  if (predicted.length !== n) throw new Error(`${what}: ${predicted.length} predictions for ${n} actual values: give one prediction per actual value`);
  if (n === 0) throw new Error(`${what}: no values: give at least one prediction and actual value`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(predicted[i]!)) throw new Error(`${what}: prediction ${i} is ${predicted[i]}: give finite predictions`);
    if (!Number.isFinite(actual[i]!)) throw new Error(`${what}: actual value ${i} is ${actual[i]}: give finite actual values`);
  }
  return n;
}
