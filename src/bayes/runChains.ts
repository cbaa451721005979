// Runs NUTS chains, on this thread and worker threads when the compiled build is present (internal). Each chain has its own seed
// and runs whole on one thread, so the draws never depend on the number of threads.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { runGroupsSync } from "../util/runGroupsSync.js";
import type { PriorSet } from "./defaultPriors.js";
import { rowsLikelihood, type ModelRows } from "./modelLikelihood.js";
import { sampleNuts, type NutsChain, type NutsOptions } from "./sampleNuts.js";
import { posteriorTarget } from "./target.js";

const WORKER_URL = new URL("./bayesWorker.js", import.meta.url);

/** One chain's job: the model rows, priors, start, seed and NUTS settings (all structured-cloneable). */
export interface ChainJob {
  rows: ModelRows;
  priors: PriorSet;
  start: Float64Array;
  seed: number;
  nuts: NutsOptions;
}

/** Runs one chain in this thread. */
export function runChain(job: ChainJob): NutsChain {
  const target = posteriorTarget(rowsLikelihood(job.rows), job.priors);
  return sampleNuts(target, job.start, job.seed, job.nuts);
}

/**
 * Runs the chains on up to `threads` threads (chains split round-robin): this thread takes the first group while
 * worker threads take the others, so one thread fewer is started (a worker's start-up and module loading cost
 * about 0.2 s of CPU, a tenth of a CDNOW BG/NBD run).
 */
export function runChains(jobs: ChainJob[], threads: number | undefined): NutsChain[] {
  const want = Math.max(1, Math.min(threads ?? availableParallelism(), jobs.length));
  if (want <= 1 || !existsSync(fileURLToPath(WORKER_URL))) return jobs.map(runChain);
  const groups: number[][] = Array.from({ length: want }, () => []);
  jobs.forEach((_, i) => groups[i % want]!.push(i));
  // This thread runs group 0; worker w runs group w + 1.
  return runGroupsSync<ChainJob, NutsChain>(WORKER_URL, jobs, groups, runChain, (js) => ({ jobs: js }), (w) => `sampler thread ${w + 1}`);
}
