// Shared test settings of the validation tests.

/** Small stacked-predictor settings that keep tests to seconds: one inner horizon, at most two segments, a few shallow trees, no bootstrap. */
export const SMALL_STACKED = { seed: 1, replicates: 0, kMax: 2, folds: 2, innerHorizonsDays: [91], trees: { trees: 20, depth: 2 } };

/**
 * Stacked settings of the segmented-log tests: horizon-specific (the evaluation sets the target horizon), at most two
 * segments, 60 trees of depth 3, no bootstrap.
 */
export const SEGMENTED_STACKED = { replicates: 0, kMax: 2, folds: 2, trees: { trees: 60, depth: 3 } };

/**
 * Sampling noise of a holdout total, in percent: the Poisson sd of a count total N is √N, 100/√N % of it. For a revenue
 * total (compound Poisson, sd √(Σ amount²)) the purchase count's figure is a lower bound, so a test that allows one
 * such sd on revenue allows less than the revenue's own noise.
 * @example poissonSdPercent(1600) // 2.5
 */
export function poissonSdPercent(total: number): number {
  return 100 / Math.sqrt(total);
}
