// `clvlab lenses`: the Five Lenses customer-base audit of transaction files, as JSON, Markdown and HTML.
import { join } from "node:path";
import type { Command } from "commander";
import { describeLoadReport } from "../data/describeLoadReport.js";
import { loadTransactions, type LoadTransactionsOptions } from "../data/loadTransactions.js";
import { fiveLensesReport } from "../reports/fiveLensesReport.js";
import type { PeriodKind } from "../summaries/periodPanel.js";
import { writeFileAtomic } from "../util/writeFileAtomic.js";
import { addEngineOption, runEngineLenses, type EngineCommandOptions } from "./engineOption.js";

/** Options of the lenses command (as parsed by commander). */
export interface LensesCommandOptions {
  period?: string;
  observationEnd?: string;
  outDir?: string;
  customerCol?: string;
  dateCol?: string;
  amountCol?: string;
  delimiter?: string;
  header?: boolean;
  columnNames?: string;
  timeZone?: string;
  title?: string;
}

const PERIODS = ["month", "quarter", "year"];

/**
 * Runs the lenses command: loads the files, runs the audit and writes lens1.json ... lens5.json, report.md and
 * report.html into the output folder. Returns the lines printed to the terminal.
 * @example await runLenses(["data/texas_transactions.csv"], { period: "month", outDir: "reports/lenses" });
 */
export async function runLenses(files: readonly string[], opts: LensesCommandOptions): Promise<string[]> {
  if (!opts.outDir) throw new Error("missing --out-dir: give the folder for lens1.json ... report.html");
  const period = opts.period ?? "month";
  if (!PERIODS.includes(period)) throw new Error(`invalid period ${JSON.stringify(period)}: use month, quarter or year`);
  if (opts.observationEnd !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.observationEnd))
    throw new Error(`invalid observation end ${JSON.stringify(opts.observationEnd)}: use YYYY-MM-DD`);
  const delimiter = opts.delimiter === "\\t" || opts.delimiter === "tab" ? "\t" : opts.delimiter;
  const columns: NonNullable<LoadTransactionsOptions["columns"]> = {};
  if (opts.customerCol) columns.customer = opts.customerCol;
  if (opts.dateCol) columns.date = opts.dateCol;
  if (opts.amountCol) columns.amount = opts.amountCol;
  const log = await loadTransactions(files, {
    columns,
    ...(delimiter !== undefined ? { delimiter } : {}),
    ...(opts.header === false ? { header: false } : {}),
    ...(opts.columnNames ? { columnNames: opts.columnNames.split(",").map((s) => s.trim()) } : {}),
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
    ...(opts.observationEnd ? { observationEnd: opts.observationEnd } : {}),
  });
  if (log.length === 0) throw new Error(`no transactions in ${files.join(", ")}${opts.observationEnd ? ` up to ${opts.observationEnd}` : ""}: nothing to audit`);
  const r = fiveLensesReport(log, {
    period: period as PeriodKind,
    ...(opts.observationEnd ? { observationEnd: opts.observationEnd } : {}),
    source: files.join(", "),
    ...(opts.title ? { title: opts.title } : {}),
  });
  const out = opts.outDir;
  const written: string[] = [];
  for (const k of ["lens1", "lens2", "lens3", "lens4", "lens5"] as const) {
    const f = join(out, `${k}.json`);
    writeFileAtomic(f, JSON.stringify(r.lenses[k], null, 2) + "\n", { mode: 0o644 });
    written.push(f);
  }
  // Reports are for reviewers: readable by all (0644) whatever the umask.
  writeFileAtomic(join(out, "report.md"), r.markdown, { mode: 0o644 });
  writeFileAtomic(join(out, "report.html"), r.html, { mode: 0o644 });
  written.push(join(out, "report.md"), join(out, "report.html"));
  const rep = log.report;
  const { lens1: l1, lens2: l2, lens4: l4, lens5: l5 } = r.lenses;
  return [
    ...describeLoadReport(rep),
    `lens 1 (${l1.window.from}..${l1.window.to}): ${l1.customers} customers, revenue ${l1.revenue.toFixed(2)}`,
    `lens 2: retention ${l2.retentionRate === null ? "n/a" : (l2.retentionRate * 100).toFixed(1) + "%"} (${l2.counts.retained} retained, ${l2.counts.lost} lost, ${l2.counts.new} new, ${l2.counts.reactivated} reactivated)`,
    `reconciliation to the cent: lens 2 ${l2.reconciliation.revenue ? "ok" : "FAILED"}, lens 4 ${l4.reconciliation.exact ? "ok" : "FAILED"}, lens 5 ${l5.reconciliation.exact ? "ok" : "FAILED"}`,
    `health score: ${l5.health.score === null ? "n/a" : l5.health.score.toFixed(2)}`,
    ...written.map((f) => `wrote ${f}`),
  ];
}

/** Registers `clvlab lenses`. */
export function registerLenses(program: Command): void {
  addEngineOption(program
    .command("lenses")
    .description("Five Lenses customer-base audit (Fader, Hardie & Ross 2022): writes lens1.json ... lens5.json, report.md and report.html")
    .argument("<transactions...>", "transaction files or folders (CSV, Parquet, JSON lines)")
    .option("--period <period>", "month, quarter or year", "month")
    .option("--observation-end <YYYY-MM-DD>", "last day observed; later rows are counted and left out (default: last day in the data)")
    .requiredOption("--out-dir <dir>", "folder for the JSON files and the reports")
    .option("--customer-col <name>", "customer id column (default customer_id or an alias)")
    .option("--date-col <name>", "date column (default date or an alias)")
    .option("--amount-col <name>", "amount column (default amount or an alias)")
    .option("--delimiter <char>", 'field delimiter: ",", ";", tab, or "whitespace"')
    .option("--no-header", "the files have no header line (give --column-names)")
    .option("--column-names <a,b,c>", "column names in order, comma-separated")
    .option("--time-zone <iana>", "zone of naive timestamps and of day boundaries", "UTC")
    .option("--title <text>", "report title"))
    .action(async (files: string[], opts: LensesCommandOptions & EngineCommandOptions) => {
      if ((opts.engine ?? "memory") !== "memory") return void process.stdout.write((await runEngineLenses(files, opts)).join("\n") + "\n");
      process.stdout.write((await runLenses(files, opts)).join("\n") + "\n");
    });
}
