// Money in integer cents, so the panel's sums reconcile to the cent.

/** Rounds an amount to integer cents, half away from zero (so returns mirror purchases). */
export function toCents(amount: number): number {
  return amount < 0 ? -Math.round(-amount * 100) : Math.round(amount * 100);
}

/** Currency units from integer cents. */
export function fromCents(cents: Float64Array): Float64Array {
  const units = new Float64Array(cents.length);
  for (let r = 0; r < cents.length; r++) units[r] = cents[r]! / 100;
  return units;
}
