// Warming a one-pass loop at module load so the first large call runs optimized code (internal).

/**
 * Calls `call(k)` for k = 0 … calls − 1 (default 64) at module load, on a few dozen rows that take every branch. V8
 * optimizes a function after some thousands of loop iterations, in the background: here while the caller still loads
 * its data. Without it, the first call on a million rows runs its loop unoptimized (a boxed double per value read)
 * until on-stack replacement, a few ms per loop, and the code compiled then lacks type feedback for everything after
 * the loop, so it is thrown away there. Costs well under a millisecond of load time per function.
 * @example optimizeAtLoad((k) => screenSpendRows(x, z, k % 2 ? w : undefined))
 */
export function optimizeAtLoad(call: (k: number) => void, calls = 64): void {
  for (let k = 0; k < calls; k++) call(k);
}
