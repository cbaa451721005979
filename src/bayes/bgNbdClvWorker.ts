// Worker-thread entry of clvSummaries: builds the interpolants of its range of draws (`draws`), or summarises its range
// of customers, and posts the result back.
import { workerData, type MessagePort } from "node:worker_threads";
import { replyFromWorker } from "../util/replyFromWorker.js";
import type { ClvSummaryJob } from "./bgNbdClvSummaries.js";

const data = workerData as { job: ClvSummaryJob; draws?: [number, number]; port: MessagePort; done: Int32Array; slot: number };
await replyFromWorker(data, async () => {
  const { clvSummaryRange, clvTablesRange } = await import("./bgNbdClvSummaries.js");
  return data.draws ? clvTablesRange(data.job, data.draws[0], data.draws[1]) : clvSummaryRange(data.job);
});
