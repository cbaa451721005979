import { MODEL_IDS } from "../../models/modelIds.js";
import type { TransactionLog } from "../../data/types.js";
import { createRng } from "../../random/createRng.js";
import { dayNumber, isoDate } from "../../time/dayNumber.js";
import { bootstrapReplicates } from "./bootstrapReplicates.js";
import { btydFeatures, btydPredict, btydSummary, fitBtyd, fitOtherBtyd, type BtydFit, type BtydModelName, type BtydSummary } from "./btydBase.js";
import { encodeSequences, SEQUENCE_FEATURES, type EncodedSequences } from "../features/encodeSequences.js";
import type { FitBoostedTreesOptions } from "../learners/fitBoostedTrees.js";
import type { ClvPipeline } from "./pipelineTypes.js";
import { predictGmm } from "../segments/predictGmm.js";
import { fitGmm, type GmmStart } from "../segments/fitGmm.js";
import { segmentProfiles } from "../segments/segmentProfiles.js";
import { gmmSelection, selectGmmByBic, type BicPoint, type GmmSelection } from "../segments/selectGmmByBic.js";
import { startParallel, workersAvailable } from "../parallel/runParallel.js";
import { BTYD_FEATURES, designMatrix, fitHead, type HeadOptions } from "./stackedHead.js";
import { shiftedShare } from "./shiftedShare.js";
import type { CovarianceType, FeatureMatrix, GmmModel } from "../types.js";
import { windowTotals } from "./windowTotals.js";
import { levelCurve, type LevelCurve } from "./calibrateLevels.js";
import { appendColumns, LAG_DAYS, SEASONAL_LAG_FEATURES, seasonalLag } from "./seasonalLag.js";

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

/**
 * Trains the segment-aware stacked CLV predictor on calibration data only. Inner splits of the calibration period
 * supply the targets: for each inner horizon H (a rolling origin), features are encoded as of `calibrationEnd - H` and
 * targets are the purchases and value in the remaining H days; every origin adds training rows. Customers get soft
 * segments from a Gaussian mixture chosen by BIC. Base learners: BG/NBD and Pareto/NBD (× Gamma-Gamma for value), and
 * three learners of the ratio of the target to the primary BTYD forecast — ridge, per-segment ridge weighted by the
 * soft probabilities, and Poisson boosted trees with the log BTYD forecast as offset — combined by a non-negative ridge
 * meta-learner trained on out-of-fold predictions only (stacked generalization): by default each row is predicted by
 * learners fitted on other customers at other inner origins. Features whose scoring-time values fall outside the
 * training range (customer age, always older at scoring) are left out of the learners, with a warning.
 * A prediction for horizon t is the stack of the base learners at t: BTYD forecasts at t and ratios × primary BTYD at
 * t, so it is monotone in t.
 * @see https://doi.org/10.1007/BF00117832 (Breiman 1996, Stacked regressions)
 * @example const pipeline = trainClvPipeline(log, { calibrationEnd: "1997-09-30", seed: 1 });
 */
export function trainClvPipeline(log: TransactionLog, options: TrainClvPipelineOptions): ClvPipeline {
  const progress = options.onProgress ?? (() => {});
  const settings = resolveSettings(log, options);
  const { calEnd, seed, windows, model, halfLifeDays } = settings;
  const Hs = windows.map((w) => w.end - w.origin);
  const rng = createRng(seed);
  const warnings: string[] = [];
  const clock = stageClock();

  // 1. Scoring-time encoding (calibration data only): it fixes the normalization, the customers and the mixture.
  progress("encode", 0, Hs.length + 1);
  // 2. Segments: Gaussian mixture on the segmentation features, k by BIC (or k kept and EM from the stored mixture),
  // fitted on a worker thread (when it pays) while this one fits BTYD and encodes the inner origins.
  let pending: PendingSegments | undefined;
  let segments: SegmentFit, blocks: OriginBlock[], scoring: ScoringFit;
  try {
    scoring = scoringTimeFit(log, settings, warnings, clock, options.warmStart, (enc) => (pending = clock.time("mixture", () => startSegments(enc, options, seed))));
    if (settings.lagDays !== undefined && settings.ageSupport === "scoring") settings.minAgeDays = scoringAgeFloor(scoring.enc.firstPurchase, calEnd);
    const mixtureWarningsAt = warnings.length;
    // 3. Training rows: one block per inner origin, encoded as of the origin with the scoring-time normalization.
    const columns = segmentColumns(options);
    const partial = windows.map((win, w) => {
      const block = innerOriginBlock(log, win, w, settings, scoring, columns, warnings, clock, options.warmStart);
      progress("encode", w + 1, windows.length + 1);
      return block;
    });
    progress("segments", 0, 1);
    const mixtureWarnings: string[] = [];
    segments = clock.time("mixture", () => pending!.finish(mixtureWarnings));
    // In the order of a sequential fit: the mixture's warnings before the inner origins'.
    warnings.splice(mixtureWarningsAt, 0, ...mixtureWarnings);
    progress("segments", 1, 1);
    blocks = partial.map(({ segmentFeatures, ...b }) => ({ ...b, p: clock.time("mixture", () => predictGmm(segments.gmm, segmentFeatures).probabilities) }));
  } finally {
    pending?.close();
  }
  const rows = concatBlocks(blocks);

  // Covariate-shift guard: learners see only the features whose scoring-time values lie inside the training range.
  const [bgAll, pnAll] = model === MODEL_IDS.bgNbd ? [scoring.btyd, scoring.btydOther] : [scoring.btydOther, scoring.btyd];
  const xScore = clock.time("features", () => withLag(designMatrix(scoring.enc, btydFeatures(bgAll, pnAll, scoring.summary)), log, scoring.enc, calEnd, settings.lagDays));
  const designNames = [...SEQUENCE_FEATURES, ...BTYD_FEATURES, ...(settings.lagDays !== undefined ? SEASONAL_LAG_FEATURES : [])];
  const learnerColumns = shiftGuard(rows.x, xScore, designNames, settings, warnings);
  const x = selectColumns(rows.x, learnerColumns);

  // 4. Stacked heads for purchases and value.
  const headOptions = headOptionsOf(options, settings);
  const { k } = segments.gmm;
  const shared = { x, p: rows.p, k, group: rows.group, origin: rows.origin };
  progress("stack", 0, 2);
  const purchases = fitHead({ ...shared, y: rows.yP, base: rows.bP, alt: rows.aP }, headOptions, rng.fork());
  progress("stack", 1, 2);
  const value = fitHead({ ...shared, y: rows.yV, base: rows.bV, alt: rows.aV }, headOptions, rng.fork());
  progress("stack", 2, 2);
  for (const h of [purchases, value]) {
    clock.add("learners", h.seconds.learners);
    clock.add("stack", h.seconds.meta);
  }

  // 5. Bootstrap replicates (customers resampled with replacement, learners refitted).
  const bootStart = performance.now();
  const replicates = bootstrapReplicates(
    {
      x,
      probabilities: rows.p,
      k,
      yPurchases: rows.yP,
      yValue: rows.yV,
      basePurchases: rows.bP,
      baseValue: rows.bV,
      metaPurchases: purchases.metaFit,
      metaValue: value.metaFit,
      trainingGroups: rows.group,
      scoringSummary: scoring.summary,
      btyd: scoring.btyd,
      ridgeLambda: headOptions.ridgeLambda,
      segmentLambda: headOptions.segmentLambda,
    },
    { replicates: options.replicates ?? 200, seed, ...(options.workers !== undefined ? { workers: options.workers } : {}), onProgress: (d, t) => progress("bootstrap", d, t) },
  );
  const bootstrapSeconds = (performance.now() - bootStart) / 1000;
  clock.add("bootstrap", bootstrapSeconds);

  const { enc: encAll } = scoring;
  const probAll = predictGmm(segments.gmm, segments.features).probabilities;
  const profiles = segmentProfiles({ features: segments.features, featureNames: segments.names, raw: selectColumns({ data: encAll.raw, rows: encAll.rows, cols: encAll.cols }, segments.columns).data, probabilities: probAll, k, value: encAll.totalSpend });
  let actual = 0;
  for (let i = 0; i < rows.count; i++) actual += rows.yP[i]!;
  let firstDay = Infinity, purchaseRows = 0;
  for (let i = 0; i < encAll.rows; i++) firstDay = Math.min(firstDay, encAll.firstPurchase[i]!);
  for (let i = 0; i < log.length; i++) if (log.day[i]! <= calEnd && log.amount[i]! >= 0) purchaseRows++;
  return {
    kind: "clv-pipeline",
    calibrationEnd: isoDate(calEnd),
    innerOrigin: isoDate(Math.min(...windows.map((w) => w.origin))),
    innerHorizonDays: Math.max(...Hs),
    innerHorizonsDays: [...Hs],
    ...(settings.lagDays !== undefined ? { seasonalLagDays: settings.lagDays } : {}),
    ...(settings.intervals ? { levelCurves: clock.time("intervals", () => levelCurves(log, blocks, settings, scoring)) } : {}),
    valueModel: options.valueModel ?? "purchases-x-spend",
    learnerColumns,
    learnerFeatures: learnerColumns.map((j) => designNames[j]!),
    horizonsDays: [...settings.horizonsDays],
    halfLifeDays,
    normalization: encAll.normalization,
    segmentColumns: segments.columns,
    gmm: segments.gmm,
    bicCurve: segments.curve,
    profiles,
    btydModel: model,
    btyd: scoring.btyd,
    btydOther: scoring.btydOther,
    purchases: purchases.head,
    value: value.head,
    replicates,
    trainingCustomers: encAll.rows,
    scoringCustomers: encAll.rows,
    metrics: {
      segments: k,
      training_rows: rows.count,
      inner_oof_mae_purchases_stacked: purchases.head.oofMae.stacked!,
      inner_oof_mae_purchases_btyd: purchases.head.oofMae.btyd!,
      inner_oof_mae_purchases_btyd_other: purchases.head.oofMae.btyd_other!,
      inner_oof_mae_value_stacked: value.head.oofMae.stacked!,
      inner_oof_mae_value_btyd: value.head.oofMae.btyd!,
      inner_target_purchases: actual,
      bootstrap_replicates: replicates.length,
      bootstrap_seconds: bootstrapSeconds,
      mixture_log_likelihood: segments.gmm.logLikelihood,
      mixture_em_iterations: segments.gmm.iterations + (segments.gmm.screeningIterations ?? 0),
      ...clock.metrics(),
    },
    warnings,
    fitOrigin: fitOrigin(options.warmStart, scoring, segments),
    trainingStart: isoDate(firstDay),
    trainingTransactions: purchaseRows,
  };
}

/** Validated training settings with defaults filled in. */
interface TrainSettings {
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
  /** Training rows younger than this many days at their origin are left out (0: none; set from the scoring ages). */
  minAgeDays: number;
}

function resolveSettings(log: TransactionLog, options: TrainClvPipelineOptions): TrainSettings {
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
    minAgeDays: 0,
  };
}

function ageSupportOf(v: TrainClvPipelineOptions["trainingAges"]): TrainSettings["ageSupport"] {
  if (v === undefined) return "all";
  if (v !== "scoring" && v !== "all") throw new Error(`invalid trainingAges ${JSON.stringify(v)}: use "scoring" or "all"`);
  return v;
}

/** The 1st percentile of the scoring customers' ages in days at the calibration end (the same range as the shift guard's). */
function scoringAgeFloor(firstPurchase: Int32Array, calEnd: number): number {
  const age = Float64Array.from(firstPurchase, (f) => calEnd - f).sort();
  return age.length === 0 ? 0 : age[Math.floor(0.01 * (age.length - 1))]!;
}

function innerBaseOf(v: TrainClvPipelineOptions["innerBase"], yearBack: boolean): TrainSettings["innerBase"] {
  if (v === undefined) return yearBack ? "scoring-fit" : "inner-fit";
  if (v !== "inner-fit" && v !== "scoring-fit") throw new Error(`invalid innerBase ${JSON.stringify(v)}: use "inner-fit" or "scoring-fit"`);
  return v;
}

/** The calibration end's encoding and BTYD fits (primary and other), and each scoring customer's row index. */
interface ScoringFit {
  enc: EncodedSequences;
  summary: BtydSummary;
  btyd: BtydFit;
  btydOther: BtydFit;
  customerIndex: Map<string, number>;
}

function scoringTimeFit(log: TransactionLog, settings: TrainSettings, warnings: string[], clock: StageClock, warm: ClvPipeline | undefined, onEncoded: (enc: EncodedSequences) => void): ScoringFit {
  const { calEnd, model, halfLifeDays } = settings;
  const enc = clock.time("features", () => encodeSequences(log, { asOf: isoDate(calEnd), halfLifeDays }));
  onEncoded(enc);
  const summary = btydSummary(enc, calEnd);
  const btyd = clock.time("btyd", () => fitBtyd(summary, model, undefined, warmBtyd(warm, model)));
  warnings.push(...btyd.warnings.map((w) => `BTYD: ${w}`));
  const btydOther = clock.time("btyd", () => fitOtherBtyd(summary, btyd, `on the calibration period to ${isoDate(calEnd)}`, warm?.btydOther));
  warnings.push(...btydOther.warnings.map((w) => `BTYD (other): ${w}`));
  const customerIndex = new Map<string, number>();
  enc.customerIds.forEach((id, i) => customerIndex.set(id, i));
  return { enc, summary, btyd, btydOther, customerIndex };
}

/** The mixture over the segmentation features at the calibration end, k chosen by BIC. */
interface SegmentFit {
  names: string[];
  columns: number[];
  /** The scoring customers' segmentation features. */
  features: FeatureMatrix;
  gmm: GmmModel;
  curve: BicPoint[];
  /** Whether EM started from a stored mixture. */
  warm: boolean;
}

/** Encoder columns of the segmentation features. */
function segmentColumns(options: TrainClvPipelineOptions): number[] {
  return (options.segmentFeatures ?? DEFAULT_SEGMENT_FEATURES).map((f) => {
    const j = (SEQUENCE_FEATURES as readonly string[]).indexOf(f);
    if (j < 0) throw new Error(`unknown segment feature ${JSON.stringify(f)}: use one of ${SEQUENCE_FEATURES.join(", ")}`);
    return j;
  });
}

/** A mixture fit under way: `finish` waits for it (and adds its warnings); `close` ends its worker, if any. */
interface PendingSegments {
  finish(warnings: string[]): SegmentFit;
  close(): void;
}

/**
 * Starts the mixture fit: a cold BIC search runs on one worker thread (every k there, the same fits as
 * selectGmmByBic's, so the result does not depend on the threads) when workers are allowed and it pays; otherwise
 * (a warm start, small data, workers: 1) it runs here when finished.
 */
function startSegments(encAll: EncodedSequences, options: TrainClvPipelineOptions, seed: number): PendingSegments {
  const names = options.segmentFeatures ?? DEFAULT_SEGMENT_FEATURES;
  const columns = segmentColumns(options);
  const features = selectColumns(encAll, columns);
  const tolerance = options.mixtureTolerance ?? 1e-3;
  if (!(tolerance > 0)) throw new Error(`invalid mixtureTolerance ${tolerance}: use a positive number such as 1e-3`);
  const start = options.warmStart ? warmMixture(options.warmStart, encAll.normalization, columns) : undefined;
  if (start) {
    return {
      finish(warnings) {
        const gmm = fitGmm(features, { k: start.k, covariance: start.covariance, regularization: 1e-3, tolerance, initial: start });
        warnings.push(...gmm.warnings.map((w) => `mixture: ${w}`));
        const point: BicPoint = { k: gmm.k, bic: gmm.bic, logLikelihood: gmm.logLikelihood, parameters: gmm.parameters, converged: gmm.converged, iterations: gmm.iterations };
        return { names, columns, features, gmm, curve: [point], warm: true };
      },
      close() {},
    };
  }
  const kMin = options.kMin ?? 1;
  const kMax = Math.min(options.kMax ?? 6, Math.max(1, Math.floor(encAll.rows / 50)));
  const fitOptions = { tolerance, covariance: options.covariance ?? "full", regularization: 1e-3, seed };
  const ks = Array.from({ length: Math.max(0, kMax - kMin + 1) }, (_, j) => kMin + j);
  const done = (selection: GmmSelection, warnings: string[]): SegmentFit => {
    warnings.push(...selection.model.warnings.map((w) => `mixture: ${w}`));
    return { names, columns, features, gmm: selection.model, curve: selection.curve, warm: false };
  };
  const cost = features.rows * ks.reduce((s, k) => s + k, 0) * features.cols * features.cols;
  if (options.workers === 1 || cost <= 2e7 || !Number.isInteger(kMin) || kMin < 1 || ks.length === 0 || !workersAvailable()) {
    return { finish: (warnings) => done(selectGmmByBic(features, { ...fitOptions, kMin, kMax, ...(options.workers !== undefined ? { workers: options.workers } : {}) }), warnings), close() {} };
  }
  const worker = startParallel<GmmModel[]>([{ kind: "gmm", data: features.data, rows: features.rows, cols: features.cols, ks, options: fitOptions }]);
  return { finish: (warnings) => done(gmmSelection(worker.result(0)), warnings), close: () => worker.close() };
}

/** The stored pipeline's BTYD fit as a start for `model` (undefined when it is another model). */
function warmBtyd(warm: ClvPipeline | undefined, model: BtydModelName): BtydFit | undefined {
  return warm?.btyd.model === model ? warm.btyd : undefined;
}

/**
 * The stored mixture mapped into the new feature normalization: z' = a·z + b per feature (a = old scale / new scale,
 * b = (old mean − new mean) / new scale) maps a Gaussian N(μ, Σ) to N(aμ + b, diag(a) Σ diag(a)) exactly. Undefined
 * (cold fit) when the mixture was fitted on other features.
 */
function warmMixture(warm: ClvPipeline, norm: EncodedSequences["normalization"], columns: readonly number[]): (GmmStart & { k: number; covariance: CovarianceType }) | undefined {
  const old = warm.normalization;
  const g = warm.gmm;
  if (g.dim !== columns.length || warm.segmentColumns.length !== columns.length || warm.segmentColumns.some((c, j) => c !== columns[j])) return undefined;
  if (old.featureNames.length !== norm.featureNames.length || old.featureNames.some((f, j) => f !== norm.featureNames[j])) return undefined;
  const d = g.dim;
  const a = columns.map((c) => old.scale[c]! / norm.scale[c]!);
  const b = columns.map((c) => (old.mean[c]! - norm.mean[c]!) / norm.scale[c]!);
  const means = new Float64Array(g.means.length);
  for (let c = 0; c < g.k; c++) for (let j = 0; j < d; j++) means[c * d + j] = a[j]! * g.means[c * d + j]! + b[j]!;
  const covariances = new Float64Array(g.covariances.length);
  if (g.covariance === "full") {
    for (let c = 0; c < g.k; c++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) covariances[c * d * d + i * d + j] = a[i]! * a[j]! * g.covariances[c * d * d + i * d + j]!;
  } else for (let c = 0; c < g.k; c++) for (let j = 0; j < d; j++) covariances[c * d + j] = a[j]! ** 2 * g.covariances[c * d + j]!;
  return { k: g.k, covariance: g.covariance, weights: g.weights, means, covariances };
}

/** What each part of the pipeline started from (stored in the pipeline and the version's lineage). */
function fitOrigin(warm: ClvPipeline | undefined, scoring: ScoringFit, segments: SegmentFit): Record<string, string> {
  const btydWarm = !!warm && warm.btyd.model === scoring.btyd.model;
  return {
    btyd: btydWarm ? `warm: ${scoring.btyd.model} and gamma-gamma from the stored parameters` : "cold",
    btyd_other: warm && warm.btydOther.model === scoring.btydOther.model ? `warm: ${scoring.btydOther.model} and gamma-gamma from the stored parameters` : "cold",
    inner_btyd: btydWarm ? "warm: the inner-origin BTYD fits start from the stored parameters" : "cold",
    normalization: "refit on the new customers",
    mixture: segments.warm ? `warm: EM from the stored weights, means and covariances (k = ${segments.gmm.k} kept, ${segments.gmm.iterations + (segments.gmm.screeningIterations ?? 0)} EM iterations)` : warm ? "cold: the stored mixture used other features; k by BIC" : "cold: k-means++ restarts, k by BIC",
    ridge: "refit (closed form)",
    segment_ridge: "refit (closed form)",
    meta: "refit (non-negative least squares)",
    // Boosting is stagewise: trees added to stored ones would fit the new residuals on top of an ensemble grown on old
    // targets and another feature normalization, with no shared optimum to converge to; a cold fit is the defined model.
    trees: "cold: boosted trees have no optimum to warm-start towards; grown afresh",
    replicates: "cold: refitted on new bootstrap resamples",
  };
}

/** Training rows of one inner origin: design matrix, segments, targets, both BTYD forecasts of the target window, scoring customer and origin index. */
interface OriginBlock {
  x: FeatureMatrix;
  p: Float64Array;
  yP: Float64Array;
  yV: Float64Array;
  bP: Float64Array;
  aP: Float64Array;
  bV: Float64Array;
  aV: Float64Array;
  group: Int32Array;
  origin: Int32Array;
  /** Coverage of the primary BTYD's predictive intervals of this window's value (when intervals are wanted). */
  curve?: LevelCurve;
}

/** A training block before its segment probabilities: the segmentation features the mixture (fitted meanwhile) scores. */
type PendingBlock = Omit<OriginBlock, "p"> & { segmentFeatures: FeatureMatrix };

/** Encodes customers as of calibrationEnd − H (scoring-time normalization), refits both BTYD models there, and takes the targets from the remaining H days. */
function innerOriginBlock(log: TransactionLog, win: { origin: number; end: number }, w: number, settings: TrainSettings, scoring: ScoringFit, segmentColumns: readonly number[], warnings: string[], clock: StageClock, warm?: ClvPipeline): PendingBlock {
  const { model, halfLifeDays } = settings;
  const { origin, end } = win;
  const H = end - origin;
  const enc = clock.time("features", () => encodeSequences(log, { asOf: isoDate(origin), halfLifeDays, normalization: scoring.enc.normalization }));
  if (enc.rows < 30) throw new Error(`only ${enc.rows} customers purchased by the inner origin ${isoDate(origin)} (horizon ${H} days): use a later --calibration-end or shorter inner horizons`);
  const target = clock.time("features", () => windowTotals(log, enc.customerIds, origin, end));
  const sum = btydSummary(enc, origin);
  const [fit, other] = settings.innerBase === "scoring-fit" ? [scoring.btyd, scoring.btydOther] : clock.time("btyd", () => innerFits(sum, model, H, origin, warnings, warm));
  const [bg, pn] = model === MODEL_IDS.bgNbd ? [fit, other] : [other, fit];
  const x = clock.time("features", () => withLag(designMatrix(enc, btydFeatures(bg, pn, sum)), log, enc, origin, settings.lagDays));
  const [pr, po] = clock.time("btyd", () => [btydPredict(fit, sum, [H / 7]), btydPredict(other, sum, [H / 7])]);
  const n = enc.rows;
  const bP = new Float64Array(n), aP = new Float64Array(n), bV = new Float64Array(n), aV = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    bP[i] = Math.max(1e-9, pr.expected[0]![i]!);
    aP[i] = po.expected[0]![i]!;
    bV[i] = Math.max(1e-9, pr.expected[0]![i]! * pr.spend[i]!);
    aV[i] = po.expected[0]![i]! * po.spend[i]!;
  }
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) group[i] = scoring.customerIndex.get(enc.customerIds[i]!)!;
  const full: PendingBlock = { x, segmentFeatures: selectColumns(enc, segmentColumns), yP: target.purchases, yV: target.value, bP, aP, bV, aV, group, origin: new Int32Array(n).fill(w) };
  const block = settings.minAgeDays > 0 ? keepRows(full, Int32Array.from(enc.firstPurchase, (f) => origin - f), settings.minAgeDays) : full;
  if (settings.intervals && end === settings.calEnd) {
    // Interval coverage is measured on a fit that has not seen the window, whatever base the heads use.
    block.curve = clock.time("intervals", () => {
      // Only the held-out fit's parameters are used (not its warnings): no standard errors.
      const held = settings.innerBase === "scoring-fit" ? fitBtyd(sum, model, undefined, scoring.btyd, undefined, false) : fit;
      return windowLevelCurve(held, sum, held === fit ? pr.alive : btydPredict(held, sum, [H / 7]).alive, target.value, H, settings.seed, w);
    });
  }
  return block;
}

/**
 * The block's rows of customers at least `minAge` days old at the origin (common-support trimming): younger training
 * customers have no counterpart among the scoring customers, and the ratios learned on them (a holiday buyer not yet
 * through a season looks like a light buyer) would be carried to customers who are all older.
 * @see https://doi.org/10.1093/biomet/asn055 (Crump, Hotz, Imbens & Mitnik 2009, limited overlap)
 */
function keepRows(b: PendingBlock, age: Int32Array, minAge: number): PendingBlock {
  const idx: number[] = [];
  for (let i = 0; i < age.length; i++) if (age[i]! >= minAge) idx.push(i);
  if (idx.length < 30) return b;
  const f = (a: Float64Array) => Float64Array.from(idx, (i) => a[i]!);
  const rows = (m: FeatureMatrix): FeatureMatrix => {
    const data = new Float64Array(idx.length * m.cols);
    idx.forEach((i, r) => data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), r * m.cols));
    return { data, rows: idx.length, cols: m.cols };
  };
  return { ...b, x: rows(b.x), segmentFeatures: rows(b.segmentFeatures), yP: f(b.yP), yV: f(b.yV), bP: f(b.bP), aP: f(b.aP), bV: f(b.bV), aV: f(b.aV), group: Int32Array.from(idx, (i) => b.group[i]!), origin: Int32Array.from(idx, (i) => b.origin[i]!) };
}

/** Both BTYD models refitted at an inner origin on the data up to it (the "inner-fit" base). */
function innerFits(sum: BtydSummary, model: BtydModelName, H: number, origin: number, warnings: string[], warm?: ClvPipeline): [BtydFit, BtydFit] {
  const fit = fitBtyd(sum, model, undefined, warmBtyd(warm, model));
  warnings.push(...fit.warnings.map((m) => `inner BTYD (${H} d): ${m}`));
  const other = fitOtherBtyd(sum, fit, `at the inner origin ${isoDate(origin)}`, warm?.btydOther);
  warnings.push(...other.warnings.map((m) => `inner BTYD other (${H} d): ${m}`));
  return [fit, other];
}

/**
 * The interval recalibration curves: those of the training windows that end at the calibration end, else (a
 * same-calendar window a year back) one measured on the most recent window of the target horizon, whose customers are
 * nearest in age to the scoring ones.
 */
function levelCurves(log: TransactionLog, blocks: readonly OriginBlock[], settings: TrainSettings, scoring: ScoringFit): LevelCurve[] | undefined {
  if (!settings.intervals) return undefined;
  const curves = blocks.flatMap((b) => (b.curve ? [b.curve] : []));
  if (curves.length > 0 || settings.lagDays === undefined) return curves;
  const { calEnd, model, halfLifeDays, lagDays: h } = settings;
  const origin = calEnd - h;
  const enc = encodeSequences(log, { asOf: isoDate(origin), halfLifeDays, normalization: scoring.enc.normalization });
  if (enc.rows < 30) return [];
  const sum = btydSummary(enc, origin);
  const fit = fitBtyd(sum, model, undefined, scoring.btyd, undefined, false);
  const alive = btydPredict(fit, sum, [h / 7]).alive;
  return [windowLevelCurve(fit, sum, alive, windowTotals(log, enc.customerIds, origin, calEnd).value, h, settings.seed, blocks.length)];
}

/**
 * Interval recalibration on a held-out slice of the calibration period: the inner fit saw only days up to the window's
 * start, and the window's realized values say how often its predictive intervals cover (at most 2,000 customers, 200 draws each).
 */
function windowLevelCurve(fit: BtydFit, sum: BtydSummary, alive: Float64Array, value: Float64Array, H: number, seed: number, w: number): LevelCurve {
  const rng = createRng((Math.imul(seed + 1, 0x2545f491) + w + 1) >>> 0);
  const n = value.length;
  const m = Math.min(n, 2000);
  // A random subset, in index order (partial Fisher-Yates), keeps the cost bounded on large bases.
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(n - i);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  const pick = idx.subarray(0, m).sort();
  const sub = (a: Float64Array) => Float64Array.from(pick, (i) => a[i]!);
  const s: BtydSummary = { timeUnit: "weeks", frequency: sub(sum.frequency), recency: sub(sum.recency), T: sub(sum.T), monetaryValue: sub(sum.monetaryValue) };
  return levelCurve(fit, s, sub(alive), sub(value), H, 200, rng);
}

/** The design matrix with the seasonal lag features of the forecast window (asOf, asOf + lagDays] appended, when used. */
export function withLag(x: FeatureMatrix, log: TransactionLog, enc: EncodedSequences, asOfDay: number, lagDays: number | undefined): FeatureMatrix {
  return lagDays === undefined ? x : appendColumns(x, seasonalLag(log, enc.customerIds, enc.firstPurchase, asOfDay, lagDays));
}

/** Every origin's rows stacked in origin order. */
function concatBlocks(blocks: readonly OriginBlock[]): Omit<OriginBlock, "x"> & { x: FeatureMatrix; count: number } {
  const cat = (f: (b: OriginBlock) => Float64Array) => {
    const out = new Float64Array(blocks.reduce((s, b) => s + f(b).length, 0));
    let o = 0;
    for (const b of blocks) out.set(f(b), (o += f(b).length) - f(b).length);
    return out;
  };
  const count = blocks.reduce((s, b) => s + b.x.rows, 0);
  return {
    count,
    x: { data: cat((b) => b.x.data), rows: count, cols: blocks[0]!.x.cols },
    p: cat((b) => b.p),
    group: Int32Array.from(cat((b) => Float64Array.from(b.group))),
    origin: Int32Array.from(cat((b) => Float64Array.from(b.origin))),
    yP: cat((b) => b.yP),
    yV: cat((b) => b.yV),
    bP: cat((b) => b.bP),
    aP: cat((b) => b.aP),
    bV: cat((b) => b.bV),
    aV: cat((b) => b.aV),
  };
}

/** Learner columns whose scoring-time share outside the training range is at most maxShift (at least the least shifted one); warns about the rest. */
function shiftGuard(xTrain: FeatureMatrix, xScore: FeatureMatrix, designNames: readonly string[], settings: TrainSettings, warnings: string[]): number[] {
  const shift = shiftedShare(xTrain, xScore);
  const learnerColumns: number[] = [];
  const shifted: string[] = [];
  for (let j = 0; j < xTrain.cols; j++) {
    if (shift[j]! <= settings.maxShift) learnerColumns.push(j);
    else shifted.push(`${designNames[j]} (${(100 * shift[j]!).toFixed(0)}% outside)`);
  }
  if (learnerColumns.length === 0) {
    // Every feature is shifted: keep the least shifted one so the learners still run, and say so.
    let best = 0;
    for (let j = 1; j < xTrain.cols; j++) if (shift[j]! < shift[best]!) best = j;
    learnerColumns.push(best);
    shifted.splice(best, 1);
    warnings.push(`every learner feature is shifted between the inner origins and ${isoDate(settings.calEnd)}: the learners keep only the least shifted, ${designNames[best]} (${(100 * shift[best]!).toFixed(0)}% outside); raise maxFeatureShift or use shorter inner horizons`);
  }
  if (shifted.length > 0) warnings.push(`learners leave out features shifted between training and scoring time: ${shifted.join(", ")}`);
  return learnerColumns;
}

function headOptionsOf(options: TrainClvPipelineOptions, settings: TrainSettings): HeadOptions {
  return {
    folds: options.folds ?? 5,
    ridgeLambda: options.ridgeLambda ?? 10,
    segmentLambda: options.segmentLambda ?? 30,
    metaLambda: options.metaLambda ?? 1e-3,
    metaWeighting: options.metaWeighting ?? "poisson",
    trees: { ...TREE_ROW_CAPS, ...options.trees },
    oof: settings.outOfFold,
    metaWeights: options.metaWeights ?? "convex",
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
  };
}

/** Columns of a feature matrix (the mixture's subset of the encoder's features). */
export function selectColumns(x: FeatureMatrix, cols: readonly number[]): FeatureMatrix {
  const out = new Float64Array(x.rows * cols.length);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < cols.length; j++) out[i * cols.length + j] = x.data[i * x.cols + cols[j]!]!;
  return { data: out, rows: x.rows, cols: cols.length };
}

/** Stages of the training whose wall-clock seconds go into the pipeline's metrics as `stage_<name>_seconds`. */
const STAGES = ["features", "btyd", "mixture", "learners", "stack", "bootstrap", "intervals"] as const;
type Stage = (typeof STAGES)[number];

/** Accumulates wall-clock seconds per training stage; a nested timer's time counts once, in the innermost stage. */
interface StageClock {
  time<T>(stage: Stage, f: () => T): T;
  add(stage: Stage, seconds: number): void;
  metrics(): Record<string, number>;
}

function stageClock(): StageClock {
  const total = new Map<Stage, number>(STAGES.map((s) => [s, 0]));
  const t0 = performance.now();
  // Seconds already assigned to a stage: a timer's own time is its elapsed time minus what inner timers assigned.
  let nested = 0;
  return {
    time(stage, f) {
      const start = performance.now();
      const before = nested;
      try {
        return f();
      } finally {
        const inner = nested - before;
        const own = (performance.now() - start) / 1000 - inner;
        total.set(stage, total.get(stage)! + own);
        nested = before + own + inner;
      }
    },
    add(stage, seconds) {
      total.set(stage, total.get(stage)! + seconds);
      nested += seconds;
    },
    metrics() {
      const out: Record<string, number> = {};
      for (const [s, v] of total) out[`stage_${s}_seconds`] = v;
      out.stage_total_seconds = (performance.now() - t0) / 1000;
      return out;
    },
  };
}
