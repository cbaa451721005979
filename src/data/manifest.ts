// The incremental-load manifest: which files a load has ingested, each by its path and the size and SHA-256 of
// the bytes read (a prefix, when an unterminated last line was left for later). Identity is path + content: a
// file seen before with the same bytes is skipped; one that only grew (same prefix) is read from where the last
// load stopped; one whose ingested part changed is an error (reloading it would double count). The manifest is
// guarded by a lock file so that two loads never ingest the same file twice.
import { closeSync, existsSync, linkSync, openSync, readFileSync, readSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { createHash, type Hash } from "node:crypto";
import { writeFileAtomic } from "../util/writeFileAtomic.js";
import { isProcessAlive } from "../util/isProcessAlive.js";

export interface ManifestEntry {
  /** Bytes ingested (the whole file, or up to the end of its last complete line). */
  size: number;
  /** SHA-256 of those bytes. */
  sha256: string;
  /** Line breaks in the ingested bytes (so a continuation reports true line numbers). */
  lines: number;
  /** Whether the ingested bytes end with a line break (a continuation must start on a fresh line). */
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

/** SHA-256, size and line breaks (LF, CRLF or bare CR) of a file, whether it ends on one, and the SHA-256 of its first `mark` bytes. */
export function fingerprint(path: string, mark = -1): { sha256: string; size: number; lines: number; endsWithNewline: boolean; prefixSha256: string | undefined } {
  const hash = createHash("sha256");
  let prefix: Hash | undefined;
  const fd = openSync(path, "r");
  const buf = Buffer.allocUnsafe(1 << 22);
  let size = 0, lines = 0, prevCr = false, lastByte = -1;
  try {
    for (;;) {
      const want = mark > size ? Math.min(buf.length, mark - size) : buf.length;
      const got = readSync(fd, buf, 0, want, size);
      if (got === 0) break;
      const part = buf.subarray(0, got);
      hash.update(part);
      for (let i = 0; i < got; i++) {
        const c = part[i]!;
        if (c === 10) {
          if (!prevCr) lines++;
          prevCr = false;
        } else if (c === 13) {
          lines++;
          prevCr = true;
        } else prevCr = false;
      }
      size += got;
      lastByte = part[got - 1]!;
      if (size === mark) prefix = hash.copy();
    }
  } finally {
    closeSync(fd);
  }
  if (mark === 0) prefix = createHash("sha256");
  // The scan ends on the last byte: a line end there (or an empty file) means no unterminated last line.
  const endsWithNewline = size === 0 || lastByte === 10 || lastByte === 13;
  return { sha256: hash.digest("hex"), size, lines, endsWithNewline, prefixSha256: prefix?.digest("hex") };
}

/** A file's fingerprint (see {@link fingerprint}). */
export type Fingerprint = ReturnType<typeof fingerprint>;

/**
 * What to do with one file given the manifest; `toByte` is the size fingerprinted (bytes a producer adds later wait
 * for the next load); `full` is the whole file's fingerprint, taken once here.
 */
export type IngestPlan =
  | { action: "skip"; reason: "already_ingested"; rows: number; full: Fingerprint }
  | { action: "read"; fromByte: number; fromLine: number; toByte: number; sha256: string; full: Fingerprint };

/**
 * Plans one file. `appendable` is false for formats that cannot be continued at a byte (Parquet, gzip).
 * @example planIngest(readManifest("m.json"), "/data/a.csv", "a.csv", "m.json", true)
 */
export function planIngest(m: Manifest, key: string, label: string, manifestPath: string, appendable: boolean): IngestPlan {
  const prev = m.files[key];
  const full = fingerprint(key, prev ? prev.size : -1);
  if (!prev) return { action: "read", fromByte: 0, fromLine: 1, toByte: full.size, sha256: full.sha256, full };
  if (full.size === prev.size && full.sha256 === prev.sha256) return { action: "skip", reason: "already_ingested", rows: prev.rows, full };
  if (appendable && full.size > prev.size && prev.endsWithNewline && full.prefixSha256 === prev.sha256) {
    return { action: "read", fromByte: prev.size, fromLine: prev.lines + 1, toByte: full.size, sha256: full.sha256, full };
  }
  throw new Error(`${label} changed since it was ingested on ${prev.ingestedAt} (its first ${prev.size} bytes differ${appendable ? "" : ", and this format cannot be appended to"}): reloading it would count rows twice; append new rows at the end or put them in a new file, or remove its entry from ${manifestPath} to ingest it again`);
}

/** Options of {@link lockManifest}. */
export interface LockOptions {
  /** How long to wait for another load to finish, in milliseconds. Default 60000. */
  timeoutMs?: number;
  /** Called with a message when a stale lock (its process is gone) is removed. */
  onStale?: (message: string) => void;
}

/**
 * Takes the exclusive lock of a manifest: `<manifest>.lock`, created atomically (O_EXCL) with the holder's pid.
 * A lock whose process is gone is removed (with a message); a live one is waited for up to `timeoutMs`, then
 * the load fails naming the holder. Returns the release function.
 * @example const release = await lockManifest("ingested.json"); try { ... } finally { release(); }
 */
export async function lockManifest(manifestPath: string, options: LockOptions = {}): Promise<() => void> {
  const lock = `${manifestPath}.lock`;
  const timeout = options.timeoutMs ?? 60_000;
  const start = Date.now();
  let wait = 10;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = openSync(lock, "wx");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw new Error(`cannot create the lock file ${lock} (${(err as NodeJS.ErrnoException).code ?? String(err)}): the manifest's folder must be writable`);
    }
    if (fd !== undefined) {
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(lock);
        } catch {
          // already removed by hand: nothing to release
        }
      };
    }
    let text = "";
    try {
      text = readFileSync(lock, "utf8");
    } catch {
      continue; // released between our open and read: try again
    }
    const pid = Number.parseInt(text, 10);
    // A lock just created may not hold its pid yet: only a parsed pid of a dead process is stale.
    if (Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid)) {
      // Move the lock aside atomically and check it is still the stale one: two loads breaking it at once must not
      // delete a fresh lock another load took in between.
      const aside = `${lock}.${process.pid}.stale`;
      try {
        renameSync(lock, aside);
      } catch {
        continue; // another load moved it first
      }
      if (Number.parseInt(readFileSync(aside, "utf8"), 10) === pid) options.onStale?.(`removed the stale lock ${lock} of process ${pid}, which is no longer running`);
      else {
        try {
          linkSync(aside, lock); // a live lock taken by mistake: put it back
        } catch {
          // a newer lock is in place
        }
      }
      unlinkSync(aside);
      continue;
    }
    if (Date.now() - start >= timeout) {
      throw new Error(`manifest ${manifestPath} is locked by process ${Number.isInteger(pid) ? pid : "?"} (${lock}): another load is running; wait for it to finish, or delete ${lock} if no load is running`);
    }
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 200);
  }
}
