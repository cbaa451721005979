// Shared test settings of the validation tests.

/** Small stacked-predictor settings that keep tests to seconds: one inner horizon, at most two segments, a few shallow trees, no bootstrap. */
export const SMALL_STACKED = { seed: 1, replicates: 0, kMax: 2, folds: 2, innerHorizonsDays: [91], trees: { trees: 20, depth: 2 } };

/**
 * Stacked settings of the segmented-log tests: horizon-specific (the evaluation sets the target horizon), at most two
 * segments, 60 trees of depth 3, no bootstrap.
 */
export const SEGMENTED_STACKED = { replicates: 0, kMax: 2, folds: 2, trees: { trees: 60, depth: 3 } };

/** One metric of BG/NBD, Pareto/NBD and the stacked predictor on one seed (for aggregate errors: the absolute value). */
export interface Trio {
  bg: number;
  pn: number;
  st: number;
}

/**
 * A metric across seeds: each model's mean, and on how many seeds the stack's value is below BG/NBD's, below
 * Pareto/NBD's, and below both.
 * @example acrossSeeds([{ bg: 2, pn: 3, st: 1 }, { bg: 1, pn: 3, st: 2 }]) // { mean: { bg: 1.5, pn: 3, st: 1.5 }, winsVsBg: 1, winsVsPn: 2, wins: 1, seeds: 2 }
 */
export function acrossSeeds(trios: readonly Trio[]): { mean: Trio; winsVsBg: number; winsVsPn: number; wins: number; seeds: number } {
  const n = trios.length;
  const mean = { bg: 0, pn: 0, st: 0 };
  let winsVsBg = 0, winsVsPn = 0, wins = 0;
  for (const t of trios) {
    mean.bg += t.bg / n;
    mean.pn += t.pn / n;
    mean.st += t.st / n;
    winsVsBg += t.st < t.bg ? 1 : 0;
    winsVsPn += t.st < t.pn ? 1 : 0;
    wins += t.st < Math.min(t.bg, t.pn) ? 1 : 0;
  }
  return { mean, winsVsBg, winsVsPn, wins, seeds: n };
}
