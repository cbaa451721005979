// Warming a one-pass loop at module load so the first large call runs optimized code (internal).

/**
 * Calls `call(k)` for k = 0 … calls − 1 (default 64) at module load, on a few dozen rows that take every branch. V8
 * marks a function for optimization after some thousands of loop iterations and starts compiling it, in the
 * background, at its next call: 64 calls reach that point with calls to spare, and the compiler finishes while the
 * caller still loads its data. Without it, the first call on a million rows runs its loop unoptimized (a boxed double
 * per value read) until on-stack replacement, a few ms per loop, and the code compiled then lacks type feedback for
 * everything after the loop, so it is thrown away there. The Gamma-Gamma fit's warm-ups cost about 6 ms of load
 * time together (of an import near 1 s); a process's first fit of 426,000 repeat buyers then takes about 30 ms
 * instead of 50–70 ms.
 * @example optimizeAtLoad((k) => screenSpendRows(x, z, k % 2 ? w : undefined))
 */
export function optimizeAtLoad(call: (k: number) => void, calls = 64): void {
  for (let k = 0; k < calls; k++) call(k);
}
