// `clvlab demo`: the main job on the shipped Texas data — the Five Lenses audit and 12-month CLV scores.
import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { describeClvAssumptions } from "../models/describeClvAssumptions.js";
import { runLenses } from "./lenses.js";
import { runScore } from "./score.js";

/** Options of the demo command. */
export interface DemoCommandOptions {
  /** Folder for the outputs. Default "reports". */
  outDir?: string;
  /** Transaction file. Default: the shipped data/texas_transactions.csv. */
  data?: string;
  /** Last day of the customer histories. Default: the last day in the data. */
  observationEnd?: string;
}

/** The shipped data set, found beside the built package (dist/cli -> ../../data). */
export function shippedDataPath(name: string): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "data", name);
}

/** The name outputs take from a transaction file: its base name without extension and a "transactions" suffix. */
export function dataStem(file: string): string {
  const stem = basename(file).replace(/\.[^.]*$/, "").replace(/[_-]?transactions$/i, "");
  return stem || "data";
}

/**
 * Runs the main job: audits the transactions with the Five Lenses (monthly) and scores every customer's 12-month
 * CLV (BG/NBD × Gamma-Gamma, {@link CLV_DEFAULTS}: 30% margin, 10% a year discounted monthly). The observation
 * end defaults to the last day in the data and the output names follow the data file (texas-audit/,
 * texas_clv_scores.csv for the shipped data). Returns the lines to print.
 * @example await runDemo({ outDir: "reports" })
 */
export async function runDemo(opts: DemoCommandOptions = {}): Promise<string[]> {
  const outDir = opts.outDir ?? "reports";
  const data = opts.data ?? shippedDataPath("texas_transactions.csv");
  if (!existsSync(data)) throw new Error(`no such file ${data}: give a transaction CSV with --data`);
  const stem = dataStem(data);
  const shipped = resolve(data) === shippedDataPath("texas_transactions.csv");
  const end = opts.observationEnd ?? "the last day in the data";
  const lines = [`clvlab demo on ${data} (observation end: ${end})`, "", "Five Lenses audit (monthly periods):"];
  const auditDir = join(outDir, `${stem}-audit`);
  const title = shipped ? "Texas retail: customer-base audit" : `${stem}: customer-base audit`;
  const common = opts.observationEnd ? { observationEnd: opts.observationEnd } : {};
  lines.push(...(await runLenses([data], { outDir: auditDir, period: "month", title, ...common })).map((l) => `  ${l}`));
  lines.push("", `Customer lifetime value (BG/NBD × Gamma-Gamma; ${describeClvAssumptions()}):`);
  const out = join(outDir, `${stem}_clv_scores.csv`);
  const { report } = await runScore([data], { out, ...common });
  lines.push(...report.map((l) => `  ${l}`));
  lines.push("", `open ${join(auditDir, "report.html")} for the audit report; per-customer CLV is in ${out}`);
  return lines;
}

/** Registers `clvlab demo`. */
export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("run the main job on the shipped Texas data: Five Lenses audit and CLV scores, written to --out-dir")
    .option("--out-dir <dir>", "folder for the outputs", "reports")
    .option("--data <file>", "transaction CSV (default: the shipped data/texas_transactions.csv)")
    .option("--observation-end <YYYY-MM-DD>", "last day of the customer histories (default: the last day in the data)")
    .action(async (opts: DemoCommandOptions) => {
      process.stdout.write((await runDemo(opts)).join("\n") + "\n");
    });
}
