import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { decodeArtifactJson } from "./artifactJson.js";
import { ARTIFACT_FORMAT_VERSION, type Artifact, type ArtifactMeta } from "./types.js";

/**
 * Loads an artefact written by saveArtifact. `path` may be the store directory or `<store>/latest` (both resolve to the
 * newest artefact), an artefact directory `<store>/<id>`, or its `artifact.json`. An unknown format version is an error
 * that says how to fix it.
 * @see https://semver.org/ (format versions change only with an incompatible layout)
 * @example const { meta, payload } = loadArtifact("models/latest");
 */
export function loadArtifact<T = unknown>(path: string): Artifact<T> {
  const file = resolveArtifactFile(path);
  let parsed: { meta?: ArtifactMeta; payload?: unknown };
  try {
    parsed = decodeArtifactJson(readFileSync(file, "utf8")) as typeof parsed;
  } catch (err) {
    throw new Error(`cannot read artefact ${file}: ${err instanceof Error ? err.message : String(err)}; the file is damaged: retrain with \`clvlab train\``);
  }
  const meta = parsed.meta;
  if (!meta || typeof meta.formatVersion !== "number") throw new Error(`${file} is not a clvlab artefact (no meta.formatVersion): point --model at a directory written by \`clvlab train\``);
  if (meta.formatVersion !== ARTIFACT_FORMAT_VERSION)
    throw new Error(
      `unsupported artefact format version ${meta.formatVersion} in ${file}: this clvlab reads version ${ARTIFACT_FORMAT_VERSION}; ` +
        (meta.formatVersion > ARTIFACT_FORMAT_VERSION ? "upgrade clvlab or retrain with this version" : "retrain with `clvlab train`"),
    );
  return { meta, payload: parsed.payload as T, path: dirname(file) };
}

function resolveArtifactFile(path: string): string {
  if (!existsSync(path)) {
    if (basename(path) === "latest" && existsSync(dirname(path))) return newestIn(dirname(path), path);
    throw new Error(`no artefact at ${path}: train one with \`clvlab train ... --out ${basename(path) === "latest" ? dirname(path) : path}\``);
  }
  const st = statSync(path);
  if (st.isFile()) {
    if (basename(path) === "latest") {
      const id = readFileSync(path, "utf8").trim();
      const file = join(dirname(path), id, "artifact.json");
      if (!id || !existsSync(file)) throw new Error(`${path} points to ${JSON.stringify(id)}, which has no artifact.json: retrain, or edit latest to name an existing artefact`);
      return file;
    }
    return path;
  }
  if (existsSync(join(path, "artifact.json"))) return join(path, "artifact.json");
  if (existsSync(join(path, "latest"))) return resolveArtifactFile(join(path, "latest"));
  return newestIn(path, path);
}

/** Newest artefact in a store by id (ids start with the UTC creation time, so they sort by age). */
function newestIn(store: string, asked: string): string {
  const ids = readdirSync(store)
    .filter((d) => existsSync(join(store, d, "artifact.json")))
    .sort();
  if (!ids.length) throw new Error(`no artefact in ${store} (asked for ${asked}): train one with \`clvlab train ... --out ${store}\``);
  return join(store, ids[ids.length - 1]!, "artifact.json");
}
