import type { BtydFit, BtydModelName } from "./btydBase.js";
import type { LevelCurve } from "./calibrateLevels.js";
import type { FeatureNormalization } from "../features/encodeSequences.js";
import type { BoostedTrees } from "../learners/fitBoostedTrees.js";
import type { LinearModel } from "../learners/fitRidge.js";
import type { SegmentProfile } from "../segments/segmentProfiles.js";
import type { BicPoint } from "../segments/selectGmmByBic.js";
import type { GmmModel } from "../types.js";
import type { IngestedFiles, ModelLineage } from "../../store/types.js";

/**
 * Names of the stacked predictor's base learners, in the meta-learner's column order: the primary BTYD model, the other
 * BTYD model (BG/NBD or Pareto/NBD, always × Gamma-Gamma for value), and three learners of the ratio to the primary
 * BTYD forecast (ridge, per-segment ridge, Poisson boosted trees with the log BTYD forecast as offset).
 */
export const BASE_LEARNERS = ["btyd", "btyd_other", "ridge", "segment_ridge", "boosted_trees"] as const;

/** One stacked head (purchases or value): learners of the ratio to the primary BTYD forecast and the meta-learner. */
export interface StackedHead {
  readonly ridge: LinearModel;
  /** One ridge per segment, fitted with the soft segment probabilities as row weights. */
  readonly segments: LinearModel[];
  /** Poisson-deviance trees (log link) of the ratio; predict with offset 0 to get the ratio. */
  readonly trees: BoostedTrees;
  /** Non-negative meta-learner weights over BASE_LEARNERS, fitted on K-fold out-of-fold predictions only. */
  readonly meta: Float64Array;
  /** Out-of-fold mean absolute error of each base learner and of the stack, on the inner split. */
  readonly oofMae: Record<string, number>;
}

/** Parameters refitted on one bootstrap resample of customers. */
export interface BootstrapReplicate {
  readonly btyd: BtydFit;
  readonly purchases: { ridge: Float64Array; segments: Float64Array; meta: Float64Array };
  readonly value: { ridge: Float64Array; segments: Float64Array; meta: Float64Array };
}

/** A trained segment-aware stacked CLV predictor: plain data, saved by saveArtifact. */
export interface ClvPipeline {
  readonly kind: "clv-pipeline";
  /** Last calibration day used for training, ISO date. */
  readonly calibrationEnd: string;
  /** Earliest inner origin, ISO date: training targets cover (origin, calibrationEnd] for each inner horizon. */
  readonly innerOrigin: string;
  /** Longest inner horizon, days. */
  readonly innerHorizonDays: number;
  /** Every inner horizon (one rolling origin each), days. */
  readonly innerHorizonsDays: number[];
  /**
   * How value is forecast: "purchases-x-spend" (stacked purchases × the primary BTYD fit's Gamma-Gamma expected spend per
   * purchase) or "value-head" (the value head's own stack). Absent in older pipelines: "value-head".
   */
  readonly valueModel?: "purchases-x-spend" | "value-head";
  /** Coverage of the BTYD predictive intervals measured on each inner window (for recalibrating the interval levels); absent: no recalibration. */
  readonly levelCurves?: LevelCurve[];
  /** Horizon in days of the seasonal lag features (purchases and spend in the same window a year earlier), when the learners use them. */
  readonly seasonalLagDays?: number;
  /** How the learned ratios fade for customers older than every training customer (a stack trained on a year-long window: ratioFadeOf); absent: they do not. */
  readonly ratioFade?: "prior-share";
  /** Columns of the design matrix (encoder features, then BTYD features) the learners use: the covariate-shift guard's choice. Absent in older pipelines: all. */
  readonly learnerColumns?: number[];
  readonly learnerFeatures?: string[];
  /** Horizons of the output table, in days. */
  readonly horizonsDays: number[];
  readonly halfLifeDays: number;
  readonly normalization: FeatureNormalization;
  /** Encoder features the mixture uses (column indices). */
  readonly segmentColumns: number[];
  readonly gmm: GmmModel;
  readonly bicCurve: BicPoint[];
  readonly profiles: SegmentProfile[];
  readonly btydModel: BtydModelName;
  /** BTYD fitted on the whole calibration period (scoring time): the primary model and the other one. */
  readonly btyd: BtydFit;
  readonly btydOther: BtydFit;
  readonly purchases: StackedHead;
  readonly value: StackedHead;
  readonly replicates: BootstrapReplicate[];
  readonly trainingCustomers: number;
  readonly scoringCustomers: number;
  readonly metrics: Record<string, number>;
  readonly warnings: string[];
  /** What each part started from: "cold" fits, or "warm" starts from a stored pipeline (trainClvPipeline's warmStart). Absent in older pipelines. */
  readonly fitOrigin?: Readonly<Record<string, string>>;
  /** First purchase day of the training customers, ISO. Absent in older pipelines. */
  readonly trainingStart?: string;
  /** Purchase rows (amount ≥ 0) on or before the calibration end. Absent in older pipelines. */
  readonly trainingTransactions?: number;
  /** Set by `clvlab update` (updateModel): the files ingested and the version's lineage. Absent in a pipeline from `clvlab train`. */
  readonly files?: IngestedFiles;
  readonly lineage?: ModelLineage;
}
