// Worker-thread entry for runParallelSync. Imports are dynamic so a load failure is reported instead of hanging the caller.
import { workerData, type MessagePort } from "node:worker_threads";
import { replyFromWorker } from "../../util/replyFromWorker.js";

interface Envelope {
  task: { kind: string; [key: string]: unknown };
  port: MessagePort;
  done: Int32Array;
  slot: number;
}

const envelope = workerData as Envelope;
await replyFromWorker(envelope, async () => {
  const { task } = envelope;
  if (task.kind === "gmm") {
    const { fitGmmTask } = await import("./gmmTask.js");
    return fitGmmTask(task);
  } else if (task.kind === "bootstrap") {
    const { bootstrapTask } = await import("./workerTasks.js");
    return bootstrapTask(task);
  } else if (task.kind === "learners") {
    const { learnersTask } = await import("./workerTasks.js");
    return learnersTask(task);
  } else if (task.kind === "intervals") {
    const { intervalsTask } = await import("./workerTasks.js");
    return intervalsTask(task);
  }
  throw new Error(`unknown worker task ${JSON.stringify(task.kind)}`);
});
