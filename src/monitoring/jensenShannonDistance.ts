/** Options of {@link jensenShannonDistance}. */
export interface JsOptions {
  /** Logarithm base (default 2, so the distance lies in [0, 1]; scipy's default is e). */
  base?: number;
}

/**
 * Jensen–Shannon distance between two distributions over the same bins: √JSD with
 * JSD = ½ KL(p ‖ m) + ½ KL(q ‖ m), m = (p + q) / 2 (inputs are normalised to sum to 1; empty bins are fine, unlike
 * PSI). In base 2 it lies in [0, 1] and is a metric. Same definition as scipy.spatial.distance.jensenshannon.
 * @see Lin J. (1991), Divergence measures based on the Shannon entropy, IEEE Trans. Inf. Theory 37(1), 145–151; Endres & Schindelin (2003), A new metric for probability distributions, IEEE Trans. Inf. Theory 49(7)
 * @example jensenShannonDistance([1, 0, 0], [0, 1, 0]) // 1
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>, options: JsOptions = {}): number {
  const base = options.base ?? 2;
  if (!(base > 0 && base !== 1)) throw new Error(`invalid log base ${base}: use a positive number other than 1 (default 2)`);
  if (p.length !== q.length) throw new Error(`jensen-shannon: distributions have ${p.length} and ${q.length} bins: give both over the same bins`);
  let sp = 0, sq = 0;
  for (let i = 0; i < p.length; i++) {
    if (!(p[i]! >= 0) || !(q[i]! >= 0)) throw new Error(`jensen-shannon: bin ${i} has a negative or missing share (${p[i]}, ${q[i]}): give non-negative weights`);
    sp += p[i]!;
    sq += q[i]!;
  }
  if (!(sp > 0 && sq > 0)) throw new Error("jensen-shannon: a distribution has no mass: give at least one positive weight in each");
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]! / sp, b = q[i]! / sq, mid = (a + b) / 2;
    if (a > 0) js += 0.5 * a * Math.log(a / mid);
    if (b > 0) js += 0.5 * b * Math.log(b / mid);
  }
  return Math.sqrt(Math.max(0, js) / Math.log(base));
}
