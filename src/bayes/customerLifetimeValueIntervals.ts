import type { CustomerData } from "../models/columns.js";
import { customerLifetimeValue, type ClvOptions, type PurchaseModelLike, type SpendModelLike } from "../models/customerLifetimeValue.js";
import type { FittedModel } from "../models/fittedModel.js";
import { customerBlocks, summarizeDraws, type PosteriorPredictOptions, type PosteriorSummary } from "./posterior.js";

/** A purchase model fitted with method "laplace" or "mcmc" (it carries `posterior`). */
export type BayesianPurchaseModel = PurchaseModelLike & Pick<FittedModel<unknown>, "posterior">;

/**
 * Per-customer CLV credible intervals from parameter uncertainty: for each posterior draw (of the purchase model,
 * and of the Gamma-Gamma model when it has a posterior too, paired draw by draw) the CLV of
 * {@link customerLifetimeValue}, summarised as mean, sd and the equal-tailed interval at `level` (default 0.94).
 * Streams over blocks of customers: memory is draws × block, never draws × customers.
 * @see Fader, Hardie & Lee (2005) for the CLV; Gelman et al., BDA3 ch. 1.9 for posterior summaries of derived quantities
 * @example const s = customerLifetimeValueIntervals(fitBgNbd(summary, { method: "laplace" }), fitGammaGamma(summary), summary, { months: 12 }); s.lower
 */
export function customerLifetimeValueIntervals(purchaseModel: BayesianPurchaseModel, spendModel: SpendModelLike & Partial<Pick<FittedModel<unknown>, "posterior">>, customers: CustomerData, options: ClvOptions & PosteriorPredictOptions = {}): PosteriorSummary {
  const post = purchaseModel.posterior;
  if (!post || post.method === "map") throw new Error(`customerLifetimeValueIntervals: the purchase model has no posterior draws; fit it with { method: "laplace" } or { method: "mcmc" }`);
  const idx = post.drawIndices(options.draws);
  const spendPost = typeof spendModel === "number" ? undefined : spendModel.posterior;
  const spendIdx = spendPost && spendPost.method !== "map" ? spendPost.drawIndices(idx.length) : undefined;
  const models = Array.from(idx, (j) => post.model(j) as unknown as PurchaseModelLike);
  const spends = Array.from(idx, (_, d) => (spendIdx ? (spendPost!.model(spendIdx[d % spendIdx.length]!) as unknown as SpendModelLike) : spendModel));
  const blocks = customerBlocks(customers);
  const clv: ClvOptions = { ...options, timeUnit: options.timeUnit ?? purchaseModel.timeUnit };
  return summarizeDraws(blocks.n, idx.length, options.level, (s, e, d, out) => out.set(customerLifetimeValue(models[d]!, spends[d]!, blocks.slice(s, e), clv)));
}
