/** The artefact format this clvlab writes and reads. Bump it when the payload layout changes. */
export const ARTIFACT_FORMAT_VERSION = 1;

/** Metadata stored with every artefact. */
export interface ArtifactMeta {
  /** Unique id: creation time (UTC, sortable) and a short hash, e.g. "20250101T120000123Z-3fa9c2d1". */
  readonly id: string;
  /** What the payload is, e.g. "clv-pipeline". */
  readonly kind: string;
  /** ISO timestamp of creation. */
  readonly createdAt: string;
  /** SHA-256 (hex) of the training data. */
  readonly trainingDataHash: string;
  /** Evaluation figures (holdout MAE, etc.), by name. */
  readonly metrics: Readonly<Record<string, number>>;
  readonly formatVersion: number;
  /** clvlab version that wrote it. */
  readonly writtenBy: string;
}

/** A stored artefact: metadata and payload (typed arrays survive the round trip). */
export interface Artifact<T = unknown> {
  readonly meta: ArtifactMeta;
  readonly payload: T;
  /** Directory the artefact was read from or written to. */
  readonly path: string;
}

/** How a stored model version came about. */
export type UpdateDecisionKind = "initial" | "skip" | "warm" | "full";

/** Lineage of one stored model version (monitored BTYD bundles and stacked pipelines kept current by updates). */
export interface ModelLineage {
  /** Artefact id of the version this one was refitted from (null for the first). */
  readonly parent: string | null;
  readonly decision: UpdateDecisionKind;
  readonly reason: string;
  /** SHA-256 of the transaction log it was fitted on (hashTransactionLog). */
  readonly dataHash: string;
  /** Training end of the last full (or first) fit: the model's age counts from it, warm updates keep it. */
  readonly fullFitEnd: string;
  /** What each part of the model started from in this fit, e.g. { mixture: "warm: …", trees: "cold: …" } (pipelines). */
  readonly components?: Readonly<Record<string, string>>;
}

/** Files a stored model has ingested (incremental-load manifest entries, by absolute path). */
export type IngestedFiles = Record<string, { size: number; sha256: string; lines: number; endsWithNewline: boolean; rows: number; ingestedAt: string }>;
