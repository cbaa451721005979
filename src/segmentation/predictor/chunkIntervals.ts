// The per-chunk kernel of the bootstrap intervals: replicate stacks, predictive draws and bounds for one chunk of customers (runs on worker threads too).
import { createRng } from "../../random/createRng.js";
import type { BtydFit, BtydSummary } from "./btydBase.js";
import { drawValues, noPurchaseOdds, survivalOdds } from "./drawValues.js";
import { distinctRows, type DistinctRows } from "./distinctRows.js";
import { replicateForecast } from "./replicateForecast.js";
import { replicateStack } from "./replicateStack.js";
import { centralIntervals } from "./centralIntervals.js";
import { MODEL_IDS } from "../../models/modelIds.js";
import { gammaGammaConditionalSpend } from "../../models/gammaGammaSpend.js";
import type { BootstrapReplicate } from "./pipelineTypes.js";
import type { FeatureMatrix } from "../types.js";
import { nearestRank } from "../../numeric/quantiles.js";
import { orderStatistics } from "../../numeric/orderStatistics.js";

/** One chunk of customers for {@link chunkIntervals}: plain data, so a worker thread can take it. */
export interface IntervalChunk {
  replicates: readonly BootstrapReplicate[];
  btydOther: BtydFit;
  summary: BtydSummary;
  /** Learner features, per-segment probabilities and tree ratios of the chunk's customers (only with scaleToStack). */
  x: Float64Array;
  cols: number;
  probabilities: Float64Array;
  treeRatios: Float64Array;
  /** Per customer, the power the replicates' ratios are raised to (the pipeline's ratioFade; the tree ratios come faded); absent: none. */
  fade?: Float64Array;
  /** Each replicate's expected value is its stacked purchases × its Gamma-Gamma spend (the pipeline's "purchases-x-spend"), else its value head. */
  spendTimesPurchases?: boolean;
  k: number;
  weeks: number;
  draws: number;
  seed: number;
  index: number;
  levels: readonly number[];
  /** Level asked of the predictive draws for each of `levels` (recalibrated, or the same). */
  quantileLevels?: readonly number[];
  scaleToStack: boolean;
}

export interface IntervalBounds {
  lower: Record<string, Float64Array>;
  upper: Record<string, Float64Array>;
  expectedLower: Record<string, Float64Array>;
  expectedUpper: Record<string, Float64Array>;
}

/** Predictive draws and interval bounds for one chunk of customers (also the body of the "intervals" worker task). */
export function chunkIntervals(c: IntervalChunk): IntervalBounds {
  const B = c.replicates.length;
  const len = c.summary.frequency.length;
  // The other BTYD model and each replicate's evaluate P(alive) and E[X(t)] once per distinct (x, t_x, T).
  const distinct = distinctRows(c.summary);
  const { stacked, ratios, alive } = replicateStacks(c, distinct);
  const scale = new Float64Array(len).fill(1);
  for (let j = 0; j < len && c.scaleToStack; j++) {
    const r = ratios.slice(j * B, (j + 1) * B).sort();
    scale[j] = B % 2 ? r[B >> 1]! : (r[B / 2 - 1]! + r[B / 2]!) / 2;
  }
  const lower: Record<string, Float64Array> = {};
  const upper: Record<string, Float64Array> = {};
  const expectedLower: Record<string, Float64Array> = {};
  const expectedUpper: Record<string, Float64Array> = {};
  for (const l of c.levels) {
    lower[String(l)] = new Float64Array(len);
    upper[String(l)] = new Float64Array(len);
    expectedLower[String(l)] = new Float64Array(len);
    expectedUpper[String(l)] = new Float64Array(len);
  }
  expectedBounds(stacked, len, B, c.levels, expectedLower, expectedUpper);
  predictiveBounds(c, distinct, alive, scale, lower, upper);
  return { lower, upper, expectedLower, expectedUpper };
}

/**
 * Every replicate's stacked expected value of each customer (customer by customer: rows of B), its ratio to the
 * replicate's BTYD value (when the draws are scaled to the stack), and each replicate's P(alive) per distinct row
 * ([d][b]: the draws read a customer's replicates side by side).
 */
function replicateStacks(c: IntervalChunk, distinct: DistinctRows): { stacked: Float64Array; ratios: Float64Array; alive: Float64Array } {
  const reps = c.replicates;
  const B = reps.length;
  const sub = c.summary;
  const len = sub.frequency.length;
  const { k, cols, weeks: t } = c;
  // Every replicate's stacked expected value is needed (its interval), so the learner inputs are always there.
  const x: FeatureMatrix = { data: c.x, rows: len, cols };
  const xFinite = c.x.every(Number.isFinite);
  const ratios = new Float64Array(c.scaleToStack ? len * B : 0);
  // Replicate by replicate (rows of len), turned customer by customer (rows of B) once filled.
  const stackedByReplicate = new Float64Array(len * B);
  const otherD = replicateForecast(c.btydOther, distinct.summary, t).expected;
  const otherExpected = Float64Array.from(distinct.index, (d) => otherD[d]!);
  const otherSpend = gammaGammaConditionalSpend(c.btydOther.spend, sub.frequency, sub.monetaryValue, c.btydOther.spend.constantSpend);
  const otherValue = new Float64Array(len);
  for (let j = 0; j < len; j++) otherValue[j] = otherExpected[j]! * otherSpend[j]!;
  // P(alive) per distinct row and replicate ([d][b]): the draws read a customer's replicates side by side.
  const rowsD = distinct.summary.T.length;
  const alive = new Float64Array(rowsD * B);
  const expected = new Float64Array(len);
  const spend = new Float64Array(len);
  const btydValue = new Float64Array(len);
  for (let b = 0; b < B; b++) {
    const rep = reps[b]!;
    const eD = replicateForecast(rep.btyd, distinct.summary, t);
    const eDx = eD.expected;
    gammaGammaConditionalSpend(rep.btyd.spend, sub.frequency, sub.monetaryValue, rep.btyd.spend.constantSpend, spend);
    for (let d = 0; d < rowsD; d++) alive[d * B + b] = eD.alive[d]!;
    for (let j = 0; j < len; j++) {
      expected[j] = eDx[distinct.index[j]!]!;
      btydValue[j] = expected[j]! * spend[j]!;
    }
    const stack = stackedByReplicate.subarray(b * len, (b + 1) * len);
    if (c.spendTimesPurchases) {
      replicateStack(rep.purchases, x, xFinite, c.probabilities, k, c.treeRatios, expected, otherExpected, stack, c.fade);
      for (let j = 0; j < len; j++) stack[j] = stack[j]! * spend[j]!;
    } else replicateStack(rep.value, x, xFinite, c.probabilities, k, c.treeRatios, btydValue, otherValue, stack, c.fade);
    if (c.scaleToStack) for (let j = 0; j < len; j++) ratios[j * B + b] = btydValue[j]! > 0 ? stack[j]! / btydValue[j]! : 0;
  }
  return { stacked: transpose(stackedByReplicate, B, len), ratios, alive };
}

/** Bounds of the expected value at each level: nearest-rank order statistics of each customer's B replicate stacks. */
function expectedBounds(stacked: Float64Array, len: number, B: number, levels: readonly number[], expectedLower: Record<string, Float64Array>, expectedUpper: Record<string, Float64Array>): void {
  const mb = new Float64Array(B);
  const expectedRanks = levels.flatMap((l) => [nearestRank((1 - l) / 2, B), nearestRank(1 - (1 - l) / 2, B)]);
  for (let j = 0; j < len; j++) {
    mb.set(stacked.subarray(j * B, (j + 1) * B));
    const q = orderStatistics(mb, B, expectedRanks);
    levels.forEach((l, li) => {
      expectedLower[String(l)]![j] = q[2 * li]!;
      expectedUpper[String(l)]![j] = q[2 * li + 1]!;
    });
  }
}

/** Bounds of the realized value at each level: central intervals of each customer's B × draws predictive draws (scaled to the stack when asked). */
function predictiveBounds(c: IntervalChunk, distinct: DistinctRows, alive: Float64Array, scale: Float64Array, lower: Record<string, Float64Array>, upper: Record<string, Float64Array>): void {
  const reps = c.replicates;
  const B = reps.length;
  const D = c.draws;
  const S = B * D;
  const sub = c.summary;
  const len = sub.frequency.length;
  const t = c.weeks;
  // One stream per chunk, customers in order and replicates in order within a customer: the draws depend on the chunk
  // alone, not on the thread that runs it.
  const rng = createRng((Math.imul(c.seed + 1, 0x27d4eb2d) + Math.imul(c.index + 1, 0x9e3779b9)) >>> 0);
  const buf = new Float64Array(S);
  const qLevels = c.levels.map((l, li) => c.quantileLevels?.[li] ?? l);
  // The draws' odds of no purchase over t and (Pareto/NBD) of a lifetime beyond it depend on (x, T) only: once per pair.
  const pairs = distinctRows(sub, false);
  const P = pairs.summary.T.length;
  const noPurchase = new Float64Array(P * B);
  const survival = new Float64Array(P * B);
  for (let d = 0; d < P; d++) {
    for (let b = 0; b < B; b++) {
      const fit = reps[b]!.btyd;
      noPurchase[d * B + b] = noPurchaseOdds(fit, pairs.summary.frequency[d]!, pairs.summary.T[d]!, t);
      survival[d * B + b] = fit.model === MODEL_IDS.paretoNbd ? survivalOdds(fit, pairs.summary.T[d]!, t) : 1;
    }
  }
  for (let j = 0; j < len; j++) {
    // The positive draws, packed; the other S - m are 0.
    let m = 0;
    const d = pairs.index[j]! * B;
    const a = distinct.index[j]! * B;
    for (let b = 0; b < B; b++) m += drawValues(reps[b]!.btyd, sub, j, alive[a + b]!, t, rng, buf, m, D, noPurchase[d + b]!, survival[d + b]!);
    if (scale[j] !== 1) for (let r = 0; r < m; r++) buf[r] = scale[j]! * buf[r]!;
    const bounds = centralIntervals(buf, m, S, qLevels);
    c.levels.forEach((l, li) => {
      lower[String(l)]![j] = bounds[2 * li]!;
      upper[String(l)]![j] = bounds[2 * li + 1]!;
    });
  }
}

/** The transpose of a rows × cols matrix (row-major), in tiles that stay in cache. */
function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  const tile = 32;
  for (let r0 = 0; r0 < rows; r0 += tile) {
    for (let c0 = 0; c0 < cols; c0 += tile) {
      const r1 = Math.min(rows, r0 + tile), c1 = Math.min(cols, c0 + tile);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) out[c * rows + r] = a[r * cols + c]!;
    }
  }
  return out;
}
