// `clvlab score --intervals`: the CLV credible interval columns (internal to the CLI).
import { MODEL_IDS, type BaseLearnerName } from "../models/modelIds.js";
import type { CustomerData } from "../models/columns.js";
import { fitBgNbd } from "../models/bgNbd.js";
import type { ClvOptions } from "../models/customerLifetimeValue.js";
import { fitGammaGamma } from "../models/gammaGamma.js";
import { fitParetoNbd } from "../models/paretoNbd.js";
import { customerLifetimeValueIntervals } from "./customerLifetimeValueIntervals.js";
import type { PosteriorSummary } from "./posterior.js";
import "./register.js";

/** Fits the purchase and spend models by Laplace (or MCMC) and returns the CLV interval per customer. */
export function scoreIntervals(model: BaseLearnerName, summary: CustomerData, clv: ClvOptions, o: { level?: string; method?: string; seed?: string }): { summary: PosteriorSummary; line: string; warnings: string[] } {
  const level = o.level === undefined ? 0.94 : Number(o.level);
  if (!(level > 0 && level < 1)) throw new Error(`invalid --level ${JSON.stringify(o.level)}: use a probability such as 0.94`);
  const method = o.method ?? "laplace";
  if (method !== "laplace" && method !== "mcmc") throw new Error(`invalid --method ${JSON.stringify(method)}: use laplace or mcmc for --intervals`);
  const seed = o.seed === undefined ? 1 : Number(o.seed);
  if (!(Number.isInteger(seed) && seed >= 0)) throw new Error(`invalid --seed ${JSON.stringify(o.seed)}: use a whole number >= 0`);
  const opts = { method, seed, draws: method === "laplace" ? 4000 : 1000 } as const;
  const purchase = model === MODEL_IDS.bgNbd ? fitBgNbd(summary, opts) : fitParetoNbd(summary, opts);
  const spend = fitGammaGamma(summary, { ...opts, seed: seed + 1 });
  const s = customerLifetimeValueIntervals(purchase, spend, summary, { ...clv, level, draws: 400 });
  const line = `clv_lower, clv_upper: equal-tailed ${Math.round(level * 1000) / 10}% credible interval from parameter uncertainty (${method}, ${s.draws} draws of ${model} and gamma-gamma; the purchase process's own randomness is not included)`;
  return { summary: s, line, warnings: [...purchase.warnings, ...spend.warnings] };
}
