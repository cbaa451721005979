// `clvlab demo`: the main job on the shipped Texas data — the Five Lenses audit and 12-month CLV scores.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { runLenses } from "./lenses.js";
import { runScore } from "./score.js";

/** Options of the demo command. */
export interface DemoCommandOptions {
  /** Folder for the outputs. Default "reports". */
  outDir?: string;
  /** Transaction file. Default: the shipped data/texas_transactions.csv. */
  data?: string;
  /** Last day of the customer histories. Default 2025-06-30, the end of the Texas data. */
  observationEnd?: string;
}

/** The shipped data set, found beside the built package (dist/cli -> ../../data). */
export function shippedDataPath(name: string): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "data", name);
}

/**
 * Runs the main job: audits the transactions with the Five Lenses (monthly) and scores every customer's 12-month
 * CLV (BG/NBD × Gamma-Gamma, 10% a year discounted monthly, 30% margin). Returns the lines to print.
 * @example await runDemo({ outDir: "reports" })
 */
export async function runDemo(opts: DemoCommandOptions = {}): Promise<string[]> {
  const outDir = opts.outDir ?? "reports";
  const data = opts.data ?? shippedDataPath("texas_transactions.csv");
  if (!existsSync(data)) throw new Error(`no such file ${data}: give a transaction CSV with --data`);
  const observationEnd = opts.observationEnd ?? "2025-06-30";
  const lines = [`clvlab demo on ${data} (observation end ${observationEnd})`, "", "Five Lenses audit (monthly periods):"];
  lines.push(...(await runLenses([data], { outDir: join(outDir, "texas-audit"), period: "month", observationEnd, title: "Texas retail: customer-base audit" })).map((l) => `  ${l}`));
  lines.push("", "Customer lifetime value (BG/NBD × Gamma-Gamma, 12 months):");
  const out = join(outDir, "texas_clv_scores.csv");
  const { report } = await runScore([data], { observationEnd, out, months: "12", discountRate: "0.10", margin: "0.30" });
  lines.push(...report.map((l) => `  ${l}`));
  lines.push("", `open ${join(outDir, "texas-audit", "report.html")} for the audit report; per-customer CLV is in ${out}`);
  return lines;
}

/** Registers `clvlab demo`. */
export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("run the main job on the shipped Texas data: Five Lenses audit and CLV scores, written to --out-dir")
    .option("--out-dir <dir>", "folder for the outputs", "reports")
    .option("--data <file>", "transaction CSV (default: the shipped data/texas_transactions.csv)")
    .option("--observation-end <YYYY-MM-DD>", "last day of the customer histories", "2025-06-30")
    .action(async (opts: DemoCommandOptions) => {
      process.stdout.write((await runDemo(opts)).join("\n") + "\n");
    });
}
