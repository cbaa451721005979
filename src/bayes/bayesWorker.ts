// Worker-thread entry of runChains: runs its chains and posts the draws back.
import { workerData, type MessagePort } from "node:worker_threads";
import { replyFromWorker } from "../util/replyFromWorker.js";
import type { ChainJob } from "./runChains.js";

const data = workerData as { jobs: ChainJob[]; port: MessagePort; done: Int32Array; slot: number };
await replyFromWorker(data, async () => {
  const { runChain } = await import("./runChains.js");
  return data.jobs.map(runChain);
});
