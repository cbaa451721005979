// `clvlab lenses`: the Five Lenses customer-base audit of transaction files, as JSON, Markdown and HTML.
import { join } from "node:path";
import type { Command } from "commander";
import type { PeriodKind } from "../summaries/periodPanel.js";
import { writeFileAtomic } from "../util/writeFileAtomic.js";
import { addLogOptions, loadLogForCommand, type LogCommandOptions } from "./options.js";

/** Options of the lenses command (as parsed by commander). */
export interface LensesCommandOptions extends LogCommandOptions {
  period?: string;
  outDir?: string;
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
  // Cohort attributes (city, channel …) are kept for the audit.
  const { log, observationEnd, lines: loadLines } = await loadLogForCommand(files, opts, { attributes: "all" });
  if (log.length === 0) throw new Error(`no transactions in ${files.join(", ")}${opts.observationEnd ? ` up to ${opts.observationEnd}` : ""}: nothing to audit`);
  const { fiveLensesReport } = await import("../reports/fiveLensesReport.js"); // jsdom and Plot: loaded on use
  const r = fiveLensesReport(log, {
    period: period as PeriodKind,
    observationEnd,
    source: files.join(", "),
    ...(opts.title ? { title: opts.title } : {}),
  });
  const out = opts.outDir;
  const written: string[] = [];
  for (const k of ["lens1", "lens2", "lens3", "lens4", "lens5"] as const) {
    const f = join(out, `${k}.json`);
    writeFileAtomic(f, JSON.stringify(r.lenses[k], null, 2) + "\n");
    written.push(f);
  }
  writeFileAtomic(join(out, "report.md"), r.markdown);
  writeFileAtomic(join(out, "report.html"), r.html);
  written.push(join(out, "report.md"), join(out, "report.html"));
  const { lens1: l1, lens2: l2, lens4: l4, lens5: l5 } = r.lenses;
  return [
    ...loadLines,
    `lens 1 (${l1.window.from}..${l1.window.to}): ${l1.customers} customers, revenue ${l1.revenue.toFixed(2)}`,
    `lens 2: retention ${l2.retentionRate === null ? "n/a" : (l2.retentionRate * 100).toFixed(1) + "%"} (${l2.counts.retained} retained, ${l2.counts.lost} lost, ${l2.counts.new} new, ${l2.counts.reactivated} reactivated)`,
    `reconciliation to the cent: lens 2 ${l2.reconciliation.revenue ? "ok" : "FAILED"}, lens 4 ${l4.reconciliation.exact ? "ok" : "FAILED"}, lens 5 ${l5.reconciliation.exact ? "ok" : "FAILED"}`,
    `health score: ${l5.health.score === null ? "n/a" : l5.health.score.toFixed(2)}`,
    ...written.map((f) => `wrote ${f}`),
  ];
}

/** Registers `clvlab lenses`. */
export function registerLenses(program: Command): void {
  const cmd = program
    .command("lenses")
    .description("Five Lenses customer-base audit (Fader, Hardie & Ross 2022): writes lens1.json ... lens5.json, report.md and report.html")
    .argument("<transactions...>", "transaction files or folders (CSV, Parquet, JSON lines)")
    .option("--period <period>", "month, quarter or year", "month")
    .requiredOption("--out-dir <dir>", "folder for the JSON files and the reports (required)");
  addLogOptions(cmd)
    .option("--title <text>", "report title")
    .action(async (files: string[], opts: LensesCommandOptions) => {
      process.stdout.write((await runLenses(files, opts)).join("\n") + "\n");
    });
}
