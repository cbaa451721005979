// The one reply protocol of clvlab's worker-thread entries (bayes/bayesWorker.ts, segmentation/parallel/segmentationWorker.ts).
// No imports beyond types, so this module cannot fail to load and leave the waiting caller without an answer.
import type { MessagePort } from "node:worker_threads";

/** Where a worker answers: its port, and the shared flag array the caller waits on (Atomics.wait) at `slot`. */
export interface WorkerReplyTo {
  port: MessagePort;
  done: Int32Array;
  slot: number;
}

/**
 * Runs `work` and posts `{ ok: true, result }` or `{ ok: false, error }` on `port`; then, whatever happened, sets
 * `done[slot]` to 1, wakes the waiting caller and closes the port.
 * @see Node.js docs, worker_threads: receiveMessageOnPort; MDN, Atomics.notify
 * @example await replyFromWorker(workerData, async () => (await import("./tasks.js")).run(workerData.task));
 */
export async function replyFromWorker(to: WorkerReplyTo, work: () => unknown): Promise<void> {
  try {
    to.port.postMessage({ ok: true, result: await work() });
  } catch (err) {
    to.port.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  } finally {
    Atomics.store(to.done, to.slot, 1);
    Atomics.notify(to.done, to.slot);
    to.port.close();
  }
}
