// Worker-thread entry of clvSummaries: summarises its range of customers and posts the summary back.
import { workerData, type MessagePort } from "node:worker_threads";
import { replyFromWorker } from "../util/replyFromWorker.js";
import type { ClvSummaryJob } from "./bgNbdClvSummaries.js";

const data = workerData as { job: ClvSummaryJob; port: MessagePort; done: Int32Array; slot: number };
await replyFromWorker(data, async () => {
  const { clvSummaryRange } = await import("./bgNbdClvSummaries.js");
  return clvSummaryRange(data.job);
});
