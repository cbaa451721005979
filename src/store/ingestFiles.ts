import { resolve } from "node:path";
import type { TransactionLog } from "../data/types.js";
import { planIngest, type Manifest } from "../data/manifest.js";
import type { IngestedFiles } from "./types.js";

/**
 * The manifest a stored model keeps of the files it was fitted on: each file of the loaded log fingerprinted (size,
 * SHA-256, lines) against the entries of the previous version; a file not seen before, or grown by appending, counts as
 * new; a file whose ingested part changed is an error (reloading it would count rows twice). The model was fitted on
 * every file as loaded, so every file is recorded whole.
 * @see src/data/manifest.ts (the incremental-load manifest the fingerprints come from)
 * @example const { files, newFiles } = ingestFiles(log, stored.payload.files ?? {}, "models");
 */
export function ingestFiles(log: TransactionLog, previous: IngestedFiles, store: string, now: Date = new Date()): { files: IngestedFiles; newFiles: number } {
  const manifest: Manifest = { version: 1, files: { ...previous } };
  const at = now.toISOString();
  let newFiles = 0;
  for (const f of log.report.files ?? []) {
    const key = resolve(f.file);
    const plan = planIngest(manifest, key, f.file, `${store} (stored model manifest)`, !/\.(parquet|gz)$/i.test(key));
    if (plan.action === "read") newFiles++;
    const full = plan.full;
    manifest.files[key] = { size: full.size, sha256: full.sha256, lines: full.lines, endsWithNewline: full.endsWithNewline, rows: f.rowsRead, ingestedAt: plan.action === "read" ? at : (manifest.files[key]?.ingestedAt ?? at) };
  }
  return { files: manifest.files as IngestedFiles, newFiles };
}
