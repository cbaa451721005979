import type { Severity } from "./severity.js";

/** Update policy: "auto" decides; "warm" and "full" force the kind of refit (still skipping when nothing is new). */
export type UpdatePolicy = "auto" | "warm" | "full";

/** What the decision rests on. */
export interface UpdateEvidence {
  /** Whether a stored model exists. */
  hasModel: boolean;
  /** Data files new or grown since the stored model (from the manifest). */
  newFiles: number;
  /** Purchase rows dated after the model's training end. */
  newTransactions: number;
  /** Purchase rows the model was trained on. */
  trainingTransactions: number;
  /** Days from the last full fit's training end to the end of the new data. */
  modelAgeDays: number;
  /** Worst alerting feature drift since the training end, and the realized-vs-predicted status (null when not monitored). */
  driftStatus: Severity | null;
  trackingStatus: Severity | null;
}

/** Thresholds of the auto policy. */
export interface UpdatePolicyOptions {
  /** Fewer new purchase rows than this skip the update (default: the larger of 100 and 1 % of the training rows). */
  minNewTransactions?: number;
  /** A model whose last full fit is older than this (days) gets a full refit (default 365). */
  maxAgeDays?: number;
}

/** The decision and why. */
export interface UpdateDecision {
  readonly decision: "skip" | "warm" | "full";
  readonly reason: string;
}

const POLICIES = ["auto", "warm", "full"] as const;
/** Validates the policy option. */
export function checkPolicy(p: string): asserts p is UpdatePolicy {
  if (!(POLICIES as readonly string[]).includes(p)) throw new Error(`invalid policy ${JSON.stringify(p)}: use auto, warm or full`);
}

/**
 * Decides how to keep a model current: `skip` when no file is new or grown, or fewer new purchase rows than the
 * threshold arrived (auto only); `full` when there is no model, the drift or tracking status is major, the tracking
 * alarm is raised (moderate or major: reality has left the forecast), or the last full fit is older than `maxAgeDays`;
 * otherwise `warm` (refit from the stored parameters and curvature). Policies "warm" and "full" force the refit kind
 * whenever anything is new.
 * @see docs/monitoring.md (the update policy)
 * @example decideUpdate("auto", { hasModel: true, newFiles: 1, newTransactions: 900, trainingTransactions: 20000, modelAgeDays: 90, driftStatus: "none", trackingStatus: "none" }) // warm
 */
export function decideUpdate(policy: UpdatePolicy, e: UpdateEvidence, options: UpdatePolicyOptions = {}): UpdateDecision {
  checkPolicy(policy);
  const minNew = options.minNewTransactions ?? Math.max(100, Math.ceil(0.01 * e.trainingTransactions));
  const maxAge = options.maxAgeDays ?? 365;
  if (!(minNew >= 0)) throw new Error(`invalid minNewTransactions ${minNew}: use a number >= 0`);
  if (!(maxAge > 0)) throw new Error(`invalid maxAgeDays ${maxAge}: use a positive number of days`);
  if (!e.hasModel) return { decision: "full", reason: "no stored model: first fit" };
  if (e.newFiles === 0) return { decision: "skip", reason: "no new data: every file was ingested before (manifest)" };
  if (e.newTransactions === 0) return { decision: "skip", reason: "no purchases after the training end in the new data" };
  if (policy === "warm") return { decision: "warm", reason: `policy warm: ${e.newTransactions} new purchases` };
  if (policy === "full") return { decision: "full", reason: `policy full: ${e.newTransactions} new purchases` };
  if (e.newTransactions < minNew) return { decision: "skip", reason: `${e.newTransactions} new purchases, below the threshold of ${minNew}` };
  if (e.driftStatus === "major") return { decision: "full", reason: "major input or prediction drift since the training end" };
  if (e.trackingStatus && e.trackingStatus !== "none") return { decision: "full", reason: `tracking alarm (${e.trackingStatus}): actual repeat purchases left the forecast band` };
  if (e.modelAgeDays > maxAge) return { decision: "full", reason: `last full fit ${Math.round(e.modelAgeDays)} days old, beyond ${maxAge}` };
  return { decision: "warm", reason: `${e.newTransactions} new purchases, no major drift, no tracking alarm${e.driftStatus === "moderate" ? " (moderate drift: review the report)" : ""}` };
}
