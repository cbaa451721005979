import type { RejectionReport } from "../types.js";

/**
 * The account of every input row that the CLI prints: rows read, used as purchases, returns (negative amounts
 * reduce spend but are not purchases), rows after the observation end (outside the window, not errors), rows rejected
 * by reason with examples (file, line, column, value), exact duplicates, files skipped (symbolic links to nothing) and
 * unterminated last lines left for the next incremental load. One wording for every command.
 * @example describeLoadReport(log.report) // ["rows read: 6919", "rows used: 6919", "rows rejected: 0"]
 */
export function describeLoadReport(r: RejectionReport): string[] {
  const lines = [`rows read: ${r.rowsRead}`, `rows used: ${r.rowsUsed}`];
  const returns = r.counts.return ?? 0;
  if (returns > 0) lines.push(`returns: ${returns} (negative amounts: they reduce the customer's spend and are not purchases)`);
  // Rows after the observation end are outside the window, not errors: counted on their own line.
  const after = r.counts.after_observation_end ?? 0;
  if (after > 0) lines.push(`rows after the observation end: ${after} (outside the window; not errors)`);
  const reasons = Object.entries(r.counts).filter(([k, n]) => k !== "return" && k !== "after_observation_end" && (n ?? 0) > 0);
  const rejected = reasons.reduce((a, [, n]) => a + (n ?? 0), 0);
  lines.push(`rows rejected: ${rejected}${reasons.length ? ` (${reasons.map(([k, n]) => `${k}: ${n}`).join(", ")})` : ""}`);
  for (const ex of r.examples) {
    if (ex.reason === "return" || ex.reason === "after_observation_end") continue;
    lines.push(`  ${ex.reason}: ${ex.file} line ${ex.line}${ex.column !== undefined ? `, column ${JSON.stringify(ex.column)}` : ""}${ex.value !== undefined ? `, value ${JSON.stringify(ex.value)}` : ""}`);
  }
  for (const f of r.files ?? []) {
    if (f.skipped === "dangling_symlink") lines.push(`skipped ${f.file}: a symbolic link to nothing (its target was moved or deleted)`);
    if (f.deferred) lines.push(`deferred the last line of ${f.file}: it has no line end yet (it is read by the next load, once complete)`);
  }
  return lines;
}
