// `clvlab summarize`: transaction files to the BTYD customer summary, with an account of every row.
import type { Command } from "commander";
import type { CustomerSummary } from "../summaries/types.js";
import { formatCsv } from "../io/formatCsv.js";
import { outputFormat } from "../io/outputFormat.js";
import type { TableColumn } from "../io/tableTypes.js";
import { writeTable } from "../io/writeTable.js";
import { addEngineOption, sourcesOf } from "./engineFlags.js";
import type { EngineCommandOptions } from "./engineOption.js";
import { addLogOptions, loadLogForCommand, parseTimeUnit, type LogCommandOptions } from "./options.js";

/** Options of the summarize command (as parsed by commander). */
export interface SummarizeCommandOptions extends LogCommandOptions {
  calibrationEnd?: string;
  /** Discrete opportunities for BG/BB: day, week, month, quarter or year (writes frequency, recency, periods). */
  periods?: string;
  out?: string;
}

/**
 * Runs the summarize command: returns the CSV text, its columns and the report lines (rows used, rejected by reason,
 * customers). Throws with the loader's message on bad input, and when no row is usable.
 * @example const { csv, report } = await runSummarize(["data/cdnow_transactions.csv"], { timeUnit: "weeks" });
 */
export async function runSummarize(files: readonly string[], opts: SummarizeCommandOptions): Promise<{ csv: string; report: string[]; columns?: Record<string, TableColumn> }> {
  const unit = parseTimeUnit(opts.timeUnit);
  const { log, noAmount, observationEnd, lines: loadLines } = await loadLogForCommand(files, opts);
  const r = log.report;
  const report = loadLines;
  if (r.duplicateRows) report.push(`exact duplicate rows: ${r.duplicateRows} (${opts.dropDuplicates ? "dropped" : "kept; --drop-duplicates to drop them"})`);
  const skipped = (r.files ?? []).filter((f) => f.skipped === "already_ingested");
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
    const columns: Record<string, TableColumn> = { customer_id: d.customerId, frequency: d.frequency, recency: d.recency, periods: d.periods };
    return { csv: formatCsv(columns), report, columns };
  }
  const { summarizeCustomers } = await import("../summaries/summarizeCustomers.js");
  const s = summarizeCustomers(log, { timeUnit: unit, observationEnd, ...(opts.calibrationEnd ? { calibrationEnd: opts.calibrationEnd } : {}) });
  report.push(`customers: ${s.customerId.length}`);
  if (s.report.customersExcluded) report.push(`customers left out (no purchase by ${s.calibrationEnd ?? s.observationEnd}): ${s.report.customersExcluded}`);
  report.push(`time unit: ${unit}${s.calibrationEnd ? `; calibration end: ${s.calibrationEnd}` : ""}`);
  // Count data has no spend: the monetary columns are left out (said in the report).
  const columns = summaryColumns(s, !noAmount);
  return { csv: formatCsv(columns), report, columns };
}

/** The columns written by `clvlab summarize` (also for the engine path); `money` false leaves out the spend columns. */
export function summaryColumns(s: CustomerSummary, money = true): Record<string, TableColumn> {
  const columns: Record<string, TableColumn> = { customer_id: s.customerId, frequency: s.frequency, recency: s.recency, T: s.T };
  if (money) columns.monetary_value = s.monetaryValue;
  if (s.frequencyHoldout !== undefined) {
    columns.frequency_holdout = s.frequencyHoldout;
    if (money) columns.monetary_value_holdout = s.monetaryValueHoldout!;
    columns.duration_holdout = new Float64Array(s.customerId.length).fill(s.durationHoldout!);
  }
  return columns;
}

/** The summary CSV written by `clvlab summarize`. */
export function summaryCsv(s: CustomerSummary): string {
  return formatCsv(summaryColumns(s));
}

/** Registers `clvlab summarize`. */
export function registerSummarize(program: Command): void {
  const cmd = program
    .command("summarize")
    .description("summarize transaction files (CSV, Parquet, JSON lines, folders) per customer in the BTYD conventions: frequency, recency, T, monetary_value")
    .argument("[files...]", "transaction files or folders (or --source)");
  addEngineOption(addLogOptions(cmd, { timeUnit: "days" }))
    .option("--calibration-end <YYYY-MM-DD>", "end of calibration: adds frequency_holdout, monetary_value_holdout, duration_holdout (default: none)")
    .option("--periods <period>", "BG/BB input instead: discrete opportunities of one day, week, month, quarter or year (columns frequency, recency, periods; for clvlab fit --model bg-bb)")
    .option("--out <file>", "write the summary here: .csv, .parquet, .json or .jsonl (default or -: CSV on standard output)")
    .option("--manifest <file>", "incremental load: skip files recorded in this manifest and record the new ones")
    .action(async (args: string[], opts: SummarizeCommandOptions & EngineCommandOptions) => {
      const files = sourcesOf(args, opts, "clvlab summarize FILES... (or --source FILE|GLOB|FOLDER|TABLE)");
      if (opts.out && opts.out !== "-") outputFormat(opts.out); // an unknown extension is refused before the work
      const { csv, report, columns } = (opts.engine ?? "memory") === "memory"
        ? await runSummarize(files, opts)
        : await (await import("./engineOption.js")).runEngineSummarize(files, opts).then((r) => ({ csv: summaryCsv(r.summary), columns: summaryColumns(r.summary), report: [...r.report, `customers: ${r.summary.customerId.length}`] }));
      if (opts.out && opts.out !== "-") {
        if (columns) writeTable(opts.out, columns);
        else writeTable(opts.out, { customer_id: [] });
        report.push(`wrote ${opts.out}`);
        process.stdout.write(report.join("\n") + "\n");
      } else {
        process.stdout.write(csv);
        process.stderr.write(report.join("\n") + "\n");
      }
    });
}
