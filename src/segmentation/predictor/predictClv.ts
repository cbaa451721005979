import type { TransactionLog } from "../../data/types.js";
import { isoDate } from "../../time/dayNumber.js";
import { intervalsFromInputs, type ClvIntervals } from "./bootstrapIntervals.js";
import type { ClvPipeline } from "./pipelineTypes.js";
import { scoreInputs, stackAtHorizon } from "./scoreInputs.js";
import { combine } from "./metaLearner.js";

export interface PredictClvOptions {
  /** Scoring date, ISO (inclusive); predictions cover the days after it. Default: the last day in the log. */
  asOf?: string;
  /** Horizons in days. Default: the pipeline's (30, 90, 180, 365). Any positive number of days works (e.g. 273). */
  horizonsDays?: number[];
  /** Compute bootstrap prediction intervals (needs replicates in the pipeline). Default true when it has some. */
  intervals?: boolean;
  /** Horizon of the intervals, days. Default the largest horizon. */
  intervalHorizonDays?: number;
  levels?: number[];
  draws?: number;
  seed?: number;
  /** Worker threads for the interval draws. Default: one per core (at most 2) when it pays. */
  workers?: number;
  onProgress?: (step: string, done: number, total: number) => void;
}

/** Per-customer predictions of a stacked CLV pipeline. */
export interface ClvPrediction {
  readonly customerIds: readonly string[];
  readonly asOf: string;
  readonly horizonsDays: readonly number[];
  /** Most probable segment and its probability; all probabilities rows × k. */
  readonly segment: Int32Array;
  readonly segmentProbability: Float64Array;
  readonly probabilities: Float64Array;
  readonly k: number;
  /** Expected purchase days and value (currency units, undiscounted) per horizon, in `horizonsDays` order; value is the stacked purchases × the Gamma-Gamma expected spend unless the pipeline's valueModel is "value-head". */
  readonly purchases: Float64Array[];
  readonly value: Float64Array[];
  /** Primary-BTYD-only expected purchases per horizon, for comparison. */
  readonly btydPurchases: Float64Array[];
  readonly intervals?: ClvIntervals;
}

/**
 * Predicts purchases and value over each horizon for every customer with a purchase by `asOf`: the base learners'
 * predictions at that horizon (BG/NBD and Pareto/NBD forecasts, learned ratios × the primary BTYD forecast) combined by
 * the non-negative meta-learner, so value at 30 days ≤ 90 ≤ 180 ≤ 365; with soft segments and, when the pipeline carries bootstrap replicates, prediction intervals.
 * @see https://doi.org/10.1007/BF00117832 (Breiman 1996, Stacked regressions)
 * @example const pred = predictClv(pipeline, log, { asOf: "1997-09-30", horizonsDays: [273] });
 */
export function predictClv(pipeline: ClvPipeline, log: TransactionLog, options: PredictClvOptions = {}): ClvPrediction {
  const horizons = options.horizonsDays ?? pipeline.horizonsDays;
  for (const h of horizons) if (!(h > 0) || !Number.isFinite(h)) throw new Error(`invalid horizon ${h} days: use positive numbers of days`);
  options.onProgress?.("score", 0, 1);
  const s = scoreInputs(pipeline, log, options.asOf);
  const purchases: Float64Array[] = [];
  const value: Float64Array[] = [];
  const btydPurchases: Float64Array[] = [];
  for (const h of horizons) {
    const z = stackAtHorizon(pipeline, s, h);
    purchases.push(combine(pipeline.purchases.meta, z.purchases));
    if (pipeline.valueModel === "value-head") value.push(combine(pipeline.value.meta, z.value));
    else {
      const p = purchases[purchases.length - 1]!;
      value.push(p.map((v, i) => v * z.spend[i]!));
    }
    btydPurchases.push(z.btydPurchases);
  }
  options.onProgress?.("score", 1, 1);
  const wantIntervals = options.intervals ?? pipeline.replicates.length > 0;
  const intervals = wantIntervals
    ? intervalsFromInputs(pipeline, s, {
        horizonDays: options.intervalHorizonDays ?? Math.max(...horizons),
        ...(options.levels ? { levels: options.levels } : {}),
        ...(options.draws ? { draws: options.draws } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
        onProgress: (d, t) => options.onProgress?.("intervals", d, t),
      })
    : undefined;
  return {
    customerIds: s.enc.customerIds,
    asOf: isoDate(s.asOfDay),
    horizonsDays: [...horizons],
    segment: s.segments.labels,
    segmentProbability: s.segments.maxProbability,
    probabilities: s.segments.probabilities,
    k: pipeline.gmm.k,
    purchases,
    value,
    btydPurchases,
    ...(intervals ? { intervals } : {}),
  };
}
