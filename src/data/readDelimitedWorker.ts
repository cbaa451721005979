// Worker of a parallel CSV read (readDelimited.ts): reads one later part of a file, from a record boundary the
// main thread found, into its own builder, and sends the rows back (buffers transferred, not copied).
import { parentPort, workerData } from "node:worker_threads";
import { LogBuilder, type BuilderColumns, type BuilderConfig } from "./logBuilder.js";
import { readDelimitedFile, type DelimitedOptions } from "./readDelimited.js";
import { ZoneOffsets } from "./timeZone.js";

/** What the main thread sends. */
export interface PartTask {
  path: string;
  label: string;
  zone: string;
  config: Omit<BuilderConfig, "zone">;
  opts: DelimitedOptions;
  /** Shared arrays to fill (allocated by the main thread, so the rows need no memory of this thread's). */
  columns: BuilderColumns;
}

const task = workerData as PartTask;
try {
  const builder = new LogBuilder({ ...task.config, zone: new ZoneOffsets(task.zone) }, 0, task.columns);
  const r = await readDelimitedFile(task.path, task.label, builder, task.opts);
  const part = builder.toPart();
  const buffers = [part.customer, part.day, part.ts, part.amount, part.quantity, part.cost, ...Object.values(part.strings).map((s) => s.codes)]
    .filter((a) => a !== undefined && !(a.buffer instanceof SharedArrayBuffer))
    .map((a) => a!.buffer as ArrayBuffer);
  parentPort!.postMessage({ ok: true, part, lines: r.lines, endByte: r.endByte }, buffers);
} catch (e) {
  // The main thread reads this part itself, so the error it reports has the right line number.
  parentPort!.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
}
