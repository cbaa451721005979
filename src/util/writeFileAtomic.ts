import { chmodSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { describeWriteError } from "./describeWriteError.js";
import { isProcessAlive } from "./isProcessAlive.js";

/** Options of writeFileAtomic. */
export interface WriteFileAtomicOptions {
  /**
   * Permission bits of the written file (e.g. 0o644 for reports others read), applied regardless of the umask.
   * Default: a file that already exists keeps its mode; a new one gets the umask's default (0o666 & ~umask).
   */
  mode?: number;
}

/** Follows symbolic links (also dangling ones) to the path they finally name; more than 40 hops is a loop. */
function followLinks(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch {
      return p; // absent (or a dangling link's target): written as a new file
    }
    if (!st.isSymbolicLink()) return p;
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw Object.assign(new Error(`symbolic-link loop at ${path}`), { code: "ELOOP" });
}

/** Removes `.<name>.<pid>.<ts>.tmp` files beside the target whose writing process is gone (killed mid-write). */
function removeStaleTemps(dir: string, name: string): void {
  const prefix = `.${name}.`;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const f of entries) {
    if (!f.startsWith(prefix) || !f.endsWith(".tmp")) continue;
    const m = /^(\d+)\.(\d+)\.tmp$/.exec(f.slice(prefix.length));
    if (!m || Number(m[1]) === process.pid || isProcessAlive(Number(m[1]))) continue;
    rmSync(join(dir, f), { force: true });
  }
}

/**
 * Writes a file atomically: to a temporary file `.<name>.<pid>.<ts>.tmp` beside it, then rename, so a reader never
 * sees half a file. Only regular files are replaced this way: a symbolic link is followed and its target replaced (the
 * link stays); character devices and FIFOs (`/dev/stdout`, a named pipe) are written straight through; a folder or
 * another special file is refused. Stale temporary files left by a killed writer of the same target are removed.
 * Errors name the path, the cause and the fix (describeWriteError).
 * @see https://rcrowley.org/2010/01/06/things-unix-can-do-atomically.html
 * @example writeFileAtomic("out/summary.csv", "customer_id,frequency\n", { mode: 0o644 });
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): void {
  let target = path;
  try {
    target = followLinks(path);
    let st: Stats | undefined;
    try {
      st = statSync(target);
    } catch {
      st = undefined;
    }
    if (st && !st.isFile()) {
      if (st.isDirectory()) throw Object.assign(new Error(`${path} is a folder`), { code: "EISDIR" });
      if (st.isCharacterDevice() || st.isFIFO()) {
        writeFileSync(target, data);
        return;
      }
      throw new Error(`cannot write ${path}: it is a special file (not a regular file, device or pipe): give a regular file name`);
    }
    const dir = dirname(target);
    mkdirSync(dir, { recursive: true });
    removeStaleTemps(dir, basename(target));
    const tmp = join(dir, `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
    try {
      const mode = options.mode ?? (st ? st.mode & 0o7777 : undefined);
      writeFileSync(tmp, data, mode === undefined ? {} : { mode });
      if (mode !== undefined) chmodSync(tmp, mode); // the umask narrows a create mode; this one is meant exactly
      renameSync(tmp, target);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  } catch (err) {
    throw describeWriteError(err, path);
  }
}
