import { parseWholeNumberOption } from "./options.js";
// Parsing and printing of the Bayesian options for the CLI commands (internal).
import { FIT_METHODS, type BayesFitOptions, type FitMethod } from "../models/bayesHook.js";
import type { Posterior } from "../bayes/posterior.js";
import "../bayes/register.js";

/** Reads --method, --chains, --draws, --warmup, --seed (strings from commander) into fit options. */
export function bayesOptionsFromCli(o: { method?: string; chains?: string; draws?: string; warmup?: string; seed?: string }): BayesFitOptions {
  const out: BayesFitOptions = {};
  if (o.method !== undefined) {
    if (!(FIT_METHODS as readonly string[]).includes(o.method)) throw new Error(`invalid --method ${JSON.stringify(o.method)}: use mle, map, laplace or mcmc`);
    out.method = o.method as FitMethod;
  }
  const int = (flag: string, v: string | undefined, min: number): number | undefined => parseWholeNumberOption(v, flag, min);
  const chains = int("--chains", o.chains, 1), draws = int("--draws", o.draws, 1), warmup = int("--warmup", o.warmup, 0), seed = int("--seed", o.seed, 0);
  if (chains !== undefined) out.chains = chains;
  if (draws !== undefined) out.draws = draws;
  if (warmup !== undefined) out.warmup = warmup;
  if (seed !== undefined) out.seed = seed;
  if (out.method === undefined && (chains ?? draws ?? warmup ?? seed) !== undefined) throw new Error(`--chains, --draws, --warmup and --seed need --method laplace or mcmc`);
  return out;
}

/** The JSON fields of a posterior: method, prior, the diagnostics table and sampler statistics. */
export function posteriorJson(model: { posterior?: Posterior }): Record<string, unknown> {
  const p = model.posterior;
  if (!p) return {};
  const nn = (v: number) => (Number.isFinite(v) ? v : null);
  return {
    posterior: {
      method: p.method,
      prior: p.prior,
      draws: p.drawCount,
      mode: p.mode,
      summary: p.summary.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "number" ? nn(v) : v]))),
      sampler: p.sampler ?? null,
    },
  };
}

/** Text lines: the posterior summary table (as az.summary) and sampler statistics. */
export function describePosterior(model: { posterior?: Posterior }): string[] {
  const p = model.posterior;
  if (!p) return [];
  const f = (v: number, d = 4) => (Number.isFinite(v) ? v.toPrecision(d) : "-").padStart(10);
  const out = [`posterior (${p.method}, ${p.drawCount} draws); prior: ${Object.entries(p.prior).map(([k, v]) => `${k} ~ ${describePrior(v as unknown as Record<string, unknown>)}`).join(", ")}`];
  out.push(`parameter        mean        sd    hdi_3%   hdi_97% mcse_mean  ess_bulk  ess_tail     r_hat`);
  for (const r of p.summary) out.push(`${r.parameter.padEnd(9)}${f(r.mean)}${f(r.sd)}${f(r.hdiLower)}${f(r.hdiUpper)}${f(r.mcseMean, 2)}${f(Math.round(r.essBulk), 5)}${f(Math.round(r.essTail), 5)}${f(r.rhat, 4)}`);
  const s = p.sampler;
  if (s) out.push(`sampler: ${s.chains} chains × (${s.warmup} warm-up + ${s.draws} draws) in ${s.seconds.toFixed(2)} s; divergences ${s.divergences}; max tree depth hit ${s.treeDepthSaturation}; E-BFMI ${s.ebfmi.map((v) => v.toFixed(2)).join(" ")}; step size ${s.stepSize.map((v) => v.toPrecision(3)).join(" ")}; acceptance ${s.meanAcceptance.map((v) => v.toFixed(2)).join(" ")}`);
  return out;
}

function describePrior(p: Record<string, unknown>): string {
  const { dist, ...rest } = p;
  return `${String(dist)}(${Object.entries(rest).map(([k, v]) => `${k}=${typeof v === "number" ? Number(v.toPrecision(4)) : String(v)}`).join(", ")})`;
}
