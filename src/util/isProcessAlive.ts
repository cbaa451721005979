/**
 * Whether a process with this id exists (signal 0 probes without signalling), for telling a stale lock or temporary
 * file left by a dead process from one a live process still owns. A process owned by another user exists too.
 * @see https://nodejs.org/api/process.html#processkillpid-signal
 * @example isProcessAlive(process.pid) // true
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by another user
  }
}
