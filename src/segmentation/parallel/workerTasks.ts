// Task bodies run inside worker threads (see segmentationWorker.ts); plain data in, plain data out.
import { chunkIntervals, type IntervalBounds, type IntervalChunk } from "../predictor/bootstrapIntervals.js";
import { runReplicates, type PreparedBootstrap } from "../predictor/bootstrapReplicates.js";
import { fitGmm, type FitGmmOptions } from "../segments/fitGmm.js";
import type { BootstrapReplicate } from "../predictor/pipelineTypes.js";
import { runLearnerJobs, type LearnerJob, type LearnerJobData, type LearnerJobResult } from "../predictor/stackedHead.js";
import type { GmmModel } from "../types.js";

export function fitGmmTask(task: { [key: string]: unknown }): GmmModel[] {
  const { data, rows, cols, ks, options } = task as { data: Float64Array; rows: number; cols: number; ks: number[]; options: Omit<FitGmmOptions, "k"> };
  return ks.map((k) => fitGmm({ data, rows, cols }, { ...options, k }));
}

export function bootstrapTask(task: { [key: string]: unknown }): BootstrapReplicate[] {
  const { prep, from, to } = task as { prep: PreparedBootstrap; from: number; to: number };
  return runReplicates(prep, from, to);
}

export function learnersTask(task: { [key: string]: unknown }): LearnerJobResult[] {
  const { data, jobs } = task as { data: LearnerJobData; jobs: LearnerJob[] };
  return runLearnerJobs(data, jobs);
}

export function intervalsTask(task: { [key: string]: unknown }): IntervalBounds[] {
  return (task.chunks as IntervalChunk[]).map(chunkIntervals);
}
