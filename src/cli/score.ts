// `clvlab score`: transactions -> customer summary -> BTYD + Gamma-Gamma -> per-customer CLV CSV.
import type { Command } from "commander";
import { describeLoadReport } from "../data/describeLoadReport.js";
import { loadTransactions, type LoadTransactionsOptions } from "../data/loadTransactions.js";
import { DAYS_PER_UNIT } from "../data/types.js";
import { customerLifetimeValue } from "../models/customerLifetimeValue.js";
import { fitGammaGamma } from "../models/gammaGamma.js";
import { BASE_LEARNERS, MODEL_IDS, MODEL_REGISTRY } from "../models/registry.js";
import { summarizeCustomers } from "../summaries/summarizeCustomers.js";
import { formatCsv } from "../io/formatCsv.js";
import { outputFormat } from "../io/outputFormat.js";
import { writeTable } from "../io/writeTable.js";
import { addEngineOption, runEngineScore, type EngineScoreCommandOptions } from "./engineOption.js";
import { scoreIntervals } from "../bayes/scoreIntervals.js";

/** Options of the score command (as parsed by commander). */
export interface ScoreCommandOptions {
  observationEnd?: string;
  months?: string;
  discountRate?: string;
  margin?: string;
  model?: string;
  out?: string;
  discounting?: string;
  customerCol?: string;
  dateCol?: string;
  amountCol?: string;
  delimiter?: string;
  timeZone?: string;
  intervals?: boolean;
  level?: string;
  method?: string;
  seed?: string;
}

const num = (name: string, v: string | undefined, dflt: number, check: (x: number) => boolean, hint: string): number => {
  if (v === undefined) return dflt;
  const x = Number(v);
  if (!Number.isFinite(x) || !check(x)) throw new Error(`invalid ${name} ${JSON.stringify(v)}: ${hint}`);
  return x;
};

/**
 * Runs `clvlab score`: loads transactions, summarizes them (weeks) up to the observation end, fits the purchase
 * model and Gamma-Gamma, and returns the per-customer CSV (customer_id, frequency, recency, T, expected_purchases,
 * p_alive, expected_spend, clv) and report lines.
 * @example await runScore(["data/cdnow_transactions.csv"], { observationEnd: "1997-09-30", out: "scores.csv" })
 */
export async function runScore(files: readonly string[], opts: ScoreCommandOptions): Promise<{ csv: string; report: string[] }> {
  if (!opts.observationEnd) throw new Error("missing --observation-end YYYY-MM-DD: the date the customer histories end");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.observationEnd)) throw new Error(`invalid --observation-end ${JSON.stringify(opts.observationEnd)}: use YYYY-MM-DD`);
  if (opts.out) outputFormat(opts.out); // an unknown extension is refused before the work
  const months = num("--months", opts.months, 12, (x) => x > 0 && Number.isInteger(x), "use a whole number of months > 0");
  const rate = num("--discount-rate", opts.discountRate, 0.1, (x) => x >= 0, "use an annual rate such as 0.10");
  const margin = num("--margin", opts.margin, 0.3, (x) => x >= 0 && x <= 1, "use a fraction between 0 and 1, e.g. 0.30");
  const modelName = BASE_LEARNERS.find((m) => m === (opts.model ?? MODEL_IDS.bgNbd));
  if (!modelName) throw new Error(`invalid --model ${JSON.stringify(opts.model)}: use ${BASE_LEARNERS.join(" or ")}`);
  const discounting = opts.discounting ?? "discrete";
  if (discounting !== "discrete" && discounting !== "continuous") throw new Error(`invalid --discounting ${JSON.stringify(discounting)}: use discrete or continuous`);
  const delimiter = opts.delimiter === "\\t" || opts.delimiter === "tab" ? "\t" : opts.delimiter;
  const load: LoadTransactionsOptions = {
    columns: { customer: opts.customerCol, date: opts.dateCol, amount: opts.amountCol },
    attributes: "none",
    observationEnd: opts.observationEnd,
    ...(delimiter !== undefined ? { delimiter } : {}),
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
  };
  for (const k of ["customer", "date", "amount"] as const) if (load.columns![k] === undefined) delete load.columns![k];
  const log = await loadTransactions(files, load);
  if (log.length === 0) throw new Error(`no transactions on or before ${opts.observationEnd} in ${files.join(", ")}`);
  const s = summarizeCustomers(log, { timeUnit: "weeks", observationEnd: opts.observationEnd });
  const purchase = MODEL_REGISTRY[modelName].fit(s);
  const spend = fitGammaGamma(s);
  const horizon = (months * 365.25) / 12 / DAYS_PER_UNIT.weeks;
  const expected = purchase.conditionalExpectedPurchases(horizon, s);
  const alive = purchase.probabilityAlive(s);
  const eSpend = spend.conditionalExpectedSpend(s);
  const clv = customerLifetimeValue(purchase, spend, s, { months, discountRate: rate, margin, discounting, timeUnit: "weeks" });
  const iv = opts.intervals ? scoreIntervals(modelName, s, { months, discountRate: rate, margin, discounting, timeUnit: "weeks" }, opts) : undefined;
  const columns = { customer_id: s.customerId, frequency: s.frequency, recency: s.recency, T: s.T, expected_purchases: expected, p_alive: alive, expected_spend: eSpend, clv, ...(iv ? { clv_lower: iv.summary.lower, clv_upper: iv.summary.upper } : {}) };
  const fixed4 = (x: number) => x.toFixed(4);
  const digits7 = (x: number) => String(Number(x.toPrecision(7)));
  const csvFormat = { recency: fixed4, T: fixed4, expected_purchases: digits7, p_alive: digits7, expected_spend: fixed4, clv: fixed4, clv_lower: fixed4, clv_upper: fixed4 };
  let total = 0;
  for (let i = 0; i < s.customerId.length; i++) total += clv[i]!;
  const r = log.report;
  const report = [
    ...describeLoadReport(r),
    `customers scored: ${s.customerId.length} (summary in weeks, observation end ${s.observationEnd})`,
    `${purchase.model}: ${Object.entries(purchase.params).map(([k, v]) => `${k} ${(v as number).toPrecision(5)}`).join(", ")}; converged ${purchase.converged}`,
    `gamma-gamma: ${Object.entries(spend.params).map(([k, v]) => `${k} ${(v as number).toPrecision(5)}`).join(", ")}; converged ${spend.converged}${spend.excludedNonPositiveSpend ? `; ${spend.excludedNonPositiveSpend} repeat buyers with zero/negative spend got the population mean` : ""}`,
    `horizon ${months} months, discount ${rate} per year (${discounting}), margin ${margin}: total CLV ${total.toFixed(2)}`,
  ];
  if (iv) report.push(iv.line);
  for (const w of [...purchase.warnings, ...spend.warnings, ...(iv?.warnings ?? [])]) report.push(`warning: ${w}`);
  const csv = formatCsv(columns, { csvFormat });
  if (opts.out) {
    writeTable(opts.out, columns, { csvFormat });
    report.push(`wrote ${opts.out}`);
  }
  return { csv, report };
}

/** Registers `clvlab score`. */
export function registerScore(program: Command): void {
  addEngineOption(program
    .command("score")
    .description("score customers: expected purchases, P(alive), expected spend and CLV from transaction files")
    .argument("[transactions...]", "transaction files or folders (CSV, Parquet, JSON lines); with --engine one file, glob, folder or table")
    .option("--observation-end <date>", "last day of the customer histories (YYYY-MM-DD); required without --engine")
    .option("--out-table <name>", "with --engine: write the scores to this table in the engine")
    .option("--export-cells <file>", "write the per-cell predictions (CSV) to upload to a warehouse for `clvlab sql --step score`")
    .option("--histogram <file>", "with --model-file and --export-cells: cell predictions for a histogram CSV from a warehouse, no transactions")
    .option("--model-file <file>", "a saved purchase model (clvlab fit --save) for --histogram")
    .option("--resolution-days <n>", "histogram cell width in days (default: 1 with --histogram; chosen against --cell-budget with --engine)")
    .option("--cell-budget <n>", "with --engine: most histogram cells (default 500000)")
    .option("--time-unit <unit>", "with --engine or --histogram: unit of recency and T (default weeks)")
    .option("--months <n>", "CLV horizon in months (365.25/12 days)", "12")
    .option("--discount-rate <r>", "annual discount rate", "0.10")
    .option("--margin <m>", "profit margin applied to spend", "0.30")
    .option("--model <name>", `purchase model: ${BASE_LEARNERS.join(" | ")}`, MODEL_IDS.bgNbd)
    .option("--discounting <kind>", "discrete (monthly, as lifetimes) | continuous (DERT, as BTYD)", "discrete")
    .option("--customer-col <name>", "customer id column")
    .option("--date-col <name>", "date column")
    .option("--amount-col <name>", "amount column")
    .option("--delimiter <c>", "field delimiter of text files")
    .option("--time-zone <tz>", "IANA time zone of naive timestamps (default UTC)")
    .option("--intervals", "add clv_lower and clv_upper: credible interval from parameter uncertainty")
    .option("--level <p>", "level of the CLV interval (default 0.94)")
    .option("--method <m>", "posterior for --intervals: laplace (default) | mcmc")
    .option("--seed <n>", "seed of the posterior draws (default 1)")
    .option("--out <file>", "output table (required): .csv, .parquet, .json or .jsonl (- for CSV on standard output); with --engine duckdb .parquet or .csv, written by the engine"))
    .action(async (files: string[], opts: ScoreCommandOptions & EngineScoreCommandOptions) => {
      if ((opts.engine ?? "memory") !== "memory" || opts.histogram) return void process.stdout.write((await runEngineScore(files, opts)).join("\n") + "\n");
      if (!opts.out) throw new Error("missing --out FILE: where to write the scores (.csv, .parquet, .json, .jsonl or - for standard output)");
      const { report } = await runScore(files, opts);
      (opts.out === "-" ? process.stderr : process.stdout).write(report.join("\n") + "\n");
    });
}
