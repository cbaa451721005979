// Versioned model store. One export line per public function.
export type { Artifact, ArtifactMeta, ModelLineage, IngestedFiles } from "./types.js";
export { ARTIFACT_FORMAT_VERSION } from "./types.js";
export type { SaveArtifactOptions } from "./saveArtifact.js";
export { saveArtifact } from "./saveArtifact.js";
export { loadArtifact } from "./loadArtifact.js";
export { hashTransactionLog } from "./hashTransactionLog.js";
export { ingestFiles } from "./ingestFiles.js";
