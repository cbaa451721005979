// `clvlab sql`: prints the SQL of one step (summary, histogram, score) for a warehouse clvlab cannot reach.
import { MODEL_IDS } from "../models/modelIds.js";
import { CLV_DEFAULTS } from "../models/clvDefaults.js";
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import type { TimeUnit } from "../data/types.js";
import { SQL_DIALECTS } from "../engines/dialects.js";
import { generateSql, type SqlStep } from "../engines/generateSql.js";

/** Options of the sql command (as parsed by commander). */
export interface SqlCommandOptions {
  dialect: string;
  step: string;
  table: string;
  customerCol?: string;
  dateCol?: string;
  amountCol?: string;
  observationEnd: string;
  calibrationEnd?: string;
  resolutionDays?: string;
  cells?: string;
  horizons?: string;
  spendModel?: string;
  margin?: string;
  timeUnit?: string;
}

/**
 * Runs `clvlab sql`: the SQL text of a step in a dialect. The score step reads Gamma-Gamma's p, q, v from a saved
 * model (`clvlab fit --model gamma-gamma --save`) and joins a cell table uploaded from `clvlab score --export-cells`.
 * @example runSql({ dialect: "spark", step: "histogram", table: "sales.tx", observationEnd: "2025-06-30" })
 */
export function runSql(o: SqlCommandOptions): string {
  const step = o.step as SqlStep;
  if (!["summary", "histogram", "score"].includes(step)) throw new Error(`invalid --step ${JSON.stringify(o.step)}: use summary, histogram or score`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.observationEnd ?? "")) throw new Error(`invalid --observation-end ${JSON.stringify(o.observationEnd)}: use YYYY-MM-DD`);
  const res = o.resolutionDays === undefined ? 1 : Number(o.resolutionDays);
  if (!Number.isInteger(res) || res < 1) throw new Error(`invalid --resolution-days ${JSON.stringify(o.resolutionDays)}: use a whole number of days >= 1`);
  let spend: { p: number; q: number; v: number } | undefined;
  if (step === "score") {
    if (!o.spendModel) throw new Error("--step score needs --spend-model FILE: a Gamma-Gamma model saved by `clvlab fit --model gamma-gamma --save`");
    const j = JSON.parse(readFileSync(o.spendModel, "utf8")) as { model?: string; params?: { p: number; q: number; v: number } };
    if (j.model !== MODEL_IDS.gammaGamma || !j.params) throw new Error(`${o.spendModel}: not a gamma-gamma model (model ${JSON.stringify(j.model)}): save one with clvlab fit --model gamma-gamma --save`);
    spend = j.params;
  }
  const margin = o.margin === undefined ? CLV_DEFAULTS.margin : Number(o.margin);
  if (!(margin >= 0)) throw new Error(`invalid --margin ${JSON.stringify(o.margin)}: use a fraction such as 0.30`);
  const columns = { ...(o.customerCol ? { customer: o.customerCol } : {}), ...(o.dateCol ? { date: o.dateCol } : {}), ...(o.amountCol ? { amount: o.amountCol } : {}) };
  return (
    generateSql({
      dialect: o.dialect,
      step,
      table: o.table,
      columns,
      observationEnd: o.observationEnd,
      ...(o.calibrationEnd ? { calibrationEnd: o.calibrationEnd } : {}),
      resolutionDays: res,
      ...(o.cells ? { cells: o.cells } : {}),
      horizonColumns: o.horizons ? o.horizons.split(",").map((s) => s.trim()).filter(Boolean) : [],
      ...(spend ? { spend } : {}),
      margin,
      timeUnit: (o.timeUnit ?? "weeks") as TimeUnit,
    }) + ";"
  );
}

/** Registers `clvlab sql`. */
export function registerSql(program: Command): void {
  program
    .command("sql")
    .description("print the SQL of a step (summary, histogram, score) for Spark, BigQuery, Snowflake, PostgreSQL, ClickHouse or DuckDB")
    .requiredOption("--dialect <name>", SQL_DIALECTS.join(" | "))
    .requiredOption("--step <step>", "summary | histogram | score")
    .requiredOption("--table <name>", "transactions table (columns customer_id, date, amount unless renamed)")
    .requiredOption("--observation-end <YYYY-MM-DD>", "last day observed (inclusive)")
    .option("--calibration-end <YYYY-MM-DD>", "end of calibration (T counts to it)")
    .option("--customer-col <name>", "customer id column", "customer_id")
    .option("--date-col <name>", "date column", "date")
    .option("--amount-col <name>", "amount column", "amount")
    .option("--resolution-days <n>", "histogram cell width in days", "1")
    .option("--cells <table>", "score: the uploaded cell predictions table", "clv_cells")
    .option("--horizons <cols>", "score: expected-purchase columns of the cell table, comma-separated")
    .option("--spend-model <file>", "score: saved Gamma-Gamma model (JSON)")
    .option("--margin <m>", "score: profit margin on spend (default 0.30; 1 gives CLV in revenue)")
    .option("--time-unit <unit>", "score: unit of recency and T in the output", "weeks")
    .action((opts: SqlCommandOptions) => {
      process.stdout.write(runSql(opts) + "\n");
    });
}
