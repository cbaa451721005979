// Posterior CLV summaries of the BG/NBD family at scale (internal): every draw evaluated (no linearization), the
// customers split over this thread and worker threads. Each thread groups all customers by frequency and builds every
// draw's interpolants itself, so a customer's summary does not depend on the number of threads.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { startWorkersSync } from "../util/startWorkersSync.js";
import { discountedTable, evaluateDiscounted, groupByFrequency } from "../models/bgNbdKernel.js";
import { gammaGammaConditionalSpend } from "../models/gammaGammaSpend.js";
import { summarizeDraws, type PosteriorSummary } from "./posterior.js";

const WORKER_URL = new URL("./bgNbdClvWorker.js", import.meta.url);
/** Customers per block: a block's draws (1,000 × 2,000 × 8 B = 16 MB) are written draw by draw at a stride that stays in cache. */
const BLOCK = 2000;

/** Spend per transaction: a constant, one value per customer, or Gamma-Gamma parameters per draw (p, q, v, constant spend or NaN; kind "draws"). */
export type ClvSpend = { kind: "constant"; value: number } | { kind: "customers"; values: Float64Array } | { kind: "draws"; draws: Float64Array };

/** Everything one thread needs (structured-cloneable): customers, draws × (r, α, a, b), horizons, weights, spend. */
export interface ClvSummaryJob {
  modified: boolean;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  monetaryValue?: Float64Array;
  params: Float64Array;
  times: Float64Array;
  weights: Float64Array;
  spend: ClvSpend;
  margin: number;
  level: number | undefined;
  start: number;
  end: number;
}

/** Summaries of margin × spend × Σ_k w_k E[Y(t_k) | x, t_x, T] over the draws, for customers [start, end). */
export function clvSummaryRange(job: ClvSummaryJob): PosteriorSummary {
  const { modified, x, tx, T, params, times, weights, spend, margin, start, end } = job;
  const draws = params.length / 4;
  const groups = groupByFrequency(x, T);
  const point = Array.from({ length: draws }, (_, d) => ({ r: params[4 * d]!, alpha: params[4 * d + 1]!, a: params[4 * d + 2]!, b: params[4 * d + 3]! }));
  const tables = point.map((p) => discountedTable(p, modified, times, weights, groups));
  const spendBlock = new Float64Array(BLOCK);
  return summarizeDraws(end - start, draws, job.level, BLOCK, (s, e, d, out) => {
    evaluateDiscounted(point[d]!, modified, tables[d]!, groups, times, weights, tx, T, start + s, start + e, out);
    if (spend.kind === "constant") {
      const f = margin * spend.value;
      for (let i = 0; i < e - s; i++) out[i] = f * out[i]!;
      return;
    }
    if (spend.kind === "customers") {
      for (let i = 0; i < e - s; i++) out[i] = margin * spend.values[start + s + i]! * out[i]!;
      return;
    }
    const g = spend.draws, c = g[4 * d + 3]!;
    gammaGammaConditionalSpend({ p: g[4 * d]!, q: g[4 * d + 1]!, v: g[4 * d + 2]! }, x.subarray(start + s, start + e), job.monetaryValue!.subarray(start + s, start + e), Number.isNaN(c) ? undefined : c, spendBlock.subarray(0, e - s));
    for (let i = 0; i < e - s; i++) out[i] = margin * spendBlock[i]! * out[i]!;
  });
}

/**
 * The summaries for all customers of `job` on up to `threads` threads (this one included): contiguous customer ranges,
 * concatenated in order. One thread, or no compiled worker (tests run the sources), gives the same numbers.
 */
export function clvSummaries(job: Omit<ClvSummaryJob, "start" | "end">, threads: number | undefined): PosteriorSummary {
  const n = job.x.length;
  const want = Math.max(1, Math.min(threads ?? availableParallelism(), Math.ceil(n / 50_000)));
  if (want <= 1 || !existsSync(fileURLToPath(WORKER_URL))) return clvSummaryRange({ ...job, start: 0, end: n });
  const cut = (w: number) => Math.round((n * w) / want);
  // This thread takes range 0; worker w takes range w + 1.
  const workers = startWorkersSync<PosteriorSummary>(WORKER_URL, Array.from({ length: want - 1 }, (_, w) => ({ job: { ...job, start: cut(w + 1), end: cut(w + 2) } })), (w) => `CLV summary thread ${w + 1}`);
  try {
    const parts = [clvSummaryRange({ ...job, start: 0, end: cut(1) })];
    for (let w = 0; w < want - 1; w++) parts.push(workers.result(w));
    const out: PosteriorSummary = { mean: new Float64Array(n), sd: new Float64Array(n), lower: new Float64Array(n), upper: new Float64Array(n), level: parts[0]!.level, draws: parts[0]!.draws };
    parts.forEach((p, w) => {
      for (const k of ["mean", "sd", "lower", "upper"] as const) out[k].set(p[k], cut(w));
    });
    return out;
  } finally {
    workers.close();
  }
}
