import { cumulativeStdNormalProbability } from "simple-statistics";

/** The Mann-Kendall trend test of a series in order, and the label it supports. */
export interface TrendTest {
  /** "improving" (significant upward trend), "declining" (significant downward), "stable" (no significant trend), or "too few points" (fewer than 4). */
  label: "improving" | "declining" | "stable" | "too few points";
  /** S = Σ_{i<j} sign(x_j − x_i). */
  s: number;
  /** Kendall's tau = S / (n(n−1)/2). */
  tau: number;
  /** Two-sided p-value: exact (Mahonian distribution of inversions) up to 60 points, normal approximation beyond. */
  pValue: number;
  n: number;
  /** The test in words, for reports. */
  test: string;
}

/**
 * Mann-Kendall trend test (two-sided, 5% level) of values in their natural order, e.g. cohorts by acquisition
 * date. The exact null distribution of S for untied data comes from the number of permutations with k inversions.
 * Written in-house: simple-statistics has no rank-trend test.
 * @see Kendall, M. G. (1975), Rank Correlation Methods; Mann, H. B. (1945), Econometrica 13, 245-259
 * @example mannKendallTrend([10, 12, 15, 19, 22]).label // "improving" (S = 10, p = 2/120)
 */
export function mannKendallTrend(values: readonly number[], alpha = 0.05): TrendTest {
  const x = values.filter((v) => Number.isFinite(v));
  const n = x.length;
  const test = `Mann-Kendall trend test over ${n} cohorts in acquisition order, two-sided, ${alpha * 100}% level`;
  if (n < 4) return { label: "too few points", s: 0, tau: 0, pValue: 1, n, test };
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign(x[j]! - x[i]!);
  const pairs = (n * (n - 1)) / 2;
  let p: number;
  if (n <= 60) {
    // counts[k] = permutations of n with k inversions; S = pairs − 2k.
    let counts = [1];
    for (let m = 2; m <= n; m++) {
      const next = new Array<number>(counts.length + m - 1).fill(0);
      for (let k = 0; k < counts.length; k++) for (let d = 0; d < m; d++) next[k + d]! += counts[k]!;
      counts = next;
    }
    let total = 0, tail = 0;
    counts.forEach((c, k) => {
      total += c;
      if (Math.abs(pairs - 2 * k) >= Math.abs(s)) tail += c;
    });
    p = tail / total;
  } else {
    const variance = (n * (n - 1) * (2 * n + 5)) / 18;
    const z = (s - Math.sign(s)) / Math.sqrt(variance);
    p = 2 * (1 - cumulativeStdNormalProbability(Math.abs(z)));
  }
  const label = p < alpha ? (s > 0 ? "improving" : "declining") : "stable";
  return { label, s, tau: s / pairs, pValue: Math.min(1, p), n, test };
}
