import { AGE, FREQUENCY, MONETARY, PERIODS, RECENCY, readColumns, type ColumnSpec, type CustomerData } from "../models/columns.js";
import type { TimeUnit } from "../data/types.js";
import type { PriorSet } from "./defaultPriors.js";

/** One row of the posterior summary table (as az.summary: mean, sd, 94% HDI, MCSE, ESS bulk/tail, R-hat). */
export interface PosteriorSummaryRow {
  parameter: string;
  mean: number;
  sd: number;
  hdiLower: number;
  hdiUpper: number;
  mcseMean: number;
  mcseSd: number;
  essBulk: number;
  essTail: number;
  rhat: number;
}

/** NUTS sampler statistics over all chains (after warm-up). */
export interface SamplerStats {
  chains: number;
  draws: number;
  warmup: number;
  divergences: number;
  warmupDivergences: number;
  /** Draws whose tree reached `maxTreeDepth` (the trajectory was cut short). */
  treeDepthSaturation: number;
  maxTreeDepth: number;
  targetAccept: number;
  /** Per chain. */
  ebfmi: number[];
  stepSize: number[];
  meanAcceptance: number[];
  meanTreeDepth: number[];
  /** Gradient evaluations in the kept draws, all chains. */
  leapfrogSteps: number;
  /** Log-density and gradient evaluations of all chains, warm-up included (leapfrog steps and step-size searches); absent in posteriors saved before it was counted. */
  gradientEvaluations?: number;
  /** Wall time of sampling (warm-up and draws), seconds. */
  seconds: number;
}

/** Per-customer posterior summary of a prediction: mean, sd and the equal-tailed interval at `level`. */
export interface PosteriorSummary {
  mean: Float64Array;
  sd: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  level: number;
  /** Parameter draws the summary was computed from. */
  draws: number;
}

/** Options of the posterior predictions. */
export interface PosteriorPredictOptions {
  /** Interval level (default 0.94, as the HDI of the summary table). */
  level?: number;
  /** Parameter draws used, evenly spaced over all chains (default all, at most 1000). */
  draws?: number;
}

/** A point model with the prediction methods the posterior summarises (the model class of the fit). */
export interface PointModel {
  conditionalExpectedPurchases?(t: number, customers: CustomerData): Float64Array;
  probabilityAlive?(customers: CustomerData): Float64Array;
  expectedPurchases?(t: number): number;
  conditionalExpectedSpend?(customers: CustomerData): Float64Array;
}

const BLOCK_BYTES = 64 * 1024 * 1024;

/**
 * Posterior draws of a model's parameters (compact: one Float64Array per parameter and chain), the prior, the
 * diagnostics, and the model's prediction methods returning per-customer posterior summaries. Predictions stream
 * over blocks of customers, so memory stays at draws × block, never chains × draws × customers.
 * @example const m = fitBgNbd(summary, { method: "mcmc", seed: 1 }); m.posterior!.probabilityAlive(summary).lower
 */
export class Posterior {
  constructor(
    /** "map", "laplace" or "mcmc". */
    readonly method: "map" | "laplace" | "mcmc",
    /** Natural parameter names. */
    readonly names: readonly string[],
    /** draws[parameter][chain]. MAP: one chain with the single mode. */
    readonly draws: Readonly<Record<string, readonly Float64Array[]>>,
    readonly prior: PriorSet,
    readonly summary: readonly PosteriorSummaryRow[],
    readonly sampler: SamplerStats | undefined,
    readonly warnings: readonly string[],
    /** The posterior mode (MAP) of the natural parameters. */
    readonly mode: Readonly<Record<string, number>>,
    readonly timeUnit: TimeUnit | undefined,
    private readonly makeModel: (params: Record<string, number>) => PointModel,
  ) {}

  /** Total draws over all chains. */
  get drawCount(): number {
    const first = this.draws[this.names[0]!]!;
    return first.reduce((s, c) => s + c.length, 0);
  }

  /** The parameters of draw j (chains concatenated). */
  params(j: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const n of this.names) {
      let i = j;
      for (const c of this.draws[n]!) {
        if (i < c.length) {
          out[n] = c[i]!;
          break;
        }
        i -= c.length;
      }
    }
    return out;
  }

  /** A point model at draw j. */
  model(j: number): PointModel {
    return this.makeModel(this.params(j));
  }

  /** A point model at given natural parameters (e.g. a posterior summary). */
  modelAt(params: Record<string, number>): PointModel {
    return this.makeModel(params);
  }

  /** Indices of `count` draws evenly spaced over all draws. */
  drawIndices(count?: number): Int32Array {
    const total = this.drawCount;
    const m = Math.max(1, Math.min(total, count ?? 1000));
    if (!(Number.isInteger(m) && m > 0)) throw new Error(`invalid draws ${count}: use a positive integer`);
    return Int32Array.from({ length: m }, (_, i) => Math.floor((i * total) / m));
  }

  /** Posterior of E[X(t)] for a new customer: summary over draws (arrays of length 1). */
  expectedPurchases(t: number, options: PosteriorPredictOptions = {}): PosteriorSummary {
    const idx = this.drawIndices(options.draws);
    return summarizeDraws(1, idx.length, options.level, (_s, _e, d, out) => {
      const m = this.model(idx[d]!);
      if (!m.expectedPurchases) throw new Error(`this model has no expectedPurchases`);
      out[0] = m.expectedPurchases(t);
    });
  }

  /** Posterior summary of E[Y(t) | x, t_x, T] per customer. */
  conditionalExpectedPurchases(t: number, customers: CustomerData, options: PosteriorPredictOptions = {}): PosteriorSummary {
    return this.perCustomer(customers, options, (m, block) => {
      if (!m.conditionalExpectedPurchases) throw new Error(`this model has no conditionalExpectedPurchases`);
      return m.conditionalExpectedPurchases(t, block);
    });
  }

  /** Posterior summary of P(alive) per customer. */
  probabilityAlive(customers: CustomerData, options: PosteriorPredictOptions = {}): PosteriorSummary {
    return this.perCustomer(customers, options, (m, block) => {
      if (!m.probabilityAlive) throw new Error(`this model has no probabilityAlive`);
      return m.probabilityAlive(block);
    });
  }

  /** Posterior summary of the Gamma-Gamma expected spend per customer. */
  conditionalExpectedSpend(customers: CustomerData, options: PosteriorPredictOptions = {}): PosteriorSummary {
    return this.perCustomer(customers, options, (m, block) => {
      if (!m.conditionalExpectedSpend) throw new Error(`this model has no conditionalExpectedSpend`);
      return m.conditionalExpectedSpend(block);
    });
  }

  /** Posterior summary of any per-customer quantity `f(pointModel, customersBlock)`, streamed over customer blocks. */
  perCustomer(customers: CustomerData, options: PosteriorPredictOptions, f: (model: PointModel, block: CustomerData, draw: number) => Float64Array): PosteriorSummary {
    const idx = this.drawIndices(options.draws);
    const blocks = customerBlocks(customers);
    const models = Array.from(idx, (j) => this.model(j));
    return summarizeDraws(blocks.n, idx.length, options.level, (s, e, d, out) => out.set(f(models[d]!, blocks.slice(s, e), idx[d]!)));
  }
}

/** Customer columns sliced into blocks (the columns any model's predictions read), keeping the time unit. */
export function customerBlocks(data: CustomerData): { n: number; slice(start: number, end: number): CustomerData } {
  const opt = (s: ColumnSpec): ColumnSpec => ({ ...s, optional: true });
  const r = readColumns(data, [opt(FREQUENCY), opt(RECENCY), opt(AGE), opt(MONETARY), opt(PERIODS)], "posterior prediction");
  const cols = Object.entries(r.columns).filter(([, v]) => v !== undefined) as [string, Float64Array][];
  if (cols.length === 0) throw new Error(`posterior prediction: no customer columns (frequency, recency, T, monetaryValue, periods) found`);
  return {
    n: r.n,
    slice(start, end) {
      const o: Record<string, unknown> = {};
      for (const [k, v] of cols) o[k] = v.subarray(start, end);
      if (r.timeUnit) o.timeUnit = r.timeUnit;
      return o as CustomerData;
    },
  };
}

/** Writes draw d's values for items [start, end) into `out`. */
type FillDraw = (start: number, end: number, d: number, out: Float64Array) => void;

/**
 * Summarises `draws` evaluations of an n-vector (optionally in blocks of a given number of items): `fill(start, end, d, out)` writes draw d's values for items
 * [start, end) into `out`. Items are processed in blocks of at most 64 MB of draws (8,000 customers × 1,000 draws),
 * so the exact equal-tailed interval (of the doubles themselves) is available without holding draws × n values.
 */
export function summarizeDraws(n: number, draws: number, level: number | undefined, blockOrFill: number | FillDraw, fillDraw?: FillDraw): PosteriorSummary {
  const lv = level ?? 0.94;
  if (!(lv > 0 && lv < 1)) throw new Error(`invalid level ${lv}: use a number in (0, 1), e.g. 0.94`);
  const fill = typeof blockOrFill === "function" ? blockOrFill : fillDraw!;
  const mean = new Float64Array(n), sd = new Float64Array(n), lower = new Float64Array(n), upper = new Float64Array(n);
  const B = Math.max(1, Math.min(n, typeof blockOrFill === "number" ? blockOrFill : Math.floor(BLOCK_BYTES / 8 / draws)));
  const store = new Float64Array(B * draws);
  const buf = new Float64Array(B);
  const qLo = (1 - lv) / 2, qHi = 1 - qLo;
  for (let s = 0; s < n; s += B) {
    const e = Math.min(n, s + B), m = e - s;
    for (let d = 0; d < draws; d++) {
      const out = buf.subarray(0, m);
      fill(s, e, d, out);
      const inv = 1 / (d + 1);
      for (let i = 0; i < m; i++) {
        const v = out[i]!;
        if (!Number.isFinite(v)) throw new Error(`posterior prediction: draw ${d + 1} gives a non-finite value (${v}) for customer ${s + i + 1}; check that customer's data or the model's parameters`);
        store[i * draws + d] = v;
        // Welford in double precision for the mean and sd.
        const mu = mean[s + i]!, delta = v - mu, nm = mu + delta * inv;
        mean[s + i] = nm;
        sd[s + i] = sd[s + i]! + delta * (v - nm);
      }
    }
    for (let i = 0; i < m; i++) {
      // Selection reorders the customer's draws in place (they are not needed afterwards); the second selection
      // runs on the array the first left partitioned.
      const col = store.subarray(i * draws, (i + 1) * draws);
      lower[s + i] = quantileSelect(col, qLo);
      upper[s + i] = quantileSelect(col, qHi);
      sd[s + i] = draws > 1 ? Math.sqrt(sd[s + i]! / (draws - 1)) : 0;
    }
  }
  return { mean, sd, lower, upper, level: lv, draws };
}

/** Linear-interpolation quantile (numpy's default) by selection, reordering `a` in place. */
export function quantileSelect(a: Float64Array, q: number): number {
  const h = (a.length - 1) * q, lo = Math.floor(h);
  const v0 = select(a, lo);
  if (lo + 1 >= a.length || h === lo) return v0;
  // The next order statistic is the minimum of the part above lo (select left it there).
  let v1 = Infinity;
  for (let i = lo + 1; i < a.length; i++) if (a[i]! < v1) v1 = a[i]!;
  return v0 + (h - lo) * (v1 - v0);
}

/** k-th smallest by Hoare's quickselect (median-of-three pivots); leaves a partitioned around k. */
function select(a: Float64Array, k: number): number {
  let l = 0, r = a.length - 1;
  while (r > l) {
    const mid = (l + r) >> 1;
    const x = a[l]!, y = a[mid]!, z = a[r]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = l, j = r;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else return a[k]!;
  }
  return a[k]!;
}
