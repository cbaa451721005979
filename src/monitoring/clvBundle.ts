import { MODEL_IDS, type BaseLearnerName } from "../models/modelIds.js";
import type { TimeUnit, TransactionLog } from "../data/types.js";
import { fitBgNbd } from "../models/bgNbd.js";
import type { FitOptions } from "../models/fitReport.js";
import type { ModelJson } from "../models/fittedModel.js";
import { fitGammaGamma, type GammaGammaModel } from "../models/gammaGamma.js";
import { loadModel, type PurchaseModel } from "../models/loadModel.js";
import { fitParetoNbd } from "../models/paretoNbd.js";
import { summarizeCustomers, type CustomerSummaryWithReport } from "../summaries/summarizeCustomers.js";
import { isoDate } from "../time/dayNumber.js";
import type { IngestedFiles, ModelLineage, UpdateDecisionKind as StoreDecisionKind } from "../store/types.js";

/** How an update came about. */
export type UpdateDecisionKind = StoreDecisionKind;

/** Lineage of one stored model version. */
export type BundleLineage = ModelLineage;

/** A monitored CLV model as stored (kind "clv-btyd-bundle"): purchase and spend models, their curvature for warm starts, training window and ingested files. */
export interface ClvBundle {
  readonly kind: "clv-btyd-bundle";
  readonly purchaseModel: ModelJson;
  readonly spendModel: ModelJson | null;
  /** Inverse Hessians of the mean objective in log-parameters (warm starts), row-major. */
  readonly purchaseInverseHessian: number[] | null;
  readonly spendInverseHessian: number[] | null;
  readonly timeUnit: TimeUnit;
  /** First and last day of the training data, ISO. */
  readonly trainingStart: string;
  readonly trainingEnd: string;
  readonly customers: number;
  /** Purchase rows (amount ≥ 0) up to the training end. */
  readonly transactions: number;
  /** Files ingested so far (incremental-load manifest entries, by absolute path). */
  readonly files: IngestedFiles;
  readonly lineage: BundleLineage;
  /** Likelihood evaluations of the fits that made this version (full data; subsample pre-fit apart). */
  readonly fitEvaluations: { purchase: number; purchaseSubsample: number; spend: number };
}

/** Options of {@link trainClvBundle}. */
export interface TrainClvBundleOptions {
  /** Unit of recency, T and rates (default "weeks"). */
  timeUnit?: TimeUnit;
  /** Last training day, ISO (default: the last day in the log). Later rows are left out. */
  trainingEnd?: string;
  /** Purchase model: "bg-nbd" (default) or "pareto-nbd". */
  model?: BaseLearnerName;
  /** Warm start from a stored bundle: its parameters and curvature start the fits. */
  warmFrom?: ClvBundle;
  /** Lineage to record (default: an initial fit with no parent). */
  lineage?: BundleLineage;
  files?: ClvBundle["files"];
}

const MODELS = [MODEL_IDS.bgNbd, MODEL_IDS.paretoNbd] as const;
function checkModel(m: string): void {
  if (!(MODELS as readonly string[]).includes(m)) throw new Error(`invalid model ${JSON.stringify(m)}: use bg-nbd or pareto-nbd`);
}

/**
 * Fits the monitored CLV model: a BG/NBD (or Pareto/NBD) purchase model and a Gamma-Gamma spend model on the
 * customer summary at the training end, and keeps what monitoring and warm-started updates need: the training
 * window, the inverse Hessians at the optimum, and the lineage. With `warmFrom`, both fits start from the stored
 * parameters and curvature (quasi-Newton from a point a few Newton steps from the new optimum).
 * @see Fader, Hardie & Lee (2005), "Counting your customers the easy way", Marketing Science 24(2); Nocedal & Wright (2006), ch. 6 (BFGS with a given initial inverse Hessian)
 * @example const bundle = trainClvBundle(log, { timeUnit: "weeks", trainingEnd: "2024-06-30" });
 */
export function trainClvBundle(log: TransactionLog, options: TrainClvBundleOptions = {}): ClvBundle {
  const timeUnit = options.timeUnit ?? options.warmFrom?.timeUnit ?? "weeks";
  const model = options.model ?? (options.warmFrom?.purchaseModel.model as BaseLearnerName | undefined) ?? MODEL_IDS.bgNbd;
  checkModel(model);
  const summary = summarizeCustomers(log, { timeUnit, ...(options.trainingEnd ? { observationEnd: options.trainingEnd } : {}) });
  if (summary.customerId.length === 0) throw new Error(`no customers with a purchase on or before ${summary.observationEnd}: give a later training end or more data`);
  const warm = options.warmFrom;
  const purchaseOpts: FitOptions = warm && warm.purchaseModel.model === model ? { initialParams: warm.purchaseModel.params, ...(warm.purchaseInverseHessian ? { initialInverseHessian: warm.purchaseInverseHessian } : {}) } : {};
  const purchase = model === MODEL_IDS.bgNbd ? fitBgNbd(summary, purchaseOpts) : fitParetoNbd(summary, purchaseOpts);
  let spend: GammaGammaModel | null = null;
  try {
    const spendOpts: FitOptions = warm?.spendModel ? { initialParams: warm.spendModel.params, ...(warm.spendInverseHessian ? { initialInverseHessian: warm.spendInverseHessian } : {}) } : {};
    spend = fitGammaGamma(summary, spendOpts);
  } catch {
    // Too few repeat buyers with positive spend: CLV uses each customer's mean spend instead (see predictionFeatures).
    spend = null;
  }
  let first = Infinity;
  for (let i = 0; i < summary.firstPurchase.length; i++) first = Math.min(first, summary.firstPurchase[i]!);
  return {
    kind: "clv-btyd-bundle",
    purchaseModel: purchase.toJSON(),
    spendModel: spend ? spend.toJSON() : null,
    purchaseInverseHessian: purchase.inverseHessianLog ? [...purchase.inverseHessianLog] : null,
    spendInverseHessian: spend?.inverseHessianLog ? [...spend.inverseHessianLog] : null,
    timeUnit,
    trainingStart: isoDate(first),
    trainingEnd: summary.observationEnd,
    customers: summary.customerId.length,
    transactions: summary.report.purchaseRows,
    files: options.files ?? {},
    lineage: options.lineage ?? { parent: null, decision: "initial", reason: "first fit", dataHash: "", fullFitEnd: summary.observationEnd },
    fitEvaluations: { purchase: purchase.likelihoodEvaluations ?? 0, purchaseSubsample: purchase.subsampleEvaluations ?? 0, spend: spend?.likelihoodEvaluations ?? 0 },
  };
}

/** The bundle's fitted models, rebuilt (internal). */
export function bundleModels(bundle: ClvBundle): { purchase: PurchaseModel; spend: GammaGammaModel | null } {
  if (!bundle || bundle.kind !== "clv-btyd-bundle") throw new Error(`not a monitored CLV model (kind ${JSON.stringify((bundle as { kind?: unknown })?.kind)}): train one with trainClvBundle or \`clvlab update --policy full\``);
  return { purchase: loadModel(bundle.purchaseModel) as PurchaseModel, spend: bundle.spendModel ? (loadModel(bundle.spendModel) as GammaGammaModel) : null };
}

/** Summary at a day (internal, shared by features and tracking). */
export function summaryAt(log: TransactionLog, timeUnit: TimeUnit, asOf: string): CustomerSummaryWithReport {
  return summarizeCustomers(log, { timeUnit, observationEnd: asOf });
}
