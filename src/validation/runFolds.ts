// Runs the folds of crossValidateTemporal on this thread and, when it pays, a worker thread (internal). Every fold is
// one evaluateHoldout call on its own dates, so its result does not depend on the thread that ran it.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { TransactionLog } from "../data/types.js";
import { isoDate } from "../time/dayNumber.js";
import { runGroupsSync } from "../util/runGroupsSync.js";
import type { TemporalFold } from "./crossValidateTemporal.js";
import { evaluateHoldout, type EvaluateHoldoutOptions } from "./evaluateHoldout.js";

const WORKER_URL = new URL("./foldWorker.js", import.meta.url);

/** One fold: calibration end and last holdout day (day numbers), and its 1-based number. */
export interface FoldJob {
  fold: number;
  cal: number;
  end: number;
}

/** Options of every fold: evaluateHoldout's without the dates. */
export type FoldOptions = Omit<EvaluateHoldoutOptions, "calibrationEnd" | "observationEnd">;

/** A worker's share: the log, the options and its folds (all structured-cloneable). */
export interface FoldTask {
  log: TransactionLog;
  options: FoldOptions;
  jobs: FoldJob[];
}

/** Evaluates one fold in this thread. */
export function runFold(log: TransactionLog, options: FoldOptions, job: FoldJob): TemporalFold {
  const ev = evaluateHoldout(log, { ...options, calibrationEnd: isoDate(job.cal), observationEnd: isoDate(job.end) });
  return { fold: job.fold, calibrationEnd: ev.calibrationEnd, observationEnd: ev.observationEnd, customers: ev.report.customers, rows: ev.rows, warnings: ev.warnings };
}

/**
 * Runs the folds on up to `threads` threads: this thread takes one group while a worker thread takes each other, the
 * folds split by their calibration length (the cost of a fold's fits), longest first onto the least-loaded thread.
 * Folds run here when there is one thread, when the compiled worker is absent (TypeScript sources, as in tests), or
 * when the options hold a function (a progress callback cannot cross threads).
 */
export function runFolds(log: TransactionLog, options: FoldOptions, jobs: readonly FoldJob[], threads: number, start: number): TemporalFold[] {
  const want = Math.max(1, Math.min(threads, jobs.length));
  const cloneable = !Object.values(options.stacked ?? {}).some((v) => typeof v === "function");
  if (want <= 1 || !cloneable || !existsSync(fileURLToPath(WORKER_URL))) return jobs.map((job) => runFold(log, options, job));
  const loads = new Array<number>(want).fill(0);
  const groups: number[][] = Array.from({ length: want }, () => []);
  const order = jobs.map((_, j) => j).sort((a, b) => jobs[b]!.cal - jobs[a]!.cal || a - b);
  for (const j of order) {
    const g = loads.indexOf(Math.min(...loads));
    groups[g]!.push(j);
    loads[g]! += jobs[j]!.cal - start + 1;
  }
  // This thread runs group 0; worker w runs group w + 1.
  return runGroupsSync<FoldJob, TemporalFold>(WORKER_URL, jobs, groups, (job) => runFold(log, options, job), (js) => ({ task: { log, options, jobs: js } }), (w) => `fold thread ${w + 1}`);
}

/** Default threads for the folds: one per core, at most 2, from 100,000 transactions (below that a worker's start-up outweighs the gain). */
export function defaultFoldThreads(log: TransactionLog): number {
  return log.length >= 100_000 ? Math.max(1, Math.min(2, availableParallelism())) : 1;
}
