// The calling side of clvlab's worker-thread protocol (the answering side is replyFromWorker.ts): start workers, then
// wait for each synchronously, so library functions keep a synchronous API while using every core.
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";

/** Started workers: `result(i)` blocks until worker i has answered and returns its result (or throws its error). */
export interface SyncWorkers<T> {
  result(i: number): T;
  /** Terminates the workers and closes the channels (call in `finally`). */
  close(): void;
}

/**
 * Starts one worker of `url` per payload; worker i gets `{ ...payloads[i], port, done, slot: i }` and answers through
 * `replyFromWorker`. Waiting is Atomics.wait on a shared flag plus receiveMessageOnPort, so no event loop turn is needed.
 * @see Node.js docs, worker_threads: receiveMessageOnPort; MDN, Atomics.wait
 * @example const w = startWorkersSync<number[]>(url, [{ task }], (i) => `worker ${i}`); try { w.result(0) } finally { w.close() }
 */
export function startWorkersSync<T>(url: URL, payloads: readonly Record<string, unknown>[], name: (i: number) => string): SyncWorkers<T> {
  const done = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, payloads.length)));
  const channels = payloads.map(() => new MessageChannel());
  const workers = payloads.map((p, i) => new Worker(url, { workerData: { ...p, port: channels[i]!.port2, done, slot: i }, transferList: [channels[i]!.port2] }));
  return {
    result(i) {
      while (Atomics.load(done, i) === 0) Atomics.wait(done, i, 0, 1000);
      const msg = receiveMessageOnPort(channels[i]!.port1)?.message as { ok: boolean; result?: T; error?: string } | undefined;
      if (!msg) throw new Error(`${name(i)} finished without a result`);
      if (!msg.ok) throw new Error(msg.error ?? `${name(i)} failed`);
      return msg.result as T;
    },
    close() {
      for (const w of workers) void w.terminate();
      for (const c of channels) {
        c.port1.close();
        c.port2.close();
      }
    },
  };
}
