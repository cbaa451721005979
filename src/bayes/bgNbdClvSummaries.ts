// Posterior CLV summaries of the BG/NBD family at scale (internal): every draw evaluated (no linearization), the
// customers split over this thread and worker threads. Every draw's interpolants are fitted over all customers' frequency
// groups (the draws split over the threads, each table built once), so a customer's summary does not depend on the
// number of threads; within a block, customers are evaluated in frequency order, bit for bit as the point kernel does.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { startWorkersSync } from "../util/startWorkersSync.js";
import { evaluateDiscounted } from "../models/bgNbdKernel.js";
import { discountedTable, type DiscountedTable } from "../models/discountedTable.js";
import { groupByFrequency, type FrequencyGroups } from "../models/frequencyGroups.js";
import type { BgNbdParams } from "../models/bgNbdParams.js";
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
  /** Every draw's interpolants when built beforehand (split over the threads, see clvSummaries). */
  tables?: DiscountedTable[];
}

/** Draws [d0, d1) of `params` as BG/NBD parameter objects. */
function drawParams(params: Float64Array, d0: number, d1: number): BgNbdParams[] {
  return Array.from({ length: d1 - d0 }, (_, k) => {
    const d = d0 + k;
    return { r: params[4 * d]!, alpha: params[4 * d + 1]!, a: params[4 * d + 2]!, b: params[4 * d + 3]! };
  });
}

/**
 * The per-frequency interpolants of draws [d0, d1) over all customers of `job` (a table depends only on the draw and
 * on the groups of all customers, so any thread builds the same one).
 */
export function clvTablesRange(job: Omit<ClvSummaryJob, "start" | "end">, d0: number, d1: number): DiscountedTable[] {
  const groups = groupByFrequency(job.x, job.T);
  return drawParams(job.params, d0, d1).map((p) => discountedTable(p, job.modified, job.times, job.weights, groups));
}

/** Summaries of margin × spend × Σ_k w_k E[Y(t_k) | x, t_x, T] over the draws, for customers [start, end). */
export function clvSummaryRange(job: ClvSummaryJob): PosteriorSummary {
  const { modified, x, tx, T, params, times, weights, spend, margin, start, end } = job;
  const draws = params.length / 4;
  const groups = groupByFrequency(x, T);
  const point = drawParams(params, 0, draws);
  const tables = job.tables ?? point.map((p) => discountedTable(p, modified, times, weights, groups));
  const spendBlock = new Float64Array(BLOCK);
  const sorted = sortBlocks(groups.group, tx, T, start, end);
  return summarizeDraws(end - start, draws, job.level, BLOCK, (s, e, d, out) => {
    evaluateSorted(point[d]!, modified, tables[d]!, groups, times, weights, tx, T, start, sorted, s, e, out);
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

/** Customers of a range in blocks of BLOCK, each block ordered by frequency group: local index, group, T and t_x. */
interface SortedBlocks {
  order: Int32Array;
  group: Int32Array;
  T: Float64Array;
  tx: Float64Array;
}

/**
 * Orders each block of BLOCK customers of [start, end) by frequency group (index order within a group), once for all
 * draws, so that customers sharing an interpolant are evaluated side by side.
 */
function sortBlocks(group: Int32Array, tx: Float64Array, T: Float64Array, start: number, end: number): SortedBlocks {
  const m = end - start;
  const order = new Int32Array(m), g = new Int32Array(m), sT = new Float64Array(m), stx = new Float64Array(m);
  const keys = new Float64Array(BLOCK);
  for (let s = 0; s < m; s += BLOCK) {
    const e = Math.min(m, s + BLOCK), k = keys.subarray(0, e - s);
    // group · BLOCK + local index: one numeric typed-array sort gives group order, stable within a group.
    for (let i = s; i < e; i++) k[i - s] = group[start + i]! * BLOCK + (i - s);
    k.sort();
    for (let j = s; j < e; j++) {
      const key = k[j - s]!, gj = Math.floor(key / BLOCK), i = s + (key - gj * BLOCK);
      order[j] = i;
      g[j] = gj;
      sT[j] = T[start + i]!;
      stx[j] = tx[start + i]!;
    }
  }
  return { order, group: g, T: sT, tx: stx };
}

/** Σ_k w_k m(…) times P(alive), exactly as evaluateDiscounted writes it (same operations, same order: same bits). */
function aliveTimes(S: number, logOdds: number, A: number, alpha: number, Ti: number, ti: number): number {
  return logOdds === -Infinity ? S : S / (1 + Math.exp(logOdds + A * Math.log1p((Ti - ti) / (alpha + ti))));
}

/**
 * evaluateDiscounted for the block [s, e) of a sorted range, bit for bit: within a run of customers of one group with
 * a one-piece interpolant, four Clenshaw recurrences run interleaved (each is a chain of dependent multiply-adds, so
 * four at once keep the floating-point units busy); other runs go through evaluateDiscounted one customer at a time.
 */
function evaluateSorted(p: BgNbdParams, modified: boolean, table: DiscountedTable, groups: FrequencyGroups, times: Float64Array, weights: Float64Array, tx: Float64Array, T: Float64Array, start: number, sorted: SortedBlocks, s: number, e: number, out: Float64Array): void {
  const { lo, hi, offset, len, pieces, coef, logOdds, A } = table;
  const { order, group, T: sT, tx: stx } = sorted;
  const alpha = p.alpha;
  const one = new Float64Array(1);
  let j = s;
  while (j < e) {
    const g = group[j]!;
    let k = j + 1;
    while (k < e && group[k] === g) k++;
    const n = len[g]!;
    if (n > 0 && pieces[g]! === 1) {
      const l0 = lo[g]!, l1 = hi[g]!, o = offset[g]!, lg = logOdds[g]!, Ag = A[g]!, c0 = coef[o]!;
      let q = j;
      for (; q + 4 <= k; q += 4) {
        const za = (2 * Math.log(alpha + sT[q]!) - l0 - l1) / (l1 - l0);
        const zb = (2 * Math.log(alpha + sT[q + 1]!) - l0 - l1) / (l1 - l0);
        const zc = (2 * Math.log(alpha + sT[q + 2]!) - l0 - l1) / (l1 - l0);
        const zd = (2 * Math.log(alpha + sT[q + 3]!) - l0 - l1) / (l1 - l0);
        const ya = 2 * za, yb = 2 * zb, yc = 2 * zc, yd = 2 * zd;
        let a1 = 0, a2 = 0, b1 = 0, b2 = 0, c1 = 0, c2 = 0, d1 = 0, d2 = 0;
        for (let c = o + n - 1; c > o; c--) {
          const ck = coef[c]!;
          const a0 = ya * a1 - a2 + ck, b0 = yb * b1 - b2 + ck, cc = yc * c1 - c2 + ck, d0 = yd * d1 - d2 + ck;
          a2 = a1;
          a1 = a0;
          b2 = b1;
          b1 = b0;
          c2 = c1;
          c1 = cc;
          d2 = d1;
          d1 = d0;
        }
        out[order[q]! - s] = aliveTimes(za * a1 - a2 + c0, lg, Ag, alpha, sT[q]!, stx[q]!);
        out[order[q + 1]! - s] = aliveTimes(zb * b1 - b2 + c0, lg, Ag, alpha, sT[q + 1]!, stx[q + 1]!);
        out[order[q + 2]! - s] = aliveTimes(zc * c1 - c2 + c0, lg, Ag, alpha, sT[q + 2]!, stx[q + 2]!);
        out[order[q + 3]! - s] = aliveTimes(zd * d1 - d2 + c0, lg, Ag, alpha, sT[q + 3]!, stx[q + 3]!);
      }
      for (; q < k; q++) {
        const z = (2 * Math.log(alpha + sT[q]!) - l0 - l1) / (l1 - l0), y = 2 * z;
        let b1 = 0, b2 = 0;
        for (let c = o + n - 1; c > o; c--) {
          const b0 = y * b1 - b2 + coef[c]!;
          b2 = b1;
          b1 = b0;
        }
        out[order[q]! - s] = aliveTimes(z * b1 - b2 + c0, lg, Ag, alpha, sT[q]!, stx[q]!);
      }
    } else {
      for (let q = j; q < k; q++) {
        const i = start + order[q]!;
        evaluateDiscounted(p, modified, table, groups, times, weights, tx, T, i, i + 1, one);
        out[order[q]! - s] = one[0]!;
      }
    }
    j = k;
  }
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
  // First the draws' interpolants, split over the threads (each thread would otherwise build all of them), then the
  // customers: this thread takes range 0; worker w takes range w + 1.
  const D = job.params.length / 4, dcut = (w: number) => Math.round((D * w) / want);
  const builders = startWorkersSync<DiscountedTable[]>(WORKER_URL, Array.from({ length: want - 1 }, (_, w) => ({ job, draws: [dcut(w + 1), dcut(w + 2)] })), (w) => `CLV interpolant thread ${w + 1}`);
  let tables: DiscountedTable[];
  try {
    tables = clvTablesRange(job, 0, dcut(1));
    for (let w = 0; w < want - 1; w++) tables = tables.concat(builders.result(w));
  } finally {
    builders.close();
  }
  const workers = startWorkersSync<PosteriorSummary>(WORKER_URL, Array.from({ length: want - 1 }, (_, w) => ({ job: { ...job, tables, start: cut(w + 1), end: cut(w + 2) } })), (w) => `CLV summary thread ${w + 1}`);
  try {
    const parts = [clvSummaryRange({ ...job, tables, start: 0, end: cut(1) })];
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
