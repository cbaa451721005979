import type { TransactionLog } from "../data/types.js";
import { createRng } from "../random/createRng.js";
import { dayNumber, isoDate } from "../util/dayNumber.js";
import { bootstrapReplicates } from "./bootstrapReplicates.js";
import { btydPredict, btydSummary, fitBtyd, type BtydModelName } from "./btydBase.js";
import { encodeSequences, SEQUENCE_FEATURES } from "./encodeSequences.js";
import type { FitBoostedTreesOptions } from "./fitBoostedTrees.js";
import type { ClvPipeline } from "./pipelineTypes.js";
import { predictGmm } from "./predictGmm.js";
import { segmentProfiles } from "./segmentProfiles.js";
import { selectGmmByBic } from "./selectGmmByBic.js";
import { designMatrix, fitHead, type HeadOptions } from "./stackedHead.js";
import type { CovarianceType, FeatureMatrix } from "./types.js";
import { windowTotals } from "./windowTotals.js";

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

export interface TrainClvPipelineOptions {
  /** Last day of the calibration period, ISO `YYYY-MM-DD` (inclusive). Later transactions are never read. */
  calibrationEnd: string;
  /** Length in days of the inner holdout (calibrationEnd - innerHorizonDays, calibrationEnd] that supplies the training targets. Default: half the calibration span, between 28 and 365. */
  innerHorizonDays?: number;
  /** Output horizons in days. Default [30, 90, 180, 365]. */
  horizonsDays?: number[];
  /** BTYD base learner: "bg-nbd" (default) or "pareto-nbd"; always paired with Gamma-Gamma spend. */
  btydModel?: BtydModelName;
  /** Mixture: k range and covariance. Defaults 1..6, "full". */
  kMin?: number;
  kMax?: number;
  covariance?: CovarianceType;
  /** Encoder features used for segmentation. Default DEFAULT_SEGMENT_FEATURES. */
  segmentFeatures?: string[];
  /** Folds of the out-of-fold predictions that train the meta-learner. Default 5. */
  folds?: number;
  /** Ridge penalties of the ridge and per-segment learners, and the meta-learner's (relative to the mean squared base prediction). Defaults 10, 30, 1e-3. */
  ridgeLambda?: number;
  segmentLambda?: number;
  metaLambda?: number;
  trees?: FitBoostedTreesOptions;
  /** Bootstrap replicates for prediction intervals (0 = none). Default 200. */
  replicates?: number;
  /** Worker threads for the mixture and the bootstrap. Default: one per core when it pays. */
  workers?: number;
  /** Half-life in days of the encoder's recency-weighted activity. Default 90. */
  halfLifeDays?: number;
  seed?: number;
  /** Called as long steps progress (step name, done, total). */
  onProgress?: (step: string, done: number, total: number) => void;
}

/**
 * Trains the segment-aware stacked CLV predictor on calibration data only. An inner split of the calibration period
 * supplies the targets: features are encoded as of `calibrationEnd - innerHorizonDays`, targets are the purchases and
 * value in the remaining days. Customers get soft segments from a Gaussian mixture chosen by BIC. Base learners (BTYD
 * BG/NBD or Pareto/NBD × Gamma-Gamma, ridge, per-segment ridge weighted by the soft probabilities, boosted trees) are
 * combined by a non-negative ridge meta-learner trained on K-fold out-of-fold predictions only (stacked generalization).
 * Predictions for any horizon scale the inner-horizon stack by the BTYD model's customer-level curve E[X(t)]/E[X(H)],
 * so they are monotone in t. Bootstrap replicates (customers resampled with replacement) are refitted for intervals.
 * @see https://doi.org/10.1007/BF00117832 (Breiman 1996, Stacked regressions)
 * @example const pipeline = trainClvPipeline(log, { calibrationEnd: "1997-09-30", seed: 1 });
 */
export function trainClvPipeline(log: TransactionLog, options: TrainClvPipelineOptions): ClvPipeline {
  const progress = options.onProgress ?? (() => {});
  const calEnd = dayNumber(options.calibrationEnd);
  const seed = options.seed ?? 0;
  const rng = createRng(seed);
  let minDay = Infinity;
  for (let i = 0; i < log.length; i++) if (log.day[i]! < minDay) minDay = log.day[i]!;
  if (!(minDay <= calEnd)) throw new Error(`calibration end ${options.calibrationEnd} is before the first transaction (${isoDate(minDay)}): use a later --calibration-end`);
  const span = calEnd - minDay;
  const H = options.innerHorizonDays ?? Math.max(28, Math.min(365, Math.round(span / 2)));
  if (!Number.isInteger(H) || H < 1 || H >= span) throw new Error(`invalid innerHorizonDays ${H}: use a whole number of days in 1..${span - 1} (the calibration period spans ${span} days)`);
  const origin = calEnd - H;
  const horizonsDays = options.horizonsDays ?? [30, 90, 180, 365];
  const model = options.btydModel ?? "bg-nbd";
  const halfLifeDays = options.halfLifeDays ?? 90;
  const warnings: string[] = [];

  // 1. Training rows: customers with a purchase by the inner origin, encoded as of then.
  progress("encode", 0, 1);
  const enc = encodeSequences(log, { asOf: isoDate(origin), halfLifeDays });
  if (enc.rows < 30) throw new Error(`only ${enc.rows} customers purchased by the inner split ${isoDate(origin)}: use a later --calibration-end or a smaller innerHorizonDays`);
  const target = windowTotals(log, enc.customerIds, origin, calEnd);
  const sumIn = btydSummary(enc, origin);
  const btydIn = fitBtyd(sumIn, model);
  warnings.push(...btydIn.warnings.map((w) => `inner BTYD: ${w}`));
  const predIn = btydPredict(btydIn, sumIn, [H / 7]);
  progress("encode", 1, 1);

  // 2. Segments: Gaussian mixture on the segmentation features, k by BIC.
  const segNames = options.segmentFeatures ?? DEFAULT_SEGMENT_FEATURES;
  const segmentColumns = segNames.map((f) => {
    const j = (SEQUENCE_FEATURES as readonly string[]).indexOf(f);
    if (j < 0) throw new Error(`unknown segment feature ${JSON.stringify(f)}: use one of ${SEQUENCE_FEATURES.join(", ")}`);
    return j;
  });
  progress("segments", 0, 1);
  const segX = selectColumns(enc, segmentColumns);
  const selection = selectGmmByBic(segX, {
    kMin: options.kMin ?? 1,
    kMax: Math.min(options.kMax ?? 6, Math.max(1, Math.floor(enc.rows / 50))),
    covariance: options.covariance ?? "full",
    regularization: 1e-3,
    seed,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
  });
  const gmm = selection.model;
  const k = gmm.k;
  warnings.push(...gmm.warnings.map((w) => `mixture: ${w}`));
  const prob = predictGmm(gmm, segX).probabilities;
  progress("segments", 1, 1);

  // 3. Stacked heads for purchases and value over the inner horizon.
  const x = designMatrix(enc, predIn, 0);
  const headOptions: HeadOptions = {
    folds: options.folds ?? 5,
    ridgeLambda: options.ridgeLambda ?? 10,
    segmentLambda: options.segmentLambda ?? 30,
    metaLambda: options.metaLambda ?? 1e-3,
    trees: options.trees ?? {},
  };
  const btydValueIn = new Float64Array(enc.rows);
  for (let i = 0; i < enc.rows; i++) btydValueIn[i] = predIn.expected[0]![i]! * predIn.spend[i]!;
  progress("stack", 0, 2);
  const purchases = fitHead(x, target.purchases, predIn.expected[0]!, prob, k, headOptions, rng.fork());
  progress("stack", 1, 2);
  const value = fitHead(x, target.value, btydValueIn, prob, k, headOptions, rng.fork());
  progress("stack", 2, 2);

  // 4. BTYD on the whole calibration period, for scoring.
  const encAll = encodeSequences(log, { asOf: isoDate(calEnd), halfLifeDays, normalization: enc.normalization });
  const sumAll = btydSummary(encAll, calEnd);
  const btyd = fitBtyd(sumAll, model);
  warnings.push(...btyd.warnings.map((w) => `BTYD: ${w}`));

  // 5. Bootstrap replicates (customers resampled with replacement, learners refitted).
  const bootStart = performance.now();
  const replicates = bootstrapReplicates(
    {
      x,
      probabilities: prob,
      k,
      yPurchases: target.purchases,
      yValue: target.value,
      oofPurchases: purchases.oof,
      oofValue: value.oof,
      trainingIds: enc.customerIds,
      scoringIds: encAll.customerIds,
      scoringSummary: sumAll,
      btyd,
      ridgeLambda: headOptions.ridgeLambda,
      segmentLambda: headOptions.segmentLambda,
      metaLambdaPurchases: metaPenalty(purchases.oof, headOptions.metaLambda),
      metaLambdaValue: metaPenalty(value.oof, headOptions.metaLambda),
    },
    { replicates: options.replicates ?? 200, seed, ...(options.workers !== undefined ? { workers: options.workers } : {}), onProgress: (d, t) => progress("bootstrap", d, t) },
  );

  const bootstrapSeconds = (performance.now() - bootStart) / 1000;
  const profiles = segmentProfiles({ features: segX, featureNames: segNames, raw: selectColumns({ data: enc.raw, rows: enc.rows, cols: enc.cols }, segmentColumns).data, probabilities: prob, k, value: target.value });
  let actual = 0;
  for (let i = 0; i < enc.rows; i++) actual += target.purchases[i]!;
  return {
    kind: "clv-pipeline",
    calibrationEnd: isoDate(calEnd),
    innerOrigin: isoDate(origin),
    innerHorizonDays: H,
    horizonsDays: [...horizonsDays],
    halfLifeDays,
    normalization: enc.normalization,
    segmentColumns,
    gmm,
    bicCurve: selection.curve,
    profiles,
    btydModel: model,
    btyd,
    purchases: purchases.head,
    value: value.head,
    replicates,
    trainingCustomers: enc.rows,
    scoringCustomers: encAll.rows,
    metrics: {
      segments: k,
      inner_oof_mae_purchases_stacked: purchases.head.oofMae.stacked!,
      inner_oof_mae_purchases_btyd: purchases.head.oofMae.btyd!,
      inner_oof_mae_value_stacked: value.head.oofMae.stacked!,
      inner_oof_mae_value_btyd: value.head.oofMae.btyd!,
      inner_target_purchases: actual,
      bootstrap_replicates: replicates.length,
      bootstrap_seconds: bootstrapSeconds,
    },
    warnings,
  };
}

function metaPenalty(z: FeatureMatrix, rel: number): number {
  let s = 0;
  for (let i = 0; i < z.rows * z.cols; i++) s += z.data[i]! * z.data[i]!;
  return (rel * s) / z.cols;
}

/** Columns of a feature matrix (the mixture's subset of the encoder's features). */
export function selectColumns(x: FeatureMatrix, cols: readonly number[]): FeatureMatrix {
  const out = new Float64Array(x.rows * cols.length);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < cols.length; j++) out[i * cols.length + j] = x.data[i * x.cols + cols[j]!]!;
  return { data: out, rows: x.rows, cols: cols.length };
}
