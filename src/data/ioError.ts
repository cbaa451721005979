// File-system errors translated once into clvlab messages (path, cause, fix), shared by every step that touches files.
/** A clvlab message for a file-system error on `path`: the path, the cause and the fix. */
export function ioError(err: unknown, path: string, doing: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const fix: Record<string, string> = {
    ENOENT: "check the path",
    EACCES: "give the user read permission (chmod +r) or leave the file out",
    EPERM: "give the user read permission or leave the file out",
    EISDIR: "give a file, or the folder itself as a source",
    ENOTDIR: "check the path",
    ELOOP: "fix the symbolic link loop or leave it out",
    EMFILE: "close other programs or raise the open-file limit (ulimit -n)",
    EIO: "the disk reported a read error: copy the file to a healthy disk",
  };
  return new Error(`cannot ${doing} ${JSON.stringify(path)} (${code ?? (err instanceof Error ? err.message : String(err))}): ${(code && fix[code]) ?? "check the path and its permissions"}`);
}
