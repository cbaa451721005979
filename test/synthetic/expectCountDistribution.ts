import { expect } from "vitest";

/** What the check needs from a fitted or loaded purchase model. */
interface CountModel {
  expectedPurchases(t: number): number;
  probabilityOfPurchases(n: number, t: number): number;
}

/**
 * Checks a large simulated draw of repeat-purchase counts against the model: the sample mean within 4 standard
 * errors of E[X(t)], and the share of each count 0-5 within 4 binomial standard errors of P(X(t) = n).
 */
export function expectCountDistribution(x: Float64Array, model: CountModel, t: number): void {
  const n = x.length;
  let mean = 0, sq = 0;
  const counts = new Float64Array(6);
  for (let i = 0; i < n; i++) {
    mean += x[i]!;
    sq += x[i]! ** 2;
    if (x[i]! < 6) counts[x[i]!]++;
  }
  mean /= n;
  const sd = Math.sqrt(sq / n - mean * mean);
  expect(Math.abs(mean - model.expectedPurchases(t))).toBeLessThan((4 * sd) / Math.sqrt(n));
  for (let k = 0; k < 6; k++) {
    const p = model.probabilityOfPurchases(k, t);
    expect(Math.abs(counts[k]! / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
  }
}
