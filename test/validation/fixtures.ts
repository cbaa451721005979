// Shared test settings of the validation tests.

/** Small stacked-predictor settings that keep tests to seconds: one inner horizon, at most two segments, a few shallow trees, no bootstrap. */
export const SMALL_STACKED = { seed: 1, replicates: 0, kMax: 2, folds: 2, innerHorizonsDays: [91], trees: { trees: 20, depth: 2 } };

/**
 * Stacked settings of the segmented-log tests: horizon-specific (the evaluation sets the target horizon), at most two
 * segments, 60 trees of depth 3, no bootstrap.
 */
export const SEGMENTED_STACKED = { replicates: 0, kMax: 2, folds: 2, trees: { trees: 60, depth: 3 } };
