// Task bodies run inside worker threads (see segmentationWorker.ts); plain data in, plain data out.
import { chunkIntervals, type IntervalBounds, type IntervalChunk } from "../predictor/chunkIntervals.js";
import { runReplicates, type PreparedBootstrap } from "../predictor/bootstrapReplicates.js";
import type { BootstrapReplicate } from "../predictor/pipelineTypes.js";
import { runLearnerJobs, type LearnerJob, type LearnerJobData, type LearnerJobResult } from "../predictor/stackedHead.js";

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
