// `clvlab fit`: fits a BTYD model to a customer-summary CSV and prints (or saves) the estimates.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import type { TimeUnit } from "../data/types.js";
import type { FitOptions } from "../models/fitReport.js";
import type { BayesFitOptions } from "../models/bayesHook.js";
import type { ClvModel } from "../models/loadModel.js";
import { isModelName, MODEL_IDS, MODEL_NAMES } from "../models/modelIds.js";
import { parseTimeUnit } from "./options.js";
import { writeFileAtomic } from "../util/writeFileAtomic.js";
import { addEngineOption } from "./engineFlags.js";
import type { EngineCommandOptions } from "./engineOption.js";

/** Models `clvlab fit` knows (the model registry). */
export const FIT_MODELS = MODEL_NAMES;

/** Options of the fit command (as parsed by commander). */
export interface FitCommandOptions {
  model?: string;
  json?: boolean;
  save?: string;
  penalty?: string;
  timeUnit?: string;
  method?: string;
  chains?: string;
  draws?: string;
  warmup?: string;
  seed?: string;
}

/**
 * Reads a numeric CSV with a header (quoted cells allowed) into columns; non-numeric cells of numeric columns
 * throw with file, line, column and value. Text columns (ids) are kept as strings.
 */
export function readSummaryCsv(file: string): { columns: Record<string, Float64Array>; ids: string[]; rows: number } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
  const lines = text.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1] === "") lines.pop();
  if (lines.length < 2) throw new Error(`${file}: no data rows (expected a header and one row per customer)`);
  const split = (l: string): string[] => {
    const out: string[] = [];
    let cur = "", q = false;
    for (let i = 0; i < l.length; i++) {
      const ch = l[i]!;
      if (q) {
        if (ch === '"' && l[i + 1] === '"') { cur += '"'; i++; }
        else if (ch === '"') q = false;
        else cur += ch;
      } else if (ch === '"') q = true;
      else if (ch === ",") { out.push(cur); cur = ""; }
      else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const header = split(lines[0]!).map((h) => h.trim());
  // A transaction log (a date column, no frequency) given where a summary is expected: say what to run instead.
  if (!header.some((h) => /^frequency$/i.test(h)) && header.some((h) => /date|time|day/i.test(h)))
    throw new Error(`${file} looks like a transaction log (columns ${header.join(", ")}), not a customer summary: run \`clvlab summarize ${file} --out summary.csv\` first and fit that, or pass the log to \`clvlab score\``);
  const n = lines.length - 1;
  const idCol = header.findIndex((h) => /^(customer_?id|id|cust)$/i.test(h));
  const columns: Record<string, Float64Array> = {};
  header.forEach((h, j) => j !== idCol && (columns[h] = new Float64Array(n)));
  const ids: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const cells = split(lines[i + 1]!);
    if (cells.length !== header.length) throw new Error(`${file} line ${i + 2}: ${cells.length} fields but the header has ${header.length}`);
    ids[i] = idCol >= 0 ? cells[idCol]! : String(i + 1);
    header.forEach((h, j) => {
      if (j === idCol) return;
      const v = cells[j]!.trim();
      const num = v === "" ? NaN : Number(v);
      if (!Number.isFinite(num)) throw new Error(`${file} line ${i + 2}, column "${h}": value ${JSON.stringify(cells[j])} is not a number; fix the cell or remove the row`);
      columns[h]![i] = num;
    });
  }
  return { columns, ids, rows: n };
}

/** Fits the model named `name` to columns read from a summary file (models load on use, so the CLI starts fast). */
export async function fitByName(name: string, data: Record<string, unknown>, options: FitOptions & BayesFitOptions): Promise<ClvModel> {
  if (!isModelName(name)) throw new Error(`unknown model ${JSON.stringify(name)}: use ${FIT_MODELS.join(", ")}`);
  const { MODEL_REGISTRY } = await import("../models/registry.js");
  return MODEL_REGISTRY[name].fit(data, options);
}

/**
 * Runs `clvlab fit`: returns the text to print (JSON with --json) and writes the model with --save.
 * @example runFit("summary.csv", { model: "bg-nbd", json: true })
 */
export async function runFit(file: string, opts: FitCommandOptions): Promise<string> {
  const name = opts.model ?? MODEL_IDS.bgNbd;
  if (!isModelName(name)) throw new Error(`unknown model ${JSON.stringify(name)}: use ${FIT_MODELS.join(", ")}`);
  const unit = opts.timeUnit === undefined ? undefined : parseTimeUnit(opts.timeUnit);
  const penalty = opts.penalty === undefined ? 0 : Number(opts.penalty);
  if (!(penalty >= 0)) throw new Error(`invalid penalty ${JSON.stringify(opts.penalty)}: use a number >= 0`);
  const csv = readSummaryCsv(file);
  const data: Record<string, unknown> = { ...csv.columns };
  if (unit) data.timeUnit = unit as TimeUnit;
  const [{ bayesOptionsFromCli, describePosterior, posteriorJson }, { MODEL_REGISTRY }] = await Promise.all([import("./bayesOptions.js"), import("../models/registry.js")]);
  let model: ClvModel;
  try {
    model = await fitByName(name, data, { penalty, ...bayesOptionsFromCli(opts) });
  } catch (e) {
    // Model errors name data rows; in the file, row N is line N + 1 (after the header).
    const msg = (e as Error).message.replace(/row (\d+)/g, (_m, r: string) => `line ${Number(r) + 1}`);
    throw new Error(`${file}: ${msg}`);
  }
  if (opts.save) writeFileAtomic(opts.save, JSON.stringify(model.toJSON(), null, 2) + "\n");
  const params: Readonly<Record<string, number>> = model.params;
  const se: Readonly<Record<string, number>> = model.standardErrors;
  if (opts.json) {
    const nn = (v: number) => (Number.isFinite(v) ? v : null);
    const rec = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, nn(v)]));
    return JSON.stringify({ model: model.model, params: rec(params), standardErrors: rec(se), logLikelihood: nn(model.logLikelihood), converged: model.converged, iterations: model.iterations, customers: model.customers, gradientNorm: nn(model.gradientNorm), timeUnit: model.timeUnit ?? null, warnings: model.warnings, ...posteriorJson(model) }, null, 2);
  }
  const out = [`model: ${model.model} (${model.customers} customers${model.timeUnit ? `, times in ${model.timeUnit}` : ""})`, model.summaryText()];
  out.push(`log-likelihood: ${model.logLikelihood.toFixed(4)}`);
  out.push(`converged: ${model.converged} (${model.iterations} iterations, gradient norm ${model.gradientNorm.toExponential(2)}, ${model.method})`);
  out.push(...describePosterior(model));
  for (const w of model.warnings) out.push(`warning: ${w}`);
  if (!model.timeUnit && MODEL_REGISTRY[name].kind === "purchase")
    out.push("note: no time unit recorded; the rate parameters are per unit of recency and T in the file. Pass --time-unit days|weeks|months to record it");
  if (opts.save) out.push(`saved: ${opts.save}`);
  return out.join("\n");
}


/** Registers `clvlab fit`. */
export function registerFit(program: Command): void {
  addEngineOption(program
    .command("fit")
    .description("fit a BTYD model to a customer summary CSV (columns frequency, recency, T; monetary_value for gamma-gamma; frequency, recency, periods for bg-bb, from clvlab summarize --periods), to a histogram (--histogram), or to transactions through an engine (--engine)")
    .argument("[summary]", "customer summary CSV, e.g. the output of `clvlab summarize`; with --engine: the transactions (file, glob, folder or table)")
    .option("--histogram <file>", "fit on a histogram CSV (frequency, rb, tb, customers) from `clvlab sql --step histogram`")
    .option("--resolution-days <n>", "histogram cell width in days (with --histogram; with --engine: default chosen against --cell-budget)")
    .option("--cell-budget <n>", "with --engine: most histogram cells (default 500000)")
    .option("--observation-end <YYYY-MM-DD>", "with --engine or --histogram: last day observed")
    .option("--calibration-end <YYYY-MM-DD>", "with --engine or --histogram: end of calibration")
    .option("--skip-invalid", "with --engine: count and skip unreadable rows"))
    .option("--model <name>", `model: ${FIT_MODELS.join(" | ")}`, MODEL_IDS.bgNbd)
    .option("--json", "print the estimates as JSON")
    .option("--save <file>", "write the fitted model as JSON (reuse with clvlab score --model <file>, or loadModel)")
    .option("--penalty <lambda>", "L2 penalty on the log-parameters", "0")
    .option("--time-unit <unit>", "unit of recency and T in the file (days | weeks | months), recorded in the model")
    .option("--method <m>", "mle | map | laplace | mcmc (default mle)")
    .option("--chains <n>", "MCMC chains (default 4)")
    .option("--draws <n>", "draws per chain (default 1000; laplace: total, default 4000)")
    .option("--warmup <n>", "MCMC warm-up iterations per chain (default 1000)")
    .option("--seed <n>", "seed of the sampler (default 1)")
    .action(async (summary: string | undefined, opts: FitCommandOptions & EngineCommandOptions & { histogram?: string }) => {
      if (opts.histogram) return void process.stdout.write((await import("./engineOption.js")).runHistogramFit(opts.histogram, opts).join("\n") + "\n");
      // --source names transactions: the engine path (the memory engine too) summarizes and fits them.
      if (opts.source !== undefined) return void process.stdout.write((await (await import("./engineOption.js")).runEngineFit((await import("./engineFlags.js")).sourcesOf(summary === undefined ? [] : [summary], opts, ""), opts)).join("\n") + "\n");
      if (summary === undefined) throw new Error("missing summary CSV (or --histogram FILE, or transactions with --engine)");
      if ((opts.engine ?? "memory") !== "memory") return void process.stdout.write((await (await import("./engineOption.js")).runEngineFit([summary], opts)).join("\n") + "\n");
      process.stdout.write((await runFit(summary, opts)) + "\n");
    });
}
