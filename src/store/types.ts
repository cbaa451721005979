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
