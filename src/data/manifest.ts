// The incremental-load manifest: which files (by path, size and SHA-256 of their content) a load has ingested.
// A file whose content hash was ingested before is skipped; a file that grew by appending is read from where
// the last load stopped; a file whose ingested part changed is an error (reloading it would double count).
import { closeSync, existsSync, openSync, readFileSync, readSync } from "node:fs";
import { createHash } from "node:crypto";
import { writeFileAtomic } from "../util/writeFileAtomic.js";

export interface ManifestEntry {
  size: number;
  sha256: string;
  /** Newlines in the ingested bytes (so a continuation reports true line numbers). */
  lines: number;
  /** Whether the ingested bytes ended with a newline (a continuation must start on a fresh line). */
  endsWithNewline: boolean;
  rows: number;
  ingestedAt: string;
}

export interface Manifest {
  version: 1;
  files: Record<string, ManifestEntry>;
}

export function readManifest(path: string): Manifest {
  if (!existsSync(path)) return { version: 1, files: {} };
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(path, "utf8")) as Manifest;
  } catch {
    throw new Error(`manifest ${path} is not valid JSON: restore it or delete it to ingest every file again`);
  }
  if (m.version !== 1 || typeof m.files !== "object" || m.files === null) throw new Error(`manifest ${path} has an unknown format: expected {"version":1,"files":{...}}`);
  return m;
}

export function writeManifest(path: string, m: Manifest): void {
  writeFileAtomic(path, JSON.stringify(m, null, 1) + "\n");
}

/** SHA-256, newline count and last byte of the first `limit` bytes of a file (all of it by default). */
export function fingerprint(path: string, limit = Infinity): { sha256: string; size: number; lines: number; endsWithNewline: boolean } {
  const hash = createHash("sha256");
  const fd = openSync(path, "r");
  const buf = Buffer.allocUnsafe(1 << 22);
  let size = 0, lines = 0, last = -1;
  try {
    for (;;) {
      const want = Math.min(buf.length, limit - size);
      if (want <= 0) break;
      const got = readSync(fd, buf, 0, want, size);
      if (got === 0) break;
      const part = buf.subarray(0, got);
      hash.update(part);
      let k = part.indexOf(10);
      while (k >= 0) {
        lines++;
        k = part.indexOf(10, k + 1);
      }
      last = part[got - 1]!;
      size += got;
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest("hex"), size, lines, endsWithNewline: last === 10 };
}

/** What to do with one file given the manifest. */
export type IngestPlan =
  | { action: "skip"; reason: "already_ingested"; full: ReturnType<typeof fingerprint>; rows: number }
  | { action: "read"; fromByte: number; fromLine: number; full: ReturnType<typeof fingerprint> };

export function planIngest(m: Manifest, key: string, label: string, manifestPath: string): IngestPlan {
  const full = fingerprint(key);
  for (const e of Object.values(m.files)) if (e.sha256 === full.sha256 && e.size === full.size) return { action: "skip", reason: "already_ingested", full, rows: e.rows };
  const prev = m.files[key];
  if (!prev) return { action: "read", fromByte: 0, fromLine: 1, full };
  if (full.size > prev.size && prev.endsWithNewline && fingerprint(key, prev.size).sha256 === prev.sha256) {
    return { action: "read", fromByte: prev.size, fromLine: prev.lines + 1, full };
  }
  throw new Error(`${label} changed since it was ingested on ${prev.ingestedAt} (its first ${prev.size} bytes differ): reloading it would count rows twice; append new rows at the end or put them in a new file, or remove its entry from ${manifestPath} to ingest it again`);
}
