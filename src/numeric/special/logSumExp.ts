/**
 * log(exp(a) + exp(b)) without overflow or underflow.
 * @see https://en.wikipedia.org/wiki/LogSumExp
 * @example logAddExp(1000, 1000) // 1000 + ln 2
 */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * log(exp(a) - exp(b)) for a >= b, computed without cancellation of the leading digits.
 * Returns -Infinity when a === b.
 * @example logSubExp(0, -1) // ln(1 - e^-1)
 */
export function logSubExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (b > a) throw new Error(`logSubExp: second argument ${b} exceeds first ${a}`);
  const d = b - a;
  // log(-expm1(d)) is accurate near 0, log1p(-exp(d)) for large |d|.
  return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}

/**
 * log Σ exp(x_i) over an array, stable for any magnitudes.
 * @example logSumExp(new Float64Array([1, 2, 3]))
 */
export function logSumExp(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  if (max === -Infinity || !Number.isFinite(max)) return max;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Math.exp(values[i]! - max);
  return max + Math.log(s);
}
