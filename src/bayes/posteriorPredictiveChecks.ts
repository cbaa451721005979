import { MODEL_IDS } from "../models/modelIds.js";
import type { TransactionLog } from "../data/types.js";
import { trackingData, type TrackingOptions } from "../charts/diagnostics/plotTracking.js";
import type { PurchaseModelForCharts } from "../charts/diagnostics/types.js";
import { readRft, type CustomerData } from "../models/columns.js";
import type { FittedModel, ModelParams } from "../models/fittedModel.js";
import { createRng } from "../random/createRng.js";
import { simulateBgNbd } from "../synthetic/simulateBgNbd.js";
import { simulateParetoNbd } from "../synthetic/simulateParetoNbd.js";
import { summarizeDraws } from "./posterior.js";

/** Options of the posterior predictive checks. */
export interface PpcOptions {
  /** Posterior draws simulated (default 200). */
  draws?: number;
  /** Band level (default 0.94). */
  level?: number;
  /** Seed of the simulations (default 1). */
  seed?: number;
  /** Highest repeat-purchase count shown on its own; larger counts are pooled as "N+" (default 7). */
  maxCount?: number;
}

/** One bar of the repeat-purchase histogram: observed share vs the posterior predictive share with its band. */
export interface PurchaseCountPpcRow {
  count: number;
  label: string;
  observed: number;
  mean: number;
  lower: number;
  upper: number;
}

type BayesModel = Pick<FittedModel<ModelParams>, "posterior" | "model">;

/**
 * Posterior predictive check of the repeat-purchase histogram (as PyMC-Marketing's `plot_expected_purchases_ppc`):
 * for each posterior draw, every customer is re-simulated over their own T from the model (new purchase rate and
 * dropout), and the share of customers with 0, 1, …, N+ repeat purchases is compared with the observed shares.
 * BG/NBD and Pareto/NBD.
 * @see Gelman, Meng & Stern (1996), posterior predictive assessment; Fader, Hardie & Lee (2005), fig. 2
 * @example purchaseCountPpc(fitBgNbd(summary, { method: "laplace" }), summary, { draws: 100 })
 */
export function purchaseCountPpc(model: BayesModel, customers: CustomerData, options: PpcOptions = {}): PurchaseCountPpcRow[] {
  const post = model.posterior;
  if (!post || post.method === "map") throw new Error(`purchaseCountPpc: the model has no posterior draws; fit it with { method: "laplace" } or { method: "mcmc" }`);
  if (model.model !== MODEL_IDS.bgNbd && model.model !== MODEL_IDS.paretoNbd) throw new Error(`purchaseCountPpc: ${model.model} is not supported; use a bg-nbd or pareto-nbd model`);
  const d = readRft(customers, "purchaseCountPpc", false);
  const K = options.maxCount ?? 7;
  if (!(Number.isInteger(K) && K >= 1)) throw new Error(`invalid maxCount ${K}: use a whole number >= 1`);
  const share = (x: Float64Array, out: Float64Array) => {
    out.fill(0);
    for (let i = 0; i < x.length; i++) out[Math.min(K, x[i]!)] = out[Math.min(K, x[i]!)]! + 1 / x.length;
  };
  const observed = new Float64Array(K + 1);
  share(d.x, observed);
  const idx = post.drawIndices(options.draws ?? 200);
  const rng = createRng(options.seed ?? 1);
  const seeds = Array.from(idx, () => rng.int(0xffffffff));
  const s = summarizeDraws(K + 1, idx.length, options.level, (_s, _e, j, out) => {
    const p = post.params(idx[j]!);
    const sim = model.model === MODEL_IDS.bgNbd
      ? simulateBgNbd(p as { r: number; alpha: number; a: number; b: number }, { seed: seeds[j]!, customers: d.n, T: d.T })
      : simulateParetoNbd(p as { r: number; alpha: number; s: number; beta: number }, { seed: seeds[j]!, customers: d.n, T: d.T });
    share(sim.summary.frequency, out);
  });
  return Array.from({ length: K + 1 }, (_, k) => ({ count: k, label: k === K ? `${K}+` : String(k), observed: observed[k]!, mean: s.mean[k]!, lower: s.lower[k]!, upper: s.upper[k]! }));
}

/** A week of the tracking check: actual repeat transactions and the posterior band of the model's expectation. */
export interface TrackingBandRow {
  weekEnd: number;
  actual: number;
  actualCumulative: number;
  mean: number;
  lower: number;
  upper: number;
  cumulativeMean: number;
  cumulativeLower: number;
  cumulativeUpper: number;
}

/**
 * Tracking check with bands: weekly and cumulative repeat transactions of the customers acquired by the end of
 * calibration, actual vs the posterior of Σ_i E[X(t − t0_i)] (mean and equal-tailed band over posterior draws),
 * over calibration and holdout.
 * @see Fader, Hardie & Lee (2005), figs. 3-4
 * @example trackingBands(fitBgNbd(summary, { method: "laplace" }), log, { timeUnit: "weeks", calibrationEnd: "1997-09-30" })
 */
export function trackingBands(model: BayesModel, log: TransactionLog, options: TrackingOptions & PpcOptions): TrackingBandRow[] {
  const post = model.posterior;
  if (!post || post.method === "map") throw new Error(`trackingBands: the model has no posterior draws; fit it with { method: "laplace" } or { method: "mcmc" }`);
  const idx = post.drawIndices(options.draws ?? 200);
  const per = Array.from(idx, (j) => trackingData(post.model(j) as unknown as PurchaseModelForCharts, log, options));
  const base = per[0]!;
  const W = base.length;
  const inc = summarizeDraws(W, idx.length, options.level, (_s, _e, d, out) => per[d]!.forEach((r, w) => (out[w] = r.model)));
  const cum = summarizeDraws(W, idx.length, options.level, (_s, _e, d, out) => per[d]!.forEach((r, w) => (out[w] = r.modelCumulative)));
  return base.map((r, w) => ({ weekEnd: r.weekEnd, actual: r.actual, actualCumulative: r.actualCumulative, mean: inc.mean[w]!, lower: inc.lower[w]!, upper: inc.upper[w]!, cumulativeMean: cum.mean[w]!, cumulativeLower: cum.lower[w]!, cumulativeUpper: cum.upper[w]! }));
}

/** One calibration-frequency group: actual mean holdout purchases vs the posterior of the model's conditional mean. */
export interface HoldoutBandRow {
  count: number;
  label: string;
  customers: number;
  actual: number;
  mean: number;
  lower: number;
  upper: number;
}

/**
 * Holdout vs calibration frequency with bands: customers grouped by calibration repeat purchases (0, 1, …, N+); per
 * group the actual mean holdout repeat purchases against the posterior (mean and equal-tailed band over draws) of
 * the group's mean conditional expectation E[Y(holdout) | x, t_x, T]. Needs a summary with `frequencyHoldout` and
 * `durationHoldout` (summarizeCustomers with a calibrationEnd).
 * @see Fader, Hardie & Lee (2005), fig. 5
 * @example calibrationHoldoutBands(fitBgNbd(summary, { method: "laplace" }), summary)
 */
export function calibrationHoldoutBands(model: BayesModel, summary: { frequency: Float64Array; recency: Float64Array; T: Float64Array; frequencyHoldout?: Float64Array; durationHoldout?: number; timeUnit?: string }, options: PpcOptions = {}): HoldoutBandRow[] {
  const post = model.posterior;
  if (!post || post.method === "map") throw new Error(`calibrationHoldoutBands: the model has no posterior draws; fit it with { method: "laplace" } or { method: "mcmc" }`);
  const hold = summary.frequencyHoldout, dur = summary.durationHoldout;
  if (!hold || !(dur !== undefined && dur > 0)) throw new Error(`calibrationHoldoutBands: the summary has no holdout columns; summarize with a calibrationEnd so frequencyHoldout and durationHoldout exist`);
  const K = options.maxCount ?? 7;
  const n = summary.frequency.length;
  const group = Int32Array.from(summary.frequency, (x) => Math.min(K, x));
  const size = new Float64Array(K + 1), actual = new Float64Array(K + 1);
  for (let i = 0; i < n; i++) {
    size[group[i]!]++;
    actual[group[i]!] += hold[i]!;
  }
  const idx = post.drawIndices(options.draws ?? 200);
  const s = summarizeDraws(K + 1, idx.length, options.level, (_s, _e, d, out) => {
    const e = (post.model(idx[d]!) as { conditionalExpectedPurchases(t: number, c: CustomerData): Float64Array }).conditionalExpectedPurchases(dur, summary as CustomerData);
    out.fill(0);
    for (let i = 0; i < n; i++) out[group[i]!] = out[group[i]!]! + e[i]!;
    for (let g = 0; g <= K; g++) out[g] = size[g]! > 0 ? out[g]! / size[g]! : 0;
  });
  return Array.from({ length: K + 1 }, (_, g) => ({ count: g, label: g === K ? `${K}+` : String(g), customers: size[g]!, actual: size[g]! > 0 ? actual[g]! / size[g]! : NaN, mean: s.mean[g]!, lower: s.lower[g]!, upper: s.upper[g]! })).filter((r) => r.customers > 0);
}
