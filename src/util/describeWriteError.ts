/** Why an output file could not be written, and what to do, by Node error code (see `man 2 open`, `man 2 write`). */
const CAUSES: Readonly<Record<string, readonly [cause: string, fix: string]>> = {
  EISDIR: ["it is a folder", "give a file name inside it, e.g. PATH/out.csv"],
  ENOTDIR: ["a part of the path is a file, not a folder", "give a path whose folders exist or can be created"],
  EROFS: ["the file system is read-only", "write to a folder on a writable disk"],
  ENOSPC: ["no space left on the device", "free some space or write to another disk"],
  EDQUOT: ["the disk quota is exhausted", "free some space or write to another disk"],
  EACCES: ["permission denied", "write to a folder you own or change its permissions"],
  EPERM: ["operation not permitted", "write to a folder you own or change its permissions"],
  EEXIST: ["a file is in the way of a folder on the path", "move that file or choose another path"],
  ENAMETOOLONG: ["the path is too long", "choose a shorter file name"],
  ELOOP: ["the path has a symbolic-link loop", "fix the links or choose another path"],
  EBUSY: ["the file is busy", "close the program that holds it and run again"],
  EMFILE: ["too many files are open", "close other programs or raise the limit (ulimit -n)"],
};

/**
 * Turns a Node file-system error from writing `path` into a clvlab message that names the path, the cause and the
 * fix (`cannot write out: it is a folder (EISDIR): give a file name inside it, e.g. out/out.csv`). The returned error
 * keeps the original `code` and has it as `cause`. Every writer (writeFileAtomic, the table writers) uses it.
 * @see https://nodejs.org/api/errors.html#common-system-errors
 * @example try { writeFileSync(p, data) } catch (e) { throw describeWriteError(e, p) }
 */
export function describeWriteError(err: unknown, path: string): Error {
  const e = err as NodeJS.ErrnoException;
  if (e?.message?.startsWith("cannot write ")) return e; // already translated by an inner writer
  const code = typeof e?.code === "string" ? e.code : undefined;
  const known = code ? CAUSES[code] : undefined;
  const message = known
    ? `cannot write ${path}: ${known[0]} (${code}): ${known[1].replace("PATH", path)}`
    : `cannot write ${path}: ${e?.message ?? String(err)}`;
  const out = new Error(message, { cause: err }) as NodeJS.ErrnoException;
  if (code) out.code = code;
  return out;
}
