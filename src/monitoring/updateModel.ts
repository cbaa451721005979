import { MODEL_IDS, type BaseLearnerName } from "../models/modelIds.js";
import { loadTransactions } from "../data/loadTransactions.js";
import { ingestFiles } from "../store/ingestFiles.js";
import { loadArtifact } from "../store/loadArtifact.js";
import { hashTransactionLog } from "../store/hashTransactionLog.js";
import { saveArtifact } from "../store/saveArtifact.js";
import type { Artifact } from "../store/types.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";
import { bundleModels, trainClvBundle, type ClvBundle } from "./clvBundle.js";
import { checkPolicy, decideUpdate, type UpdateDecision, type UpdatePolicy, type UpdatePolicyOptions } from "./decideUpdate.js";
import { monitorModel, type MonitoringSnapshot } from "./monitorModel.js";
import type { TimeUnit, TransactionLog } from "../data/types.js";
import type { ClvPipeline } from "../segmentation/predictor/pipelineTypes.js";
import { trainClvPipeline } from "../segmentation/predictor/trainClvPipeline.js";
import { SEQUENCE_FEATURES } from "../segmentation/features/encodeSequences.js";

/** Options of {@link updateModel}. */
export interface UpdateModelOptions extends UpdatePolicyOptions {
  /** "auto" (default), "warm" or "full". */
  policy?: UpdatePolicy;
  /** For a first fit (empty store): time unit (default "weeks") and purchase model (default "bg-nbd"). */
  timeUnit?: TimeUnit;
  model?: BaseLearnerName;
  /** Creation time of the new version (default now). */
  createdAt?: Date;
  /** Seed of a stacked pipeline's refit (mixture starts, folds, bootstrap; default 0). */
  seed?: number;
}

/** What an update did; `M` is the stored model's kind (like loadArtifact's type parameter, the caller names it). */
export interface UpdateResult<M extends ClvBundle | ClvPipeline = ClvBundle> extends UpdateDecision {
  /** The stored version the update started from (absent for a first fit). */
  readonly parent?: string;
  /** The new version (absent when skipped). */
  readonly artifact?: Artifact<M>;
  /** Monitoring of the stored model on the new data, when there was new data to monitor. */
  readonly snapshot?: MonitoringSnapshot;
  readonly newFiles: number;
  readonly newTransactions: number;
}

/**
 * Keeps a stored CLV model current: reads the transaction files (the full history plus anything new), finds what is
 * new through the stored manifest (file fingerprints: new files, files grown by appending), monitors the stored model
 * on the new data, decides skip / warm / full (see decideUpdate), refits, and saves a new version in the store with
 * its parent, the data hash, the decision, the reason and the metrics (log-likelihood, likelihood evaluations,
 * drift and tracking figures). A warm refit starts from the stored parameters and curvature and reaches the same
 * optimum as a cold fit. The stored model is a monitored BTYD bundle, or a stacked segmentation pipeline
 * (`clvlab train`), which is refitted with its own settings — warm: BTYD from the stored parameters, the mixture's EM
 * from the stored mixture with k kept, ridge and meta-learners refitted, trees cold (`lineage.components` says which);
 * full: cold, k chosen again by BIC. An empty store gets a first BTYD bundle.
 * @see docs/monitoring.md (the update policy and how to schedule it)
 * @example const r = await updateModel("models", ["data/transactions/"], { policy: "auto" }); r.decision
 */
export async function updateModel<M extends ClvBundle | ClvPipeline = ClvBundle>(store: string, sources: readonly string[], options: UpdateModelOptions = {}): Promise<UpdateResult<M>> {
  const policy = options.policy ?? "auto";
  checkPolicy(policy);
  if (!sources.length) throw new Error("no transaction files given: pass the folder or files holding the history and the new data");
  let stored: Artifact<ClvBundle | ClvPipeline> | undefined;
  try {
    stored = loadArtifact<ClvBundle | ClvPipeline>(store);
  } catch (e) {
    if (!/^no artefact/.test((e as Error).message)) throw e;
  }
  const pipeline = stored?.payload?.kind === "clv-pipeline" ? stored.payload : undefined;
  if (stored && !pipeline) bundleModels(stored.payload as ClvBundle); // checks the kind
  const log = await loadTransactions([...sources]);
  // New data through the manifest: fingerprints of the files the stored version ingested.
  const { files, newFiles } = ingestFiles(log, stored?.payload.files ?? {}, store, options.createdAt);
  let lastDay = -Infinity;
  for (let i = 0; i < log.length; i++) if (log.day[i]! > lastDay) lastDay = log.day[i]!;
  const bundle = pipeline ? undefined : (stored?.payload as ClvBundle | undefined);
  const model = pipeline ?? bundle;
  const trainingEnd = pipeline ? pipeline.calibrationEnd : bundle?.trainingEnd;
  let newTransactions = 0, trainingTransactions = 0;
  if (trainingEnd) {
    const end = dayNumber(trainingEnd);
    for (let i = 0; i < log.length; i++) {
      if (log.amount[i]! < 0) continue;
      if (log.day[i]! > end) newTransactions++;
      else trainingTransactions++;
    }
  } else for (let i = 0; i < log.length; i++) if (log.amount[i]! >= 0) newTransactions++;
  let snapshot: MonitoringSnapshot | undefined;
  if (model && newFiles > 0 && newTransactions > 0) snapshot = monitorModel(model, log, { modelId: stored!.meta.id, createdAt: options.createdAt });
  const fullFitEnd = pipeline ? (pipeline.lineage?.fullFitEnd ?? pipeline.calibrationEnd) : bundle ? (bundle.lineage.fullFitEnd ?? bundle.trainingEnd) : undefined;
  const decision = decideUpdate(
    policy,
    {
      hasModel: !!model,
      newFiles,
      newTransactions,
      // A pipeline from an older clvlab stores no training count: the log's purchases up to its calibration end.
      trainingTransactions: pipeline ? (pipeline.trainingTransactions ?? trainingTransactions) : (bundle?.transactions ?? 0),
      modelAgeDays: fullFitEnd ? lastDay - dayNumber(fullFitEnd) : 0,
      driftStatus: snapshot ? worst(snapshot.features.filter((f) => f.alerting).map((f) => f.status)) : null,
      trackingStatus: snapshot ? snapshot.tracking.status : null,
    },
    options,
  );
  const base = { ...decision, newFiles, newTransactions, ...(stored ? { parent: stored.meta.id } : {}), ...(snapshot ? { snapshot } : {}) };
  if (decision.decision === "skip") return base;
  const dataHash = hashTransactionLog(log);
  const newEnd = isoDate(lastDay);
  const lineage = {
    parent: stored?.meta.id ?? null,
    decision: model ? decision.decision : ("initial" as const),
    reason: decision.reason,
    dataHash,
    fullFitEnd: decision.decision === "full" || !fullFitEnd ? newEnd : fullFitEnd,
  };
  if (pipeline) {
    const next = refitPipeline(pipeline, log, newEnd, decision.decision === "warm", options.seed ?? 0);
    const payload: ClvPipeline = { ...next, files, lineage: { ...lineage, components: next.fitOrigin ?? {} } };
    const metrics: Record<string, number> = {
      ...next.metrics,
      mixture_log_likelihood_per_row: next.gmm.logLikelihood / next.gmm.rows,
      customers: next.scoringCustomers,
      new_transactions: newTransactions,
      ...snapshotMetrics(snapshot),
    };
    const artifact = saveArtifact(store, payload, { kind: "clv-pipeline", trainingDataHash: dataHash, metrics, ...(options.createdAt ? { createdAt: options.createdAt } : {}) });
    return { ...base, decision: decision.decision, artifact: artifact as unknown as Artifact<M> };
  }
  const next = trainClvBundle(log, {
    timeUnit: bundle?.timeUnit ?? options.timeUnit ?? "weeks",
    model: (bundle?.purchaseModel.model as BaseLearnerName | undefined) ?? options.model ?? MODEL_IDS.bgNbd,
    trainingEnd: newEnd,
    ...(decision.decision === "warm" && bundle ? { warmFrom: bundle } : {}),
    files,
    lineage,
  });
  const metrics: Record<string, number> = {
    log_likelihood: next.purchaseModel.logLikelihood ?? NaN,
    likelihood_evaluations: next.fitEvaluations.purchase,
    subsample_evaluations: next.fitEvaluations.purchaseSubsample,
    customers: next.customers,
    new_transactions: newTransactions,
    ...snapshotMetrics(snapshot),
  };
  const artifact = saveArtifact(store, next, { kind: "clv-btyd-bundle", trainingDataHash: dataHash, metrics, ...(options.createdAt ? { createdAt: options.createdAt } : {}) });
  return { ...base, decision: decision.decision, artifact: artifact as unknown as Artifact<M> };
}

function worst(levels: readonly ("none" | "moderate" | "major")[]): "none" | "moderate" | "major" {
  return levels.includes("major") ? "major" : levels.includes("moderate") ? "moderate" : "none";
}


/** Drift and tracking figures of the monitoring that preceded an update, recorded with the new version. */
function snapshotMetrics(snapshot: MonitoringSnapshot | undefined): Record<string, number> {
  if (!snapshot) return {};
  return {
    max_psi: Math.max(...snapshot.features.filter((f) => f.alerting).map((f) => f.statistics.psi)),
    tracking_error: snapshot.tracking.trackingError,
    consecutive_outside: snapshot.tracking.consecutiveOutside,
  };
}

/**
 * Refits a stored stacked pipeline to a new calibration end with its own settings (BTYD model, horizons, inner
 * horizons, half-life, segment features, covariance type, replicates); warm: from its stored state (trainClvPipeline's
 * warmStart), full: cold, with k chosen again by BIC.
 */
function refitPipeline(p: ClvPipeline, log: TransactionLog, calibrationEnd: string, warm: boolean, seed: number): ClvPipeline {
  return trainClvPipeline(log, {
    calibrationEnd,
    btydModel: p.btydModel,
    horizonsDays: [...p.horizonsDays],
    innerHorizonsDays: [...p.innerHorizonsDays],
    halfLifeDays: p.halfLifeDays,
    segmentFeatures: p.segmentColumns.map((j) => SEQUENCE_FEATURES[j]!),
    covariance: p.gmm.covariance,
    replicates: p.replicates.length,
    seed,
    ...(warm ? { warmStart: p } : {}),
  });
}
