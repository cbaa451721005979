// `clvlab summarize`: transaction files to the BTYD customer summary CSV, with an account of every row.
import type { Command } from "commander";
import { addLogOptions, loadLogForCommand, parseTimeUnit, type LogCommandOptions } from "./options.js";
import { writeFileAtomic } from "../util/writeFileAtomic.js";

/** Options of the summarize command (as parsed by commander). */
export interface SummarizeCommandOptions extends LogCommandOptions {
  calibrationEnd?: string;
  /** Discrete opportunities for BG/BB: day, week, month, quarter or year (writes frequency, recency, periods). */
  periods?: string;
  out?: string;
}

const csvCell = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * Runs the summarize command: returns the CSV text and the report lines (rows used, rejected by reason,
 * customers). Throws with the loader's message on bad input, and when no row is usable.
 * @example const { csv, report } = await runSummarize(["data/cdnow_transactions.csv"], { timeUnit: "weeks" });
 */
export async function runSummarize(files: readonly string[], opts: SummarizeCommandOptions): Promise<{ csv: string; report: string[] }> {
  const unit = parseTimeUnit(opts.timeUnit);
  const { log, noAmount, observationEnd, lines: loadLines } = await loadLogForCommand(files, opts);
  const r = log.report;
  const report = loadLines;
  if (r.duplicateRows) report.push(`exact duplicate rows: ${r.duplicateRows} (${opts.dropDuplicates ? "dropped" : "kept; --drop-duplicates to drop them"})`);
  const skipped = (r.files ?? []).filter((f) => f.skipped);
  if (skipped.length) report.push(`files skipped (already ingested): ${skipped.length}`);
  if (log.length === 0) {
    report.push("customers: 0");
    return { csv: "", report };
  }
  if (opts.periods !== undefined) {
    if (opts.calibrationEnd) throw new Error("--periods and --calibration-end do not combine: give one");
    const { summarizeDiscrete } = await import("../summaries/summarizeDiscrete.js");
    const { parsePeriodKind } = await import("../summaries/periodPanel.js");
    const d = summarizeDiscrete(log, { periods: parsePeriodKind(opts.periods), observationEnd });
    report.push(`customers: ${d.customerId.length} (BG/BB opportunities: whole ${d.period}s after the first purchase's ${d.period}, up to ${d.lastPeriodEnd})`);
    if (d.report.customersWithoutOpportunity) report.push(`customers left out (no whole ${d.period} observed after their first purchase): ${d.report.customersWithoutOpportunity}`);
    if (d.report.rowsInIncompletePeriod) report.push(`purchase rows in the incomplete ${d.period} after ${d.lastPeriodEnd}: ${d.report.rowsInIncompletePeriod} (not counted)`);
    const out = ["customer_id,frequency,recency,periods"];
    for (let i = 0; i < d.customerId.length; i++) out.push(`${csvCell(d.customerId[i]!)},${d.frequency[i]},${d.recency[i]},${d.periods[i]}`);
    return { csv: out.join("\n") + "\n", report };
  }
  const { summarizeCustomers } = await import("../summaries/summarizeCustomers.js");
  const s = summarizeCustomers(log, { timeUnit: unit, observationEnd, ...(opts.calibrationEnd ? { calibrationEnd: opts.calibrationEnd } : {}) });
  report.push(`customers: ${s.customerId.length}`);
  if (s.report.customersExcluded) report.push(`customers left out (no purchase by ${s.calibrationEnd ?? s.observationEnd}): ${s.report.customersExcluded}`);
  report.push(`time unit: ${unit}${s.calibrationEnd ? `; calibration end: ${s.calibrationEnd}` : ""}`);
  const split = s.frequencyHoldout !== undefined;
  // Count data has no spend: the monetary columns are left out (said in the report).
  const money = !noAmount;
  const lines = [`customer_id,frequency,recency,T${money ? ",monetary_value" : ""}${split ? `,frequency_holdout${money ? ",monetary_value_holdout" : ""},duration_holdout` : ""}`];
  for (let i = 0; i < s.customerId.length; i++) {
    let line = `${csvCell(s.customerId[i]!)},${s.frequency[i]},${s.recency[i]},${s.T[i]}${money ? `,${s.monetaryValue[i]}` : ""}`;
    if (split) line += `,${s.frequencyHoldout![i]}${money ? `,${s.monetaryValueHoldout![i]}` : ""},${s.durationHoldout}`;
    lines.push(line);
  }
  return { csv: lines.join("\n") + "\n", report };
}

/** Registers `clvlab summarize`. */
export function registerSummarize(program: Command): void {
  const cmd = program
    .command("summarize")
    .description("summarize transaction files (CSV, Parquet, JSON lines, folders) per customer in the BTYD conventions: frequency, recency, T, monetary_value")
    .argument("<files...>", "transaction files or folders");
  addLogOptions(cmd, { timeUnit: "days" })
    .option("--calibration-end <YYYY-MM-DD>", "end of calibration: adds frequency_holdout, monetary_value_holdout, duration_holdout (default: none)")
    .option("--periods <period>", "BG/BB input instead: discrete opportunities of one day, week, month, quarter or year (columns frequency, recency, periods; for clvlab fit --model bg-bb)")
    .option("--out <file>", "write the CSV here (default: standard output)")
    .option("--manifest <file>", "incremental load: skip files recorded in this manifest and record the new ones")
    .action(async (files: string[], opts: SummarizeCommandOptions) => {
      const { csv, report } = await runSummarize(files, opts);
      if (opts.out) {
        writeFileAtomic(opts.out, csv);
        report.push(`wrote ${opts.out}`);
        process.stdout.write(report.join("\n") + "\n");
      } else {
        process.stdout.write(csv);
        process.stderr.write(report.join("\n") + "\n");
      }
    });
}
