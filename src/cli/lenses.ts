// `clvlab lenses`: the Five Lenses customer-base audit of transaction files, as JSON, Markdown and HTML.
import { join } from "node:path";
import type { Command } from "commander";
import type { TransactionLog } from "../data/types.js";
import type { FiveLensesReport } from "../reports/fiveLensesReport.js";
import type { PeriodKind, PeriodPanel } from "../summaries/periodPanel.js";
import { writeFileAtomic } from "../util/writeFileAtomic.js";
import { addEngineOption, sourcesOf } from "./engineFlags.js";
import type { EngineCommandOptions } from "./engineOption.js";
import { addLogOptions, loadLogForCommand, type LogCommandOptions } from "./options.js";

/** Options of the lenses command (as parsed by commander). */
export interface LensesCommandOptions extends LogCommandOptions {
  period?: string;
  outDir?: string;
  title?: string;
  /** Lens 3 cohort: a cohort label (e.g. 2024-01), or "all" to also write lens3-<cohort>.json for every cohort. Default: an early, full-sized cohort. */
  cohort?: string;
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
  const { log, observationEnd, noAmount, lines: loadLines } = await loadLogForCommand(files, opts, { attributes: "all" });
  if (log.length === 0) throw new Error(`no transactions in ${files.join(", ")}${opts.observationEnd ? ` up to ${opts.observationEnd}` : ""}: nothing to audit`);
  const [{ fiveLensesReport }, { periodPanel }] = await Promise.all([import("../reports/fiveLensesReport.js"), import("../summaries/periodPanel.js")]); // jsdom and Plot: loaded on use
  const r = fiveLensesReport(log, {
    period: period as PeriodKind,
    observationEnd,
    source: files.join(", "),
    ...(opts.title ? { title: opts.title } : {}),
    ...(opts.cohort && opts.cohort !== "all" ? { lens3Cohort: opts.cohort } : {}),
    ...(noAmount ? { countData: true } : {}),
  });
  return writeLensesReport(r, opts, { noAmount, loadLines, panel: () => periodPanel(log, { period: period as PeriodKind, observationEnd }), log });
}

/**
 * Writes an audit's lens1.json ... lens5.json (and with `--cohort all` one lens3-<cohort>.json per cohort),
 * report.md and report.html into `--out-dir`; returns the lines printed. Shared by the in-memory and engine paths.
 */
export async function writeLensesReport(
  r: FiveLensesReport,
  opts: LensesCommandOptions,
  ctx: { noAmount: boolean; loadLines: readonly string[]; panel: () => PeriodPanel; log?: TransactionLog },
): Promise<string[]> {
  const { noAmount, loadLines } = ctx;
  const { withoutRevenue, COUNT_DATA_NOTE } = await import("../reports/withoutRevenue.js");
  // Count data: revenue-based fields are left out of the JSON (not written as zeros) and the files say why.
  const json = (x: object) => JSON.stringify(noAmount ? { revenueAvailable: false, note: COUNT_DATA_NOTE, ...withoutRevenue(x) } : x, null, 2) + "\n";
  const out = opts.outDir!;
  const written: string[] = [];
  for (const k of ["lens1", "lens2", "lens3", "lens4", "lens5"] as const) {
    const f = join(out, `${k}.json`);
    writeFileAtomic(f, json(r.lenses[k]), { mode: 0o644 });
    written.push(f);
  }
  if (opts.cohort === "all") {
    // One Lens 3 file per cohort with members, on the report's panel and cohorts.
    const [{ assignCohorts }, { lens3 }] = await Promise.all([import("../summaries/cohorts.js"), import("../lenses/lens3.js")]);
    const panel = ctx.panel();
    const cohorts = assignCohorts(panel, { by: panel.period }, ctx.log);
    cohorts.labels.forEach((label, g) => {
      if (!(cohorts.size[g]! > 0)) return;
      const f = join(out, `lens3-${label.replace(/[^A-Za-z0-9_.-]+/g, "_")}.json`);
      writeFileAtomic(f, json(lens3(panel, { cohorts, cohort: label })), { mode: 0o644 });
      written.push(f);
    });
  }
  // Reports are for reviewers: readable by all (0644) whatever the umask.
  writeFileAtomic(join(out, "report.md"), r.markdown, { mode: 0o644 });
  writeFileAtomic(join(out, "report.html"), r.html, { mode: 0o644 });
  written.push(join(out, "report.md"), join(out, "report.html"));
  const { lens1: l1, lens2: l2, lens4: l4, lens5: l5 } = r.lenses;
  return [
    ...loadLines,
    `lens 1 (${l1.window.from}..${l1.window.to}): ${l1.customers} customers, ${noAmount ? `${l1.orders} orders; revenue not available (count data: no amount column), revenue-based parts left out` : `revenue ${l1.revenue.toFixed(2)}`}`,
    `lens 2: ${Object.entries(l2.rates).map(([k, r]) => `${k === "newShare" ? "new share" : k} ${r.rate === null ? "n/a" : (r.rate * 100).toFixed(1) + "%"} (${r.numerator} of ${r.denominator})`).join(", ")}; ${l2.counts.lost} lost`,
    ...(noAmount ? [] : [`reconciliation to the cent: lens 2 ${l2.reconciliation.revenue ? "ok" : "FAILED"}, lens 4 ${l4.reconciliation.exact ? "ok" : "FAILED"}, lens 5 ${l5.reconciliation.exact ? "ok" : "FAILED"}`]),
    `health score: ${l5.health.score === null ? "n/a" : l5.health.score.toFixed(2)}${noAmount ? " (count-based factors only)" : ""}${l5.projection ? `; projected revenue next 12 months ${l5.projection.annualRevenue.toFixed(2)} (${l5.projection.model})` : ""}`,
    ...written.map((f) => `wrote ${f}`),
  ];
}

/** Registers `clvlab lenses`. */
export function registerLenses(program: Command): void {
  const cmd = program
    .command("lenses")
    .description("Five Lenses customer-base audit (Fader, Hardie & Ross 2022): writes lens1.json ... lens5.json, report.md and report.html")
    .argument("[transactions...]", "transaction files or folders (CSV, Parquet, JSON lines), or --source")
    .option("--period <period>", "month, quarter or year", "month")
    .requiredOption("--out-dir <dir>", "folder for the JSON files and the reports (required)");
  addEngineOption(addLogOptions(cmd)
    .option("--title <text>", "report title")
    .option("--cohort <label|all>", "Lens 3 cohort, e.g. 2024-01; all also writes lens3-<cohort>.json for every cohort (default: an early cohort at least half the size of the largest)"))
    .action(async (args: string[], opts: LensesCommandOptions & EngineCommandOptions) => {
      const files = sourcesOf(args, opts, "clvlab lenses FILES... --out-dir DIR (or --source FILE|GLOB|FOLDER|TABLE)");
      if ((opts.engine ?? "memory") !== "memory" && opts.amount === false) throw new Error(`--no-amount (count data) runs on the memory engine only: leave out --engine ${opts.engine}`);
      if ((opts.engine ?? "memory") !== "memory") return void process.stdout.write((await (await import("./engineOption.js")).runEngineLenses(files, opts)).join("\n") + "\n");
      process.stdout.write((await runLenses(files, opts)).join("\n") + "\n");
    });
}
