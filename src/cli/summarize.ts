// `clvlab summarize`: transaction files to the BTYD customer summary CSV, with an account of every row.
import type { Command } from "commander";
import { describeLoadReport } from "../data/describeLoadReport.js";
import { loadTransactions, type LoadTransactionsOptions } from "../data/loadTransactions.js";
import type { TimeUnit } from "../data/types.js";
import { summarizeCustomers } from "../summaries/summarizeCustomers.js";
import type { CustomerSummary } from "../summaries/types.js";
import { addEngineOption, runEngineSummarize, type EngineCommandOptions } from "./engineOption.js";
import { writeFileAtomic } from "../util/writeFileAtomic.js";
import { formatCsv } from "../io/formatCsv.js";
import { outputFormat } from "../io/outputFormat.js";
import type { TableColumn } from "../io/tableTypes.js";
import { writeTable } from "../io/writeTable.js";

/** Options of the summarize command (as parsed by commander). */
export interface SummarizeCommandOptions {
  customerCol?: string;
  dateCol?: string;
  amountCol?: string;
  timeUnit?: string;
  observationEnd?: string;
  calibrationEnd?: string;
  out?: string;
  delimiter?: string;
  header?: boolean;
  columnNames?: string;
  timeZone?: string;
  skipInvalid?: boolean;
  dropDuplicates?: boolean;
  manifest?: string;
}

/**
 * Runs the summarize command: returns the CSV text and the report lines (rows used, rejected by reason,
 * customers). Throws with the loader's message on bad input.
 * @example const { csv, report } = await runSummarize(["data/cdnow_transactions.csv"], { timeUnit: "weeks" });
 */
export async function runSummarize(files: readonly string[], opts: SummarizeCommandOptions): Promise<{ csv: string; report: string[]; columns?: Record<string, TableColumn> }> {
  const unit = (opts.timeUnit ?? "days") as TimeUnit;
  if (!["days", "weeks", "months"].includes(unit)) throw new Error(`invalid time unit ${JSON.stringify(opts.timeUnit)}: use days, weeks or months`);
  const delimiter = opts.delimiter === "\\t" || opts.delimiter === "tab" ? "\t" : opts.delimiter;
  const load: LoadTransactionsOptions = {
    columns: { customer: opts.customerCol, date: opts.dateCol, amount: opts.amountCol },
    attributes: "none",
    invalidRows: opts.skipInvalid ? "reject" : "error",
    duplicates: opts.dropDuplicates ? "drop" : "keep",
    ...(delimiter !== undefined ? { delimiter } : {}),
    ...(opts.header === false ? { header: false } : {}),
    ...(opts.columnNames ? { columnNames: opts.columnNames.split(",").map((s) => s.trim()) } : {}),
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
    ...(opts.observationEnd ? { observationEnd: opts.observationEnd } : {}),
    ...(opts.manifest ? { manifest: opts.manifest } : {}),
  };
  for (const k of ["customer", "date", "amount"] as const) if (load.columns![k] === undefined) delete load.columns![k];
  const log = await loadTransactions(files, load);
  const r = log.report;
  const report = describeLoadReport(r);
  if (r.duplicateRows) report.push(`exact duplicate rows: ${r.duplicateRows} (${opts.dropDuplicates ? "dropped" : "kept; --drop-duplicates to drop them"})`);
  const skipped = (r.files ?? []).filter((f) => f.skipped === "already_ingested");
  if (skipped.length) report.push(`files skipped (already ingested): ${skipped.length}`);
  if (log.length === 0) {
    report.push("customers: 0");
    return { csv: "", report };
  }
  const s = summarizeCustomers(log, { timeUnit: unit, ...(opts.observationEnd ? { observationEnd: opts.observationEnd } : {}), ...(opts.calibrationEnd ? { calibrationEnd: opts.calibrationEnd } : {}) });
  report.push(`customers: ${s.customerId.length}`);
  if (s.report.customersExcluded) report.push(`customers left out (no purchase by ${s.calibrationEnd ?? s.observationEnd}): ${s.report.customersExcluded}`);
  report.push(`time unit: ${unit}; observation end: ${s.observationEnd}${s.calibrationEnd ? `; calibration end: ${s.calibrationEnd}` : ""}`);
  const columns = summaryColumns(s);
  return { csv: formatCsv(columns), report, columns };
}

/** The columns written by `clvlab summarize` (also for the engine path). */
export function summaryColumns(s: CustomerSummary): Record<string, TableColumn> {
  const columns: Record<string, TableColumn> = { customer_id: s.customerId, frequency: s.frequency, recency: s.recency, T: s.T, monetary_value: s.monetaryValue };
  if (s.frequencyHoldout !== undefined)
    Object.assign(columns, { frequency_holdout: s.frequencyHoldout, monetary_value_holdout: s.monetaryValueHoldout!, duration_holdout: new Float64Array(s.customerId.length).fill(s.durationHoldout!) });
  return columns;
}

/** The summary CSV written by `clvlab summarize`. */
export function summaryCsv(s: CustomerSummary): string {
  return formatCsv(summaryColumns(s));
}

/** Registers `clvlab summarize`. */
export function registerSummarize(program: Command): void {
  addEngineOption(program
    .command("summarize")
    .description("summarize transaction files (CSV, Parquet, JSON lines, folders) per customer in the BTYD conventions: frequency, recency, T, monetary_value")
    .argument("<files...>", "transaction files or folders")
    .option("--customer-col <name>", "customer id column (default customer_id or an alias)")
    .option("--date-col <name>", "date column (default date or an alias)")
    .option("--amount-col <name>", "amount column (default amount or an alias)")
    .option("--time-unit <unit>", "days, weeks or months", "days")
    .option("--observation-end <YYYY-MM-DD>", "last day observed; later rows are counted and left out (default: last day in the data)")
    .option("--calibration-end <YYYY-MM-DD>", "end of calibration: adds frequency_holdout, monetary_value_holdout, duration_holdout")
    .option("--out <file>", "write the summary here: .csv, .parquet, .json or .jsonl (default or -: CSV on standard output)")
    .option("--delimiter <char>", 'field delimiter: ",", ";", tab, or "whitespace"')
    .option("--no-header", "the files have no header line (give --column-names)")
    .option("--column-names <a,b,c>", "column names in order, comma-separated")
    .option("--time-zone <iana>", "zone of naive timestamps and of day boundaries", "UTC")
    .option("--skip-invalid", "count and skip rows with a bad date, amount or customer id instead of stopping")
    .option("--drop-duplicates", "drop exact duplicate rows (default: keep and count them)")
    .option("--manifest <file>", "incremental load: skip files recorded in this manifest and record the new ones"))
    .action(async (files: string[], opts: SummarizeCommandOptions & EngineCommandOptions) => {
      if (opts.out && opts.out !== "-") outputFormat(opts.out); // an unknown extension is refused before the work
      const { csv, report, columns } = (opts.engine ?? "memory") === "memory"
        ? await runSummarize(files, opts)
        : await runEngineSummarize(files, opts).then((r) => ({ csv: summaryCsv(r.summary), columns: summaryColumns(r.summary), report: [...r.report, `customers: ${r.summary.customerId.length}`] }));
      if (opts.out && opts.out !== "-") {
        if (columns) writeTable(opts.out, columns);
        else writeFileAtomic(opts.out, csv);
        report.push(`wrote ${opts.out}`);
        process.stdout.write(report.join("\n") + "\n");
      } else {
        process.stdout.write(csv);
        process.stderr.write(report.join("\n") + "\n");
      }
    });
}
