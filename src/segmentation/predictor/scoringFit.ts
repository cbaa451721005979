// The scoring-time fit: the calibration end's encoding, BTYD fits and mixture (warm-started from a stored pipeline when given).
import type { TransactionLog } from "../../data/types.js";
import { isoDate } from "../../time/dayNumber.js";
import { btydSummary, fitBtyd, fitOtherBtyd, type BtydFit, type BtydModelName, type BtydSummary } from "./btydBase.js";
import { encodeSequences, SEQUENCE_FEATURES, type EncodedSequences } from "../features/encodeSequences.js";
import type { ClvPipeline } from "./pipelineTypes.js";
import { fitGmm, type GmmStart } from "../segments/fitGmm.js";
import { gmmSelection, selectGmmByBic, type BicPoint, type GmmSelection } from "../segments/selectGmmByBic.js";
import { startParallel, workersAvailable } from "../parallel/runParallel.js";
import type { CovarianceType, FeatureMatrix, GmmModel } from "../types.js";
import type { StageClock } from "./stageClock.js";
import { DEFAULT_SEGMENT_FEATURES, type TrainClvPipelineOptions, type TrainSettings } from "./trainSettings.js";
import { selectColumns } from "./learnerDesign.js";

/** The 1st percentile of the scoring customers' ages in days at the calibration end (the same range as the shift guard's). */
export function scoringAgeFloor(firstPurchase: Int32Array, calEnd: number): number {
  const age = Float64Array.from(firstPurchase, (f) => calEnd - f).sort();
  return age.length === 0 ? 0 : age[Math.floor(0.01 * (age.length - 1))]!;
}

/** The calibration end's encoding and BTYD fits (primary and other), and each scoring customer's row index. */
export interface ScoringFit {
  enc: EncodedSequences;
  summary: BtydSummary;
  btyd: BtydFit;
  btydOther: BtydFit;
  customerIndex: Map<string, number>;
}

export function scoringTimeFit(log: TransactionLog, settings: TrainSettings, warnings: string[], clock: StageClock, warm: ClvPipeline | undefined, onEncoded: (enc: EncodedSequences) => void): ScoringFit {
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
export interface SegmentFit {
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
export function segmentColumns(options: TrainClvPipelineOptions): number[] {
  return (options.segmentFeatures ?? DEFAULT_SEGMENT_FEATURES).map((f) => {
    const j = (SEQUENCE_FEATURES as readonly string[]).indexOf(f);
    if (j < 0) throw new Error(`unknown segment feature ${JSON.stringify(f)}: use one of ${SEQUENCE_FEATURES.join(", ")}`);
    return j;
  });
}

/** A mixture fit under way: `finish` waits for it (and adds its warnings); `close` ends its worker, if any. */
export interface PendingSegments {
  finish(warnings: string[]): SegmentFit;
  close(): void;
}

/**
 * Starts the mixture fit: a cold BIC search runs on one worker thread (every k there, the same fits as
 * selectGmmByBic's, so the result does not depend on the threads) when workers are allowed and it pays; otherwise
 * (a warm start, small data, workers: 1) it runs here when finished.
 */
export function startSegments(encAll: EncodedSequences, options: TrainClvPipelineOptions, seed: number): PendingSegments {
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
export function warmBtyd(warm: ClvPipeline | undefined, model: BtydModelName): BtydFit | undefined {
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
export function fitOrigin(warm: ClvPipeline | undefined, scoring: ScoringFit, segments: SegmentFit): Record<string, string> {
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
