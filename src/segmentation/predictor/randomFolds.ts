import type { Rng } from "../../random/createRng.js";

/**
 * Assigns items 0..n-1 to `folds` groups of near-equal size at random: a Fisher–Yates permutation, then position r
 * goes to fold r mod folds. Used for cross-validation folds of customers and bootstrap blocks.
 * @see https://doi.org/10.1145/364520.364540 (Durstenfeld 1964, the in-place shuffle)
 * @example randomFolds(10, 3, createRng(1)); // Int32Array of fold numbers 0..2, sizes 4, 3, 3
 */
export function randomFolds(n: number, folds: number, rng: Rng): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  const fold = new Int32Array(n);
  for (let r = 0; r < n; r++) fold[perm[r]!] = r % folds;
  return fold;
}
