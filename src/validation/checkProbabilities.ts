// Input check of the probabilistic scores (internal).
import type { CountDistribution } from "./types.js";

/** Throws unless `p` holds probabilities in [0, 1] and `outcome` non-negative whole counts of the same length. */
export function checkProbabilityPairs(what: string, p: ArrayLike<number>, outcome: ArrayLike<number>): number {
  const n = outcome.length;
  if (p.length !== n) throw new Error(`${what}: ${p.length} probabilities for ${n} outcomes: give one probability per outcome`);
  if (n === 0) throw new Error(`${what}: no outcomes: give at least one`);
  for (let i = 0; i < n; i++) {
    if (!(p[i]! >= 0 && p[i]! <= 1)) throw new Error(`${what}: probability ${i} is ${p[i]}: give probabilities in [0, 1]`);
    if (!(outcome[i]! >= 0) || !Number.isFinite(outcome[i]!)) throw new Error(`${what}: outcome ${i} is ${outcome[i]}: give non-negative counts`);
  }
  return n;
}

/** Throws unless the distribution has one row of maxCount + 1 probabilities per actual count, each row summing to 1. */
export function checkDistribution(what: string, d: CountDistribution, actual: ArrayLike<number>): number {
  const n = actual.length;
  const w = d.maxCount + 1;
  if (!(Number.isInteger(d.maxCount) && d.maxCount >= 1)) throw new Error(`${what}: invalid maxCount ${d.maxCount}: use a whole number ≥ 1`);
  if (d.probabilities.length !== n * w) throw new Error(`${what}: ${d.probabilities.length} probabilities for ${n} customers × ${w} counts: give (maxCount + 1) per customer`);
  if (n === 0) throw new Error(`${what}: no customers: give at least one`);
  for (let i = 0; i < n; i++) {
    const y = actual[i]!;
    if (!(Number.isInteger(y) && y >= 0)) throw new Error(`${what}: actual count ${i} is ${y}: give non-negative whole counts`);
    let s = 0;
    for (let k = 0; k < w; k++) {
      const p = d.probabilities[i * w + k]!;
      if (!(p >= 0 && p <= 1 + 1e-12)) throw new Error(`${what}: P(X = ${k}) of customer ${i} is ${p}: give probabilities in [0, 1]`);
      s += p;
    }
    if (Math.abs(s - 1) > 1e-6) throw new Error(`${what}: probabilities of customer ${i} sum to ${s}: put the tail P(X ≥ maxCount) in the last column so rows sum to 1`);
  }
  return n;
}
