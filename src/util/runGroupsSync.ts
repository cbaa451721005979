// Splits work between this thread and worker threads of one entry file (the calling side's group runner over startWorkersSync).
import { startWorkersSync } from "./startWorkersSync.js";

/**
 * Runs `items` in `groups` (lists of item indices): this thread runs group 0 item by item with `here` while one worker
 * of `url` per other group gets `payload(itemsOfTheGroup)` and answers one result per item, in order. Returns the
 * results in item order. Callers make each item's result independent of the thread it ran on.
 * @see Node.js docs, worker_threads
 * @example runGroupsSync(url, jobs, [[0, 2], [1]], runJob, (js) => ({ jobs: js }), (w) => `thread ${w + 1}`)
 */
export function runGroupsSync<I, R>(url: URL, items: readonly I[], groups: readonly (readonly number[])[], here: (item: I) => R, payload: (items: I[]) => Record<string, unknown>, name: (w: number) => string): R[] {
  const workers = startWorkersSync<R[]>(url, groups.slice(1).map((g) => payload(g.map((j) => items[j]!))), name);
  try {
    const out: R[] = new Array(items.length);
    for (const j of groups[0] ?? []) out[j] = here(items[j]!);
    groups.slice(1).forEach((g, w) => {
      const result = workers.result(w);
      g.forEach((j, t) => (out[j] = result[t]!));
    });
    return out;
  } finally {
    workers.close();
  }
}
