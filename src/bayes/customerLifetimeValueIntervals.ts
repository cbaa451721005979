import { readColumns, readRft, FREQUENCY, RECENCY, AGE, MONETARY, type CustomerData } from "../models/columns.js";
import { clvSchedule, customerLifetimeValue, type ClvOptions, type PurchaseModelLike, type SpendModelLike } from "../models/customerLifetimeValue.js";
import { MODEL_IDS } from "../models/modelIds.js";
import { clvSummaries, type ClvSpend } from "./bgNbdClvSummaries.js";
import type { FittedModel, ModelParams } from "../models/fittedModel.js";
import { customerBlocks, summarizeDraws, type PosteriorPredictOptions, type PosteriorSummary } from "./posterior.js";

/** A purchase model fitted with method "laplace" or "mcmc" (it carries `posterior`). */
export type BayesianPurchaseModel = PurchaseModelLike & Pick<FittedModel<ModelParams>, "posterior">;

/**
 * Per-customer CLV credible intervals from parameter uncertainty: for each posterior draw (of the purchase model,
 * and of the Gamma-Gamma model when it has a posterior too, paired draw by draw) the CLV of
 * {@link customerLifetimeValue}, summarised as mean, sd and the equal-tailed interval at `level` (default 0.94).
 * Streams over blocks of customers (memory is draws × block, never draws × customers); the interval is the exact
 * quantile of the block's draws. BG/NBD and MBG/NBD draws are evaluated through the per-frequency interpolants of
 * their expected purchases (to 1e-13 relative, see `weightedExpectedPurchases`), on this thread and worker threads
 * (`threads`, default all cores; the result does not depend on it); other models once per distinct
 * (frequency, recency, T) in a block. `approximation: "linearized"` is the cheaper first-order alternative (see
 * {@link ClvIntervalOptions}).
 * @see Fader, Hardie & Lee (2005) for the CLV; Gelman et al., BDA3 ch. 1.9 for posterior summaries of derived quantities
 * @example const s = customerLifetimeValueIntervals(fitBgNbd(summary, { method: "laplace" }), fitGammaGamma(summary), summary, { months: 12 }); s.lower
 */
export function customerLifetimeValueIntervals(purchaseModel: BayesianPurchaseModel, spendModel: SpendModelLike & Partial<Pick<FittedModel<ModelParams>, "posterior">>, customers: CustomerData, options: ClvIntervalOptions = {}): PosteriorSummary {
  const post = purchaseModel.posterior;
  if (!post || post.method === "map") throw new Error(`customerLifetimeValueIntervals: the purchase model has no posterior draws; fit it with { method: "laplace" } or { method: "mcmc" }`);
  const idx = post.drawIndices(options.draws);
  const spendPost = typeof spendModel === "number" ? undefined : spendModel.posterior;
  const spendIdx = spendPost && spendPost.method !== "map" ? spendPost.drawIndices(idx.length) : undefined;
  const models = Array.from(idx, (j) => post.model(j) as unknown as PurchaseModelLike);
  const spends = Array.from(idx, (_, d) => (spendIdx ? (spendPost!.model(spendIdx[d % spendIdx.length]!) as unknown as SpendModelLike) : spendModel));
  const blocks = customerBlocks(customers);
  const rft = readColumns(customers, [FREQUENCY, RECENCY, AGE], "customerLifetimeValueIntervals");
  const x = rft.columns.frequency!, tx = rft.columns.recency!, T = rft.columns.T!;
  const margin = options.margin ?? 1;
  const disc: ClvOptions = { ...options, margin: 1, timeUnit: options.timeUnit ?? rft.timeUnit ?? purchaseModel.timeUnit };
  const approximation = options.approximation ?? "exact";
  if (approximation !== "exact" && approximation !== "linearized") throw new Error(`invalid approximation "${String(approximation)}": use "exact" or "linearized"`);
  const id = (purchaseModel as { model?: unknown }).model;
  if (approximation === "exact" && (id === MODEL_IDS.bgNbd || id === MODEL_IDS.mbgNbd)) {
    return bgFamilySummaries(id === MODEL_IDS.mbgNbd, purchaseModel, spendModel, customers, idx, spendIdx, { ...options, ...disc, margin });
  }
  // Linearized: ln(discounted purchases) to first order in the log-parameters around their posterior mean ℓ̄
  // (k + 1 evaluations per block instead of one per draw); the spend stays exact per draw.
  const names = post.names;
  const k = names.length;
  const H = 1e-4;
  const logs = Array.from(idx, (j) => names.map((n) => Math.log(post.params(j)[n]!)));
  const center = names.map((_, p) => logs.reduce((a, l) => a + l[p]!, 0) / logs.length);
  const delta = logs.map((l) => l.map((v, p) => v - center[p]!));
  const around = (p: number) => post.modelAt(Object.fromEntries(names.map((n, q) => [n, Math.exp(center[q]! + (q === p ? H : 0))]))) as unknown as PurchaseModelLike;
  const linearModels = approximation === "linearized" ? Array.from({ length: k + 1 }, (_, p) => around(p < k ? p : -1)) : [];
  let cached = -1;
  let distinct: { slot: Int32Array; rows: CustomerData } | undefined;
  let base: Float64Array | undefined;
  let slopes: Float64Array[] = [];
  return summarizeDraws(blocks.n, idx.length, options.level, (s, e, d, out) => {
    if (cached !== s) {
      distinct = distinctRows(x, tx, T, s, e, disc.timeUnit);
      cached = s;
      if (approximation === "linearized") {
        base = customerLifetimeValue(linearModels[k]!, 1, distinct.rows, disc);
        // Slopes of ln(discounted purchases): the expansion stays positive and captures their multiplicative form.
        slopes = linearModels.slice(0, k).map((m) => customerLifetimeValue(m, 1, distinct!.rows, disc).map((v, i) => (base![i]! > 0 && v > 0 ? Math.log(v / base![i]!) / H : 0)));
      }
    }
    // margin × spend × discounted purchases; the purchases depend on (x, t_x, T) only.
    let dp: Float64Array;
    if (approximation === "linearized") {
      dp = new Float64Array(base!.length);
      for (let i = 0; i < dp.length; i++) {
        let e = 0;
        for (let p = 0; p < k; p++) e += slopes[p]![i]! * delta[d]![p]!;
        dp[i] = base![i]! * Math.exp(e);
      }
    } else dp = customerLifetimeValue(models[d]!, 1, distinct!.rows, disc);
    const sp = spends[d]!;
    const spend = typeof sp === "number" ? undefined : sp.conditionalExpectedSpend(blocks.slice(s, e));
    for (let i = 0; i < e - s; i++) out[i] = margin * (spend ? spend[i]! : (sp as number)) * dp[distinct!.slot[i]!]!;
  });
}

/** Every draw of a BG/NBD or MBG/NBD posterior, paired with the spend draws, on all threads (see clvSummaries). */
function bgFamilySummaries(modified: boolean, purchaseModel: BayesianPurchaseModel, spendModel: SpendModelLike & Partial<Pick<FittedModel<ModelParams>, "posterior">>, customers: CustomerData, idx: Int32Array, spendIdx: Int32Array | undefined, options: ClvIntervalOptions): PosteriorSummary {
  const what = "customerLifetimeValueIntervals";
  const post = purchaseModel.posterior!;
  const d = readRft(customers, what, false);
  const { times, weights, margin } = clvSchedule(purchaseModel, customers, options);
  const params = new Float64Array(4 * idx.length);
  idx.forEach((j, k) => {
    const p = post.params(j);
    params.set([p.r!, p.alpha!, p.a!, p.b!], 4 * k);
  });
  let spend: ClvSpend;
  let monetaryValue: Float64Array | undefined;
  if (typeof spendModel === "number") {
    if (!Number.isFinite(spendModel)) throw new Error(`${what}: invalid spend per transaction ${spendModel}`);
    spend = { kind: "constant", value: spendModel };
  } else if (spendIdx) {
    const sp = spendModel.posterior!;
    if ((spendModel as { model?: unknown }).model !== MODEL_IDS.gammaGamma) throw new Error(`${what}: a spend model with posterior draws must be ${MODEL_IDS.gammaGamma}`);
    const g = new Float64Array(4 * idx.length);
    for (let k = 0; k < idx.length; k++) {
      const j = spendIdx[k % spendIdx.length]!, p = sp.params(j);
      const constant = (sp.model(j) as { constantSpend?: number }).constantSpend;
      g.set([p.p!, p.q!, p.v!, constant ?? NaN], 4 * k);
      if (!(p.q! > 1)) throw new Error(`${what}: gamma-gamma draw ${j + 1} has q = ${p.q} <= 1 (infinite mean spend): refit the spend model with a proper prior`);
    }
    monetaryValue = readColumns(customers, [FREQUENCY, MONETARY], what).columns.monetaryValue!;
    spend = { kind: "draws", draws: g };
  } else spend = { kind: "customers", values: spendModel.conditionalExpectedSpend(customers) };
  return clvSummaries({ modified, x: d.x, tx: d.tx, T: d.T, monetaryValue, params, times: Float64Array.from(times), weights: Float64Array.from(weights), spend, margin, level: options.level }, options.threads);
}

/** Options of {@link customerLifetimeValueIntervals}. */
export interface ClvIntervalOptions extends ClvOptions, PosteriorPredictOptions {
  /** Threads for BG/NBD-family posteriors (default: all cores); the summaries do not depend on it. */
  threads?: number;
  /**
   * "exact" (default): the CLV of every draw. "linearized": the log of the discounted purchases to first order in
   * the log-parameters around their posterior mean (k + 1 CLV evaluations instead of one per draw; second-order
   * error, small when the posterior is tight, i.e. on large data), the spend exact per draw.
   */
  approximation?: "exact" | "linearized";
}

/** Distinct (x, t_x, T) rows of customers [s, e) and the slot of each customer. */
function distinctRows(x: Float64Array, tx: Float64Array, T: Float64Array, s: number, e: number, timeUnit: ClvOptions["timeUnit"]): { slot: Int32Array; rows: CustomerData } {
  const map = new Map<string, number>();
  const slot = new Int32Array(e - s);
  const fx: number[] = [], ftx: number[] = [], fT: number[] = [];
  for (let i = s; i < e; i++) {
    const key = `${x[i]}|${tx[i]}|${T[i]}`;
    let k = map.get(key);
    if (k === undefined) {
      k = fx.length;
      map.set(key, k);
      fx.push(x[i]!);
      ftx.push(tx[i]!);
      fT.push(T[i]!);
    }
    slot[i - s] = k;
  }
  const rows: Record<string, unknown> = { frequency: Float64Array.from(fx), recency: Float64Array.from(ftx), T: Float64Array.from(fT) };
  if (timeUnit) rows.timeUnit = timeUnit;
  return { slot, rows: rows as CustomerData };
}
