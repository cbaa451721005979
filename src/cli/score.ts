// `clvlab score`: transactions -> customer summary -> BTYD + Gamma-Gamma -> per-customer CLV CSV.
import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { DAYS_PER_UNIT } from "../data/types.js";
import { BASE_LEARNERS, MODEL_IDS } from "../models/modelIds.js";
import { formatCsv } from "../io/formatCsv.js";
import { outputFormat } from "../io/outputFormat.js";
import { writeTable } from "../io/writeTable.js";
import { addEngineOption, sourcesOf } from "./engineFlags.js";
import type { EngineScoreCommandOptions } from "./engineOption.js";
import { CLV_DEFAULTS } from "../models/clvDefaults.js";
import type { GammaGammaModel } from "../models/gammaGamma.js";
import type { ClvModel, PurchaseModel } from "../models/loadModel.js";
import { addLogOptions, loadLogForCommand, parseIsoDate, parseNumberOption, parseTimeUnit, type LogCommandOptions } from "./options.js";

/** Options of the score command (as parsed by commander). */
export interface ScoreCommandOptions extends LogCommandOptions {
  months?: string;
  discountRate?: string;
  margin?: string;
  /** A model name (bg-nbd, pareto-nbd) or a model saved by `clvlab fit --save` (.json). */
  model?: string;
  /** A Gamma-Gamma model saved by `clvlab fit --model gamma-gamma --save` (.json); default: fitted to the data. */
  spendModel?: string;
  out?: string;
  discounting?: string;
  intervals?: boolean;
  level?: string;
  method?: string;
  seed?: string;
}

const num = (flag: string, v: string | undefined, dflt: number, check: (x: number) => boolean, hint: string): number => parseNumberOption(v, flag, check, hint) ?? dflt;

/** Reads a model saved by `clvlab fit --save`, checking it is of the wanted kind. */
async function readSavedModel(file: string, kinds: readonly string[], flag: string): Promise<ClvModel> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`cannot read ${flag} ${file}: ${(e as Error).message}`);
  }
  const { loadModel } = await import("../models/loadModel.js");
  const m = loadModel(text);
  if (!kinds.includes(m.model)) throw new Error(`${file} holds a ${m.model} model: ${flag} takes ${kinds.join(" or ")} (save one with clvlab fit --model ${kinds[0]} --save ${file})`);
  return m;
}

/**
 * Runs `clvlab score`: loads transactions, summarizes them up to the observation end (default the last day in the
 * data), fits the purchase model and Gamma-Gamma (or reuses saved ones), and returns the per-customer CSV
 * (customer_id, frequency, recency, T, expected_purchases, p_alive, expected_spend, clv) and report lines; the CLV
 * total is printed with its margin, discount and horizon.
 * @example await runScore(["data/cdnow_transactions.csv"], { observationEnd: "1997-09-30", out: "scores.csv" })
 */
export async function runScore(files: readonly string[], opts: ScoreCommandOptions): Promise<{ csv: string; report: string[] }> {
  if (opts.observationEnd !== undefined) parseIsoDate(opts.observationEnd, "--observation-end");
  if (opts.out && opts.out !== "-") outputFormat(opts.out); // an unknown extension is refused before the work
  const months = num("--months", opts.months, CLV_DEFAULTS.months, (x) => x > 0 && Number.isInteger(x), "use a whole number of months > 0");
  const rate = num("--discount-rate", opts.discountRate, CLV_DEFAULTS.discountRate, (x) => x >= 0, "use an annual rate such as 0.10");
  const margin = num("--margin", opts.margin, CLV_DEFAULTS.margin, (x) => x >= 0 && x <= 1, "use a fraction between 0 and 1, e.g. 0.30");
  const modelName = opts.model ?? MODEL_IDS.bgNbd;
  const purchaseModels = BASE_LEARNERS.map(String);
  const saved = /\.json$/i.test(modelName) ? ((await readSavedModel(modelName, [...purchaseModels, MODEL_IDS.mbgNbd], "--model")) as PurchaseModel) : undefined;
  const learner = BASE_LEARNERS.find((m) => m === modelName);
  if (!saved && !learner) throw new Error(`invalid --model ${JSON.stringify(modelName)}: use ${BASE_LEARNERS.join(", ")} or a model saved by clvlab fit --save (.json)`);
  const savedSpend = opts.spendModel ? ((await readSavedModel(opts.spendModel, [MODEL_IDS.gammaGamma], "--spend-model")) as GammaGammaModel) : undefined;
  const discounting = opts.discounting ?? "discrete";
  if (discounting !== "discrete" && discounting !== "continuous") throw new Error(`invalid --discounting ${JSON.stringify(discounting)}: use discrete or continuous`);
  if (opts.intervals && !learner) throw new Error("--intervals refits the model on the data: give --model by name (bg-nbd or pareto-nbd), not a saved file");
  // A saved model's rates are per its own time unit: the summary must be in that unit.
  const unit = parseTimeUnit(opts.timeUnit, saved?.timeUnit ?? "weeks");
  if (saved?.timeUnit && saved.timeUnit !== unit) throw new Error(`--time-unit ${unit} differs from the saved model's ${saved.timeUnit}: leave --time-unit out or refit`);
  if (saved && !saved.timeUnit && opts.timeUnit === undefined) throw new Error(`${modelName} records no time unit: give the unit it was fitted in with --time-unit (days, weeks or months)`);
  const { log, noAmount, observationEnd, lines: loadLines } = await loadLogForCommand(files, opts);
  if (noAmount && opts.spendModel) throw new Error("--spend-model needs amounts, and this log has none: leave it out to score purchases only");
  if (noAmount && opts.intervals) throw new Error("--intervals gives CLV intervals, and this log has no amounts: leave it out to score purchases only");
  if (log.length === 0) throw new Error(`no transactions on or before ${observationEnd} in ${files.join(", ")}`);
  // Models load on use, so the CLI starts fast.
  const [{ summarizeCustomers }, { MODEL_REGISTRY }, { fitGammaGamma }, { customerLifetimeValue }, { describeClvAssumptions }] = await Promise.all([
    import("../summaries/summarizeCustomers.js"), import("../models/registry.js"), import("../models/gammaGamma.js"),
    import("../models/customerLifetimeValue.js"), import("../models/describeClvAssumptions.js"),
  ]);
  const s = summarizeCustomers(log, { timeUnit: unit, observationEnd });
  const purchase = saved ?? MODEL_REGISTRY[learner!].fit(s);
  const horizon = (months * 365.25) / 12 / DAYS_PER_UNIT[unit];
  const expected = purchase.conditionalExpectedPurchases(horizon, s);
  const alive = purchase.probabilityAlive(s);
  // Count data: purchases and P(alive) only; expected spend and CLV need amounts.
  const spend = noAmount ? undefined : savedSpend ?? fitGammaGamma(s);
  const eSpend = spend?.conditionalExpectedSpend(s);
  const clvOptions = { months, discountRate: rate, margin, discounting, timeUnit: unit } as const;
  const clv = spend ? customerLifetimeValue(purchase, spend, s, clvOptions) : undefined;
  const iv = opts.intervals && learner ? (await import("../bayes/scoreIntervals.js")).scoreIntervals(learner, s, clvOptions, opts) : undefined;
  const columns = {
    customer_id: s.customerId, frequency: s.frequency, recency: s.recency, T: s.T, expected_purchases: expected, p_alive: alive,
    ...(clv ? { expected_spend: eSpend!, clv } : {}),
    ...(iv ? { clv_lower: iv.summary.lower, clv_upper: iv.summary.upper } : {}),
  };
  const fixed4 = (x: number) => x.toFixed(4);
  const digits7 = (x: number) => String(Number(x.toPrecision(7)));
  const csvFormat = { recency: fixed4, T: fixed4, expected_purchases: digits7, p_alive: digits7, expected_spend: fixed4, clv: fixed4, clv_lower: fixed4, clv_upper: fixed4 };
  let total = 0;
  if (clv) for (let i = 0; i < s.customerId.length; i++) total += clv[i]!;
  const report = [
    ...loadLines,
    `customers scored: ${s.customerId.length} (summary in ${unit}, observation end ${s.observationEnd})`,
    `${purchase.model}: ${Object.entries(purchase.params).map(([k, v]) => `${k} ${(v as number).toPrecision(5)}`).join(", ")}; converged ${purchase.converged}${saved ? ` (saved model ${modelName})` : ""}`,
    ...(spend
      ? [
          `gamma-gamma: ${Object.entries(spend.params).map(([k, v]) => `${k} ${(v as number).toPrecision(5)}`).join(", ")}; converged ${spend.converged}${savedSpend ? ` (saved model ${opts.spendModel})` : ""}${spend.excludedNonPositiveSpend ? `; ${spend.excludedNonPositiveSpend} repeat buyers with zero/negative spend got the population mean` : ""}`,
          `total CLV ${total.toFixed(2)} (${describeClvAssumptions({ margin, discountRate: rate, months, discounting })})`,
        ]
      : [`expected purchases in the next ${months} months: ${expected.reduce((t, x) => t + x, 0).toFixed(2)} (no amounts: expected spend and CLV left out)`]),
  ];
  if (iv) report.push(iv.line);
  for (const w of [...purchase.warnings, ...(spend?.warnings ?? []), ...(iv?.warnings ?? [])]) report.push(`warning: ${w}`);
  const csv = formatCsv(columns, { csvFormat });
  if (opts.out === "-") process.stdout.write(csv);
  else if (opts.out) {
    writeTable(opts.out, columns, { csvFormat });
    report.push(`wrote ${opts.out}`);
  }
  return { csv, report };
}

/** Registers `clvlab score`. */
export function registerScore(program: Command): void {
  const cmd = program
    .command("score")
    .description("score customers: expected purchases, P(alive), expected spend and CLV from transaction files")
    .argument("[transactions...]", "transaction files or folders (CSV, Parquet, JSON lines); with --engine one file, glob, folder or table")
    .option("--months <n>", "CLV horizon in months (365.25/12 days)", String(CLV_DEFAULTS.months))
    .option("--discount-rate <r>", "annual discount rate", CLV_DEFAULTS.discountRate.toFixed(2))
    .option("--margin <m>", "profit margin applied to spend (1 gives CLV in revenue)", CLV_DEFAULTS.margin.toFixed(2))
    .option("--model <name|file>", `purchase model: ${BASE_LEARNERS.join(" | ")}, or a model saved by clvlab fit --save (.json)`, MODEL_IDS.bgNbd)
    .option("--spend-model <file>", "a Gamma-Gamma model saved by clvlab fit --model gamma-gamma --save (default: fitted to the data)")
    .option("--discounting <kind>", "discrete (monthly, as lifetimes) | continuous (DERT, as BTYD)", "discrete")
    .option("--intervals", "add clv_lower and clv_upper: credible interval from parameter uncertainty")
    .option("--level <p>", "level of the CLV interval (default 0.94)")
    .option("--method <m>", "posterior for --intervals: laplace (default) | mcmc")
    .option("--seed <n>", "seed of the posterior draws (default 1)")
    .option("--out-table <name>", "with --engine: write the scores to this table in the engine")
    .option("--export-cells <file>", "write the per-cell predictions (CSV) to upload to a warehouse for `clvlab sql --step score`")
    .option("--histogram <file>", "with --model-file and --export-cells: cell predictions for a histogram CSV from a warehouse, no transactions")
    .option("--model-file <file>", "a saved purchase model (clvlab fit --save) for --histogram")
    .option("--resolution-days <n>", "histogram cell width in days (default: 1 with --histogram; chosen against --cell-budget with --engine)")
    .option("--cell-budget <n>", "with --engine: most histogram cells (default 500000)")
    .option("--out <file>", "output table: .csv, .parquet, .json or .jsonl (default or -: CSV on standard output, the report then goes to standard error); with --engine duckdb .parquet or .csv, written by the engine");
  addEngineOption(addLogOptions(cmd, {
    timeUnit: "weeks",
    timeUnitHelp: "unit of the summary and the model: days, weeks or months (default: weeks, or a saved model's unit)",
    observationEndHelp: "last day of the customer histories; later rows are counted and left out (default: the last day in the data, printed)",
  }));
  cmd.action(async (args: string[], opts: ScoreCommandOptions & EngineScoreCommandOptions) => {
    const files = opts.histogram ? args : sourcesOf(args, opts, "clvlab score FILES... (or --source FILE|GLOB|FOLDER|TABLE)");
    if ((opts.engine ?? "memory") !== "memory" || opts.histogram) return void process.stdout.write((await (await import("./engineOption.js")).runEngineScore(files, opts)).join("\n") + "\n");
    if (!files.length) throw new Error("missing transaction files: give one or more files or folders");
    const { csv, report } = await runScore(files, opts);
    if (!opts.out) process.stdout.write(csv);
    // With the CSV on standard output the report goes to standard error.
    (opts.out && opts.out !== "-" ? process.stdout : process.stderr).write(report.join("\n") + "\n");
  });
}
