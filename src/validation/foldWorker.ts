// Worker-thread entry of runFolds: evaluates its folds of the cross-validation and posts the results back.
import { workerData, type MessagePort } from "node:worker_threads";
import { replyFromWorker } from "../util/replyFromWorker.js";
import type { FoldTask } from "./runFolds.js";

const data = workerData as { task: FoldTask; port: MessagePort; done: Int32Array; slot: number };
await replyFromWorker(data, async () => {
  const { runFold } = await import("./runFolds.js");
  return data.task.jobs.map((job) => runFold(data.task.log, data.task.options, job));
});
