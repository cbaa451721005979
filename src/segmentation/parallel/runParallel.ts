import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { startWorkersSync, type SyncWorkers } from "../../util/startWorkersSync.js";

/** The compiled worker entry beside this file; absent when running from TypeScript sources (tests), where work runs in-thread. */
const WORKER_URL = new URL("./segmentationWorker.js", import.meta.url);

/** Whether worker threads can be used (compiled build present and more than one core). */
export function workersAvailable(): boolean {
  return availableParallelism() > 1 && existsSync(fileURLToPath(WORKER_URL));
}

/** Default worker count: one per core, at most `cap`. */
export function defaultWorkers(cap: number): number {
  return Math.max(1, Math.min(cap, availableParallelism()));
}

/**
 * Runs one task per worker thread and waits synchronously (Atomics.wait + receiveMessageOnPort), so callers keep a
 * synchronous API while using every core. Each task is handled by `segmentationWorker.ts`.
 */
export function runParallelSync<T>(tasks: readonly unknown[], meanwhile?: () => void): T[] {
  const workers = startWorkersSync<T>(WORKER_URL, tasks.map((task) => ({ task })), (i) => `worker ${i}`);
  try {
    meanwhile?.();
    return tasks.map((_, i) => workers.result(i));
  } finally {
    workers.close();
  }
}

/** A copy of `a` in shared memory: passed to workers it is shared, not serialized and copied into each (large inputs). */
export function sharedCopy(a: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** Starts one worker per task without waiting, so the caller works meanwhile; take each answer with `result(i)`, then `close()`. */
export function startParallel<T>(tasks: readonly unknown[]): SyncWorkers<T> {
  return startWorkersSync<T>(WORKER_URL, tasks.map((task) => ({ task })), (i) => `worker ${i}`);
}

/**
 * Spreads items over `workers` threads, largest cost first onto the least-loaded thread, runs one task per thread
 * (`task(items)` must return one result per item, in order) and returns the results in item order. Callers make each
 * item's result independent of the thread it ran on, so the split never changes the numbers. With `here`, the first
 * group runs on the calling thread (through `here(items)`) while the workers start and run the others: the caller's
 * modules are already loaded, where a worker first spends a moment importing them.
 */
export function runBalancedSync<I, R>(items: readonly I[], workers: number, cost: (item: I) => number, task: (items: I[]) => unknown, here?: (items: I[]) => R[]): R[] {
  const loads = new Array<number>(workers).fill(0);
  const groups: number[][] = Array.from({ length: workers }, () => []);
  const order = items.map((_, j) => j).sort((a, b) => cost(items[b]!) - cost(items[a]!) || a - b);
  for (const j of order) {
    const g = loads.indexOf(Math.min(...loads));
    groups[g]!.push(j);
    loads[g]! += cost(items[j]!);
  }
  const used = groups.filter((g) => g.length > 0);
  const results: R[] = new Array(items.length);
  const local = here ? used.shift() : undefined;
  const out = runParallelSync<R[]>(used.map((g) => task(g.map((j) => items[j]!))), local && (() => here!(local.map((j) => items[j]!)).forEach((r, t) => (results[local[t]!] = r))));
  used.forEach((g, gi) => g.forEach((j, t) => (results[j] = out[gi]![t]!)));
  return results;
}
