// Worker-thread entry of runChains: runs its chains and posts the draws back.
import { workerData, type MessagePort } from "node:worker_threads";
import type { ChainJob } from "./runChains.js";

const { jobs, port, done, slot } = workerData as { jobs: ChainJob[]; port: MessagePort; done: Int32Array; slot: number };
try {
  const { runChain } = await import("./runChains.js");
  port.postMessage({ ok: true, result: jobs.map(runChain) });
} catch (err) {
  port.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
} finally {
  Atomics.store(done, slot, 1);
  Atomics.notify(done, slot);
  port.close();
}
