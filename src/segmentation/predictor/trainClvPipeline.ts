import { MODEL_IDS } from "../../models/modelIds.js";
import type { TransactionLog } from "../../data/types.js";
import { createRng, type Rng } from "../../random/createRng.js";
import { isoDate } from "../../time/dayNumber.js";
import { bootstrapReplicates } from "./bootstrapReplicates.js";
import { btydFeatures, btydPredict, btydSummary, fitBtyd, fitOtherBtyd, type BtydFit, type BtydModelName, type BtydSummary } from "./btydBase.js";
import { encodeSequences, SEQUENCE_FEATURES, type EncodedSequences } from "../features/encodeSequences.js";
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
import { stageClock, type StageClock } from "./stageClock.js";
import { levelCurve, type LevelCurve } from "./calibrateLevels.js";
import { appendColumns, SEASONAL_LAG_FEATURES, seasonalLag } from "./seasonalLag.js";
import { DEFAULT_SEGMENT_FEATURES, resolveSettings, TREE_ROW_CAPS, type TrainClvPipelineOptions, type TrainSettings } from "./trainSettings.js";

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

/** The 1st percentile of the scoring customers' ages in days at the calibration end (the same range as the shift guard's). */
function scoringAgeFloor(firstPurchase: Int32Array, calEnd: number): number {
  const age = Float64Array.from(firstPurchase, (f) => calEnd - f).sort();
  return age.length === 0 ? 0 : age[Math.floor(0.01 * (age.length - 1))]!;
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
