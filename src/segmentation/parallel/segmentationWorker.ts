// Worker-thread entry for runParallelSync. Imports are dynamic so a load failure is reported instead of hanging the caller.
import { workerData, type MessagePort } from "node:worker_threads";

interface Envelope {
  task: { kind: string; [key: string]: unknown };
  port: MessagePort;
  done: Int32Array;
  slot: number;
}

const { task, port, done, slot } = workerData as Envelope;
try {
  let result: unknown;
  if (task.kind === "gmm") {
    const { fitGmmTask } = await import("./workerTasks.js");
    result = fitGmmTask(task);
  } else if (task.kind === "bootstrap") {
    const { bootstrapTask } = await import("./workerTasks.js");
    result = bootstrapTask(task);
  } else if (task.kind === "learners") {
    const { learnersTask } = await import("./workerTasks.js");
    result = learnersTask(task);
  } else if (task.kind === "intervals") {
    const { intervalsTask } = await import("./workerTasks.js");
    result = intervalsTask(task);
  } else throw new Error(`unknown worker task ${JSON.stringify(task.kind)}`);
  port.postMessage({ ok: true, result });
} catch (err) {
  port.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
} finally {
  Atomics.store(done, slot, 1);
  Atomics.notify(done, slot);
  port.close();
}
