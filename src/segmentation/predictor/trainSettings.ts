// The stacked pipeline's options, their defaults and their validation into training settings (internal settings;
// the options are public through trainClvPipeline).
import { MODEL_IDS } from "../../models/modelIds.js";
import type { TransactionLog } from "../../data/types.js";
import { dayNumber, isoDate } from "../../time/dayNumber.js";
import type { BtydModelName } from "./btydBase.js";
import type { FitBoostedTreesOptions } from "../learners/fitBoostedTrees.js";
import type { CovarianceType } from "../types.js";
import type { ClvPipeline } from "./pipelineTypes.js";
import { LAG_DAYS } from "./seasonalLag.js";

/** Encoder features the mixture clusters on by default (RFM, pace, spend, recent activity). */
export const DEFAULT_SEGMENT_FEATURES = [
  "log_repeat_purchases",
  "log_recency_days",
  "log_age_days",
  "log_days_since_last",
  "log_ipt_mean_days",
  "log_spend_mean",
  "recency_weighted_activity",
  "log_purchase_rate_per_year",
];

/**
 * Default row caps of the boosted-tree learner (`trees.maxRows`, `trees.maxSampleRows`): on more than 50,000 training
 * rows the trees are fitted on a random 50,000 of them, each tree drawing 20,000, so a learner fit costs the same on
 * any base size. A depth-3 tree's splits and leaf values are settled well within that; the ridge learners, the BTYD
 * bases and the meta-learner still use every row. On 100,000 simulated customers (300,000 training rows) the trees'
 * out-of-fold MAE moved by 0.2% (purchases) and -0.1% (value) against the uncapped fit.
 */
export const TREE_ROW_CAPS = { maxRows: 50_000, maxSampleRows: 20_000 } as const;

export interface TrainClvPipelineOptions {
  /** Last day of the calibration period, ISO `YYYY-MM-DD` (inclusive). Later transactions are never read. */
  calibrationEnd: string;
  /**
   * Inner horizons in days, one rolling origin each: features as of calibrationEnd - H, targets in the remaining H days;
   * every origin's customers become training rows. Default: 1/3, 1/2 and 2/3 of the calibration span (each ≥ 28 days).
   */
  innerHorizonsDays?: number[];
  /** A single inner horizon in days (shorthand for innerHorizonsDays: [H]). */
  innerHorizonDays?: number;
  /**
   * The forecast horizon in days the heads are trained for (a horizon-specific stack). When the calibration period holds
   * customers a year before its end, the training window has this length and lies at the same calendar dates one year
   * before the forecast window, and the learners also see each customer's purchases and
   * spend in the same calendar window a year earlier (seasonal lag features): a holiday or periodic buyer's next window
   * looks like last year's. Otherwise (a calibration period under a year) it is ignored and the inner horizons apply.
   * `innerHorizonsDays` / `innerHorizonDays`, when given, take precedence. Forecasts at other horizons reuse the same
   * heads (ratio × BTYD at t), so train one pipeline per horizon that matters. Default: none (inner horizons).
   */
  targetHorizonDays?: number;
  /**
   * How value is forecast: "purchases-x-spend" (default: the stacked purchases × the Gamma-Gamma expected spend per
   * purchase, which shrinks each customer's mean spend toward the population's) or "value-head" (the value head's own
   * stack of ratio learners). On the segmented simulated log the value head's ratios, learned a year before the
   * calibration end, overshot the next year's revenue by 5-10% where purchases × spend stayed within 4%.
   */
  valueModel?: "purchases-x-spend" | "value-head";
  /**
   * The BTYD fit whose forecasts of each training window are the ratio learners' base: "scoring-fit" (the calibration
   * end's fit applied to the customers as of the window's start, so the learners learn the misfit of the very fit they
   * multiply at scoring) or "inner-fit" (BTYD refitted at the window's start on the data up to it; the learners then also
   * absorb that younger fit's population-level miss). Default: "scoring-fit" for the horizon-specific window a year
   * back, "inner-fit" otherwise. A year back, the base was younger and still being acquired, and the inner fit's miss
   * did not carry to the calibration end: on the segmented simulated log (seeds 1-20) the scoring fit cut the spread
   * of the stack's 365-day total around Pareto/NBD's from 5.1 to 2.0 points and its mean |aggregate error| from 3.8%
   * to 2.6%. Over CDNOW's inner horizons (13-26 weeks back, one cohort) the inner fit's shortfall does carry, and the
   * scoring fit lost the stack's aggregate win there (−16.3% against Pareto/NBD's −11.5%).
   */
  innerBase?: "inner-fit" | "scoring-fit";
  /**
   * Which customers of the year-back training window (`targetHorizonDays`) become training rows: "all" (default) or
   * "scoring", only those at least as old at the window's start as the scoring customers are at the calibration end
   * (their 1st percentile age), so the learners see no customer of an age they never score. On the segmented simulated
   * log a third of the window's customers were acquired in the half-year before it, where no scoring customer is that
   * young. "scoring" cut the stack's 365-day over-forecast there (6,000 customers, seeds 1-6: +2.7% to +0.8% on
   * purchases, +2.4% to +0.3% on value) but raised its MAE by 0.5-1% in every holdout cell and, with 1,500 customers
   * (seeds 1-20), lost seeds on MAE and RMSE at 365 days; so it is not the default (docs/validation.md).
   */
  trainingAges?: "scoring" | "all";
  /**
   * How the ratios learned on the year-long window a year back (`targetHorizonDays` ≥ 365) reach scoring customers
   * older than every training customer: "prior-share" (default) raises them to the power (α + A₀) / (α + A), the fall
   * of the population prior's weight in a BTYD posterior rate from the oldest training age A₀ to the customer's age A
   * (α from the primary BTYD fit); "none" carries them unchanged, as the trees are flat beyond A₀. On the segmented
   * simulated log it cut the stack's one-year over-forecast (+1.6% to +0.9% on seeds 1-40, +3.1% to +2.5% on seeds
   * 41-80) and its MAE and RMSE a little (docs/validation.md). Shorter windows never fade: their ratios also carry the
   * season.
   */
  ratioFade?: "prior-share" | "none";
  /** Output horizons in days. Default [30, 90, 180, 365]. */
  horizonsDays?: number[];
  /**
   * Primary BTYD base learner (the ratio learners' base and the spend model): "pareto-nbd" (default: with it the stack
   * beat both BTYD models' RMSE on CDNOW, seeds 1-3, where on BG/NBD it did not) or "bg-nbd"; the other model is the
   * second BTYD base learner; both paired with Gamma-Gamma spend.
   */
  btydModel?: BtydModelName;
  /** Mixture: k range and covariance. Defaults 1..6, "full". */
  kMin?: number;
  kMax?: number;
  covariance?: CovarianceType;
  /** Encoder features used for segmentation. Default DEFAULT_SEGMENT_FEATURES. */
  segmentFeatures?: string[];
  /** Folds of the out-of-fold predictions that train the meta-learner. Default 5. */
  folds?: number;
  /**
   * Out-of-fold scheme of the meta-learner's training predictions: "customer-origin" (default) predicts each row from
   * learners fitted on other customers at other inner origins (the transfer across customer age that scoring needs);
   * "customer" holds out customers only.
   */
  outOfFold?: "customer" | "customer-origin";
  /** Ridge penalties of the ridge and per-segment learners, and the meta-learner's (relative to the mean squared base prediction). Defaults 10, 30, 1e-3. */
  ridgeLambda?: number;
  segmentLambda?: number;
  metaLambda?: number;
  /**
   * Meta-learner row weights: "poisson" (default: 1 / BTYD forecast, the inverse Poisson variance of a count, so the
   * many light buyers are not outvoted by a few heavy ones; it lowered the holdout RMSE on CDNOW and on the segmented
   * simulated log) or "none".
   */
  metaWeighting?: "poisson" | "none";
  /**
   * Meta-learner weights: "convex" (default; non-negative and summing to 1, so the stack's total stays within its base
   * learners' totals) or "non-negative" (Breiman 1996; the sum is free, and least squares on noisy forecasts shrinks it
   * below 1, which lowers the total).
   */
  metaWeights?: "convex" | "non-negative";
  /** Boosted-tree options (the loss is always Poisson deviance with the log BTYD forecast as offset). Default: fitBoostedTrees' defaults with the row caps TREE_ROW_CAPS. */
  trees?: FitBoostedTreesOptions;
  /** Bootstrap replicates for prediction intervals (0 = none). Default 200. */
  replicates?: number;
  /** Worker threads for the mixture and the bootstrap. Default: one per core when it pays. */
  workers?: number;
  /** Half-life in days of the encoder's recency-weighted activity. Default 90. */
  halfLifeDays?: number;
  /**
   * Covariate-shift guard: a learner feature is left out when more than this share of the scoring-time customers fall
   * outside the 1st–99th percentile range of the training rows (the inner origins), since the learners would extrapolate
   * it (customer age, for one, is always older at scoring than at any inner origin). Default 0.1; 1 keeps every feature.
   */
  maxFeatureShift?: number;
  seed?: number;
  /** Convergence of the mixture's EM: change in mean log-likelihood per row below this. Default 1e-3 (scikit-learn's). */
  mixtureTolerance?: number;
  /**
   * Warm start from a stored pipeline (keeping a model current on new data): the BTYD base models start from its
   * parameters, the mixture's EM starts from its weights, means and covariances (mapped into the new feature
   * normalization; k is kept, no BIC search), the ridge and meta-learners are refitted (closed form) and the boosted
   * trees and bootstrap replicates are fitted cold. The result's `fitOrigin` says which part started from what.
   * Default: none (a cold fit).
   */
  warmStart?: ClvPipeline;
  /** Called as long steps progress (step name, done, total). */
  onProgress?: (step: string, done: number, total: number) => void;
}

/** Default inner horizons: 1/3, 1/2 and 2/3 of the calibration span in days (at least 28 days, distinct). */
export function defaultInnerHorizons(spanDays: number): number[] {
  const hs = [1 / 3, 1 / 2, 2 / 3].map((f) => Math.max(28, Math.round(f * spanDays))).filter((h) => h < spanDays);
  return [...new Set(hs)];
}

/** Validated training settings with defaults filled in. */
export interface TrainSettings {
  calEnd: number;
  seed: number;
  /** Training windows (origin, end] as day numbers: features as of the origin, targets inside the window. */
  windows: { origin: number; end: number }[];
  /** Whether the pipeline gets bootstrap replicates (then its intervals are recalibrated on the inner windows). */
  intervals: boolean;
  /** Horizon of the seasonal lag features (the targetHorizonDays), when they are used. */
  lagDays?: number;
  maxShift: number;
  outOfFold: "customer" | "customer-origin";
  horizonsDays: number[];
  model: BtydModelName;
  halfLifeDays: number;
  innerBase: "inner-fit" | "scoring-fit";
  ageSupport: "scoring" | "all";
  /** Whether learned ratios fade beyond the training ages (only ever for a year-long window). */
  fade: boolean;
  /** Training rows younger than this many days at their origin are left out (0: none; set from the scoring ages). */
  minAgeDays: number;
}

export function resolveSettings(log: TransactionLog, options: TrainClvPipelineOptions): TrainSettings {
  const calEnd = dayNumber(options.calibrationEnd);
  let minDay = Infinity;
  for (let i = 0; i < log.length; i++) if (log.day[i]! < minDay) minDay = log.day[i]!;
  if (!(minDay <= calEnd)) throw new Error(`calibration end ${options.calibrationEnd} is before the first transaction (${isoDate(minDay)}): use a later --calibration-end`);
  const span = calEnd - minDay;
  const Hs = options.innerHorizonsDays ?? (options.innerHorizonDays !== undefined ? [options.innerHorizonDays] : defaultInnerHorizons(span));
  if (Hs.length === 0) throw new Error(`no inner horizon: the calibration period spans ${span} days; give innerHorizonsDays (days in 1..${span - 1}) or a later --calibration-end`);
  for (const H of Hs) if (!Number.isInteger(H) || H < 1 || H >= span) throw new Error(`invalid inner horizon ${H}: use a whole number of days in 1..${span - 1} (the calibration period spans ${span} days)`);
  const maxShift = options.maxFeatureShift ?? 0.1;
  if (!(maxShift >= 0 && maxShift <= 1)) throw new Error(`invalid maxFeatureShift ${maxShift}: use a share in [0, 1]`);
  const outOfFold = options.outOfFold ?? "customer-origin";
  if (options.valueModel !== undefined && options.valueModel !== "purchases-x-spend" && options.valueModel !== "value-head") throw new Error(`invalid valueModel ${JSON.stringify(options.valueModel)}: use "purchases-x-spend" or "value-head"`);
  let windows = Hs.map((H) => ({ origin: calEnd - H, end: calEnd }));
  let lagDays: number | undefined;
  const h = options.targetHorizonDays;
  if (h !== undefined && !(Number.isInteger(h) && h >= 1)) throw new Error(`invalid targetHorizonDays ${h}: use a whole number of days ≥ 1`);
  // Horizon-specific windows need customers a year back (4 weeks of them at least) and explicit inner horizons unset.
  if (h !== undefined && options.innerHorizonsDays === undefined && options.innerHorizonDays === undefined && span >= LAG_DAYS + 28) {
    lagDays = h;
    const seasonal = { origin: calEnd - LAG_DAYS, end: Math.min(calEnd, calEnd - LAG_DAYS + h) };
    // Only the same-calendar window: a recent window of another season (October-December before a January holdout)
    // taught the learners the wrong season, and the out-of-fold stack then fell back to BTYD alone.
    windows = [seasonal];
  }
  if (outOfFold !== "customer" && outOfFold !== "customer-origin") throw new Error(`invalid outOfFold ${JSON.stringify(outOfFold)}: use "customer-origin" or "customer"`);
  return {
    calEnd,
    seed: options.seed ?? 0,
    windows,
    intervals: (options.replicates ?? 200) > 0,
    ...(lagDays !== undefined ? { lagDays } : {}),
    maxShift,
    outOfFold,
    horizonsDays: options.horizonsDays ?? [30, 90, 180, 365],
    model: options.btydModel ?? MODEL_IDS.paretoNbd,
    halfLifeDays: options.halfLifeDays ?? 90,
    innerBase: innerBaseOf(options.innerBase, lagDays !== undefined),
    ageSupport: ageSupportOf(options.trainingAges),
    fade: fadeOf(options.ratioFade) && lagDays !== undefined && lagDays >= LAG_DAYS,
    minAgeDays: 0,
  };
}

function fadeOf(v: TrainClvPipelineOptions["ratioFade"]): boolean {
  if (v === undefined) return true;
  if (v !== "prior-share" && v !== "none") throw new Error(`invalid ratioFade ${JSON.stringify(v)}: use "prior-share" or "none"`);
  return v === "prior-share";
}

function ageSupportOf(v: TrainClvPipelineOptions["trainingAges"]): TrainSettings["ageSupport"] {
  if (v === undefined) return "all";
  if (v !== "scoring" && v !== "all") throw new Error(`invalid trainingAges ${JSON.stringify(v)}: use "scoring" or "all"`);
  return v;
}

function innerBaseOf(v: TrainClvPipelineOptions["innerBase"], yearBack: boolean): TrainSettings["innerBase"] {
  if (v === undefined) return yearBack ? "scoring-fit" : "inner-fit";
  if (v !== "inner-fit" && v !== "scoring-fit") throw new Error(`invalid innerBase ${JSON.stringify(v)}: use "inner-fit" or "scoring-fit"`);
  return v;
}
