import { MODEL_IDS } from "../../models/modelIds.js";
import type { TransactionLog } from "../../data/types.js";
import { createRng, type Rng } from "../../random/createRng.js";
import { isoDate } from "../../time/dayNumber.js";
import { bootstrapReplicates } from "./bootstrapReplicates.js";
import { btydFeatures } from "./btydBase.js";
import { SEQUENCE_FEATURES } from "../features/encodeSequences.js";
import type { ClvPipeline } from "./pipelineTypes.js";
import { predictGmm } from "../segments/predictGmm.js";
import { segmentProfiles } from "../segments/segmentProfiles.js";
import { BTYD_FEATURES, designMatrix, fitHead, type HeadOptions } from "./stackedHead.js";
import type { FeatureMatrix } from "../types.js";
import { stageClock, type StageClock } from "./stageClock.js";
import { SEASONAL_LAG_FEATURES, withLag } from "./seasonalLag.js";
import { resolveSettings, TREE_ROW_CAPS, type TrainClvPipelineOptions, type TrainSettings } from "./trainSettings.js";
import { fitOrigin, scoringAgeFloor, scoringTimeFit, segmentColumns, startSegments, type PendingSegments, type ScoringFit, type SegmentFit } from "./scoringFit.js";
import { concatBlocks, innerOriginBlock, type OriginBlock } from "./innerOrigins.js";
import { levelCurves } from "./levelCurves.js";
import { selectColumns, shiftGuard } from "./learnerDesign.js";

export { DEFAULT_SEGMENT_FEATURES, TREE_ROW_CAPS, defaultInnerHorizons, type TrainClvPipelineOptions } from "./trainSettings.js";

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

  // 1.–3. Scoring-time features and BTYD fits, segments, and the training rows of every inner origin.
  const { scoring, segments, blocks } = encodeAndSegment(log, options, settings, warnings, clock, progress);
  const rows = concatBlocks(blocks);
  const { x, learnerColumns, designNames } = learnerDesign(log, rows, scoring, settings, warnings, clock);
  // 4. Stacked heads for purchases and value.
  const headOptions = headOptionsOf(options, settings);
  const { k } = segments.gmm;
  const { purchases, value } = fitStackedHeads(rows, x, k, headOptions, rng, clock, progress);
  // 5. Bootstrap replicates (customers resampled with replacement, learners refitted).
  const { replicates, bootstrapSeconds } = fitReplicates(rows, x, k, { purchases, value }, scoring, headOptions, options, seed, clock, progress);

  const { enc: encAll } = scoring;
  const { profiles, actual, firstDay, purchaseRows } = trainingSummary(log, calEnd, scoring, segments, rows);
  return {
    kind: "clv-pipeline",
    calibrationEnd: isoDate(calEnd),
    innerOrigin: isoDate(Math.min(...windows.map((w) => w.origin))),
    innerHorizonDays: Math.max(...Hs),
    innerHorizonsDays: [...Hs],
    ...(settings.lagDays !== undefined ? { seasonalLagDays: settings.lagDays } : {}),
    ...(settings.fade ? { ratioFade: "prior-share" as const } : {}),
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

/** Progress callback of the training: step name, units done, units in all. */
type Progress = (step: string, done: number, total: number) => void;

/** Every inner origin's training rows stacked in origin order (with their count). */
type TrainingRows = ReturnType<typeof concatBlocks>;

/**
 * Features, BTYD fits and segments. The scoring-time encoding (calibration data only) fixes the normalization, the
 * customers and the mixture; the mixture (Gaussian, k by BIC, or k kept and EM from the stored mixture) is fitted on a
 * worker thread when it pays, while this one fits BTYD and encodes one training block per inner origin; the blocks
 * get their segment probabilities once the mixture is done.
 */
function encodeAndSegment(log: TransactionLog, options: TrainClvPipelineOptions, settings: TrainSettings, warnings: string[], clock: StageClock, progress: Progress): { scoring: ScoringFit; segments: SegmentFit; blocks: OriginBlock[] } {
  const { calEnd, seed, windows } = settings;
  // 1. Scoring-time encoding (calibration data only): it fixes the normalization, the customers and the mixture.
  progress("encode", 0, windows.length + 1);
  // 2. Segments: Gaussian mixture on the segmentation features, k by BIC (or k kept and EM from the stored mixture),
  // fitted on a worker thread (when it pays) while this one fits BTYD and encodes the inner origins.
  let pending: PendingSegments | undefined;
  try {
    const scoring = scoringTimeFit(log, settings, warnings, clock, options.warmStart, (enc) => (pending = clock.time("mixture", () => startSegments(enc, options, seed))));
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
    const segments = clock.time("mixture", () => pending!.finish(mixtureWarnings));
    // In the order of a sequential fit: the mixture's warnings before the inner origins'.
    warnings.splice(mixtureWarningsAt, 0, ...mixtureWarnings);
    progress("segments", 1, 1);
    const blocks = partial.map(({ segmentFeatures, ...b }) => ({ ...b, p: clock.time("mixture", () => predictGmm(segments.gmm, segmentFeatures).probabilities) }));
    return { scoring, segments, blocks };
  } finally {
    pending?.close();
  }
}

/**
 * The learners' design matrix. Covariate-shift guard: learners see only the features whose scoring-time values lie
 * inside the training range, so the scoring-time design is built here to compare against the training rows.
 */
function learnerDesign(log: TransactionLog, rows: TrainingRows, scoring: ScoringFit, settings: TrainSettings, warnings: string[], clock: StageClock) {
  const { calEnd, model } = settings;
  const [bgAll, pnAll] = model === MODEL_IDS.bgNbd ? [scoring.btyd, scoring.btydOther] : [scoring.btydOther, scoring.btyd];
  const xScore = clock.time("features", () => withLag(designMatrix(scoring.enc, btydFeatures(bgAll, pnAll, scoring.summary)), log, scoring.enc, calEnd, settings.lagDays));
  const designNames = [...SEQUENCE_FEATURES, ...BTYD_FEATURES, ...(settings.lagDays !== undefined ? SEASONAL_LAG_FEATURES : [])];
  const learnerColumns = shiftGuard(rows.x, xScore, designNames, settings, warnings);
  const x = selectColumns(rows.x, learnerColumns);
  return { x, learnerColumns, designNames };
}

/** The stacked heads of purchases and value (learners, then the meta-learner on their out-of-fold predictions), each on its own fork of the random stream, purchases first. */
function fitStackedHeads(rows: TrainingRows, x: FeatureMatrix, k: number, headOptions: HeadOptions, rng: Rng, clock: StageClock, progress: Progress) {
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
  return { purchases, value };
}

/** Intervals: bootstrap replicates of the learners (customers resampled with replacement, learners refitted), and their wall-clock seconds. */
function fitReplicates(rows: TrainingRows, x: FeatureMatrix, k: number, heads: ReturnType<typeof fitStackedHeads>, scoring: ScoringFit, headOptions: HeadOptions, options: TrainClvPipelineOptions, seed: number, clock: StageClock, progress: Progress) {
  const { purchases, value } = heads;
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
  return { replicates, bootstrapSeconds };
}

/** What the pipeline reports about its training data: segment profiles of the scoring customers, the inner targets' purchases, the first purchase day and the calibration purchase rows. */
function trainingSummary(log: TransactionLog, calEnd: number, scoring: ScoringFit, segments: SegmentFit, rows: TrainingRows) {
  const { enc: encAll } = scoring;
  const { k } = segments.gmm;
  const probAll = predictGmm(segments.gmm, segments.features).probabilities;
  const profiles = segmentProfiles({ features: segments.features, featureNames: segments.names, raw: selectColumns({ data: encAll.raw, rows: encAll.rows, cols: encAll.cols }, segments.columns).data, probabilities: probAll, k, value: encAll.totalSpend });
  let actual = 0;
  for (let i = 0; i < rows.count; i++) actual += rows.yP[i]!;
  let firstDay = Infinity, purchaseRows = 0;
  for (let i = 0; i < encAll.rows; i++) firstDay = Math.min(firstDay, encAll.firstPurchase[i]!);
  for (let i = 0; i < log.length; i++) if (log.day[i]! <= calEnd && log.amount[i]! >= 0) purchaseRows++;
  return { profiles, actual, firstDay, purchaseRows };
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
