import { VERSION } from "../version.js";
import { createHash } from "node:crypto";
import { existsSync, rmdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "../util/writeFileAtomic.js";
import { encodeArtifactJson } from "./artifactJson.js";
import { ARTIFACT_FORMAT_VERSION, type Artifact, type ArtifactMeta } from "./types.js";

export interface SaveArtifactOptions {
  /** What the payload is. Default "clv-pipeline". */
  kind?: string;
  /** SHA-256 of the training data (see hashTransactionLog). */
  trainingDataHash: string;
  metrics?: Record<string, number>;
  /** Creation time; default now. */
  createdAt?: Date;
}


/**
 * Saves a payload as a versioned artefact `<store>/<id>/artifact.json` (metadata: id, createdAt, training-data hash,
 * metrics, format version) and points `<store>/latest` at it. Both files are written atomically (temporary file, then
 * rename), so a reader never sees half an artefact; when a write fails, the new artefact folder is removed again.
 * @see https://en.wikipedia.org/wiki/Atomicity_(database_systems)
 * @example const { meta } = saveArtifact("models", pipeline, { trainingDataHash: hashTransactionLog(log), metrics: { mae: 0.7 } });
 */
export function saveArtifact<T>(store: string, payload: T, options: SaveArtifactOptions): Artifact<T> {
  if (!/^[0-9a-f]{16,}$/.test(options.trainingDataHash)) throw new Error(`invalid trainingDataHash ${JSON.stringify(options.trainingDataHash)}: use the hex digest from hashTransactionLog`);
  const created = options.createdAt ?? new Date();
  const createdAt = created.toISOString();
  const body = encodeArtifactJson(payload);
  const short = createHash("sha256").update(options.trainingDataHash).update(createdAt).update(body).digest("hex").slice(0, 8);
  const stamp = createdAt.replace(/[-:.]/g, "");
  let id = `${stamp}-${short}`;
  for (let i = 2; existsSync(join(store, id)); i++) id = `${stamp}-${short}-${i}`;
  for (const [k, v] of Object.entries(options.metrics ?? {})) if (typeof v !== "number") throw new Error(`metric ${k} is ${typeof v}: metrics must be numbers`);
  const meta: ArtifactMeta = {
    id,
    kind: options.kind ?? "clv-pipeline",
    createdAt,
    trainingDataHash: options.trainingDataHash,
    metrics: { ...(options.metrics ?? {}) },
    formatVersion: ARTIFACT_FORMAT_VERSION,
    writtenBy: `clvlab ${VERSION}`,
  };
  const dir = resolve(store, id);
  const storeExisted = existsSync(store);
  try {
    // Payload text is spliced in as already-encoded JSON (the metadata stays readable at the top of the file).
    writeFileAtomic(join(dir, "artifact.json"), `{"meta":${JSON.stringify(meta)},\n"payload":${body}}\n`);
    writeFileAtomic(join(store, "latest"), `${id}\n`);
  } catch (err) {
    // A failed save (no space, read-only disk ...) leaves nothing behind: not an empty or unreferenced <store>/<id>/.
    rmSync(dir, { recursive: true, force: true });
    if (!storeExisted) {
      try {
        rmdirSync(store); // only while empty: never someone else's files
      } catch {
        /* not empty: keep it */
      }
    }
    throw err;
  }
  return { meta, payload, path: dir };
}
