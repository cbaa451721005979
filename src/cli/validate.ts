// `clvlab validate`: holdout comparison of every model (and expanding-window cross-validation) with a report.
import { join } from "node:path";
import type { Command } from "commander";
import { summarizeWarnings } from "./train.js";
import { parseNumberOption } from "./options.js";
import type { ValidationModelName } from "../validation/evaluateHoldout.js";
import type { TemporalCrossValidation } from "../validation/crossValidateTemporal.js";
import type { TimeUnit } from "../data/types.js";
import { dayNumber, isoDate } from "../time/dayNumber.js";
import { writeFileAtomic } from "../util/writeFileAtomic.js";
import { VALIDATION_MODELS } from "../validation/validationModels.js";
import { addEngineOption, sourcesOf } from "./engineFlags.js";

/** Options of the validate command (as parsed by commander). */
export interface ValidateCommandOptions {
  /** List every warning of the stacked predictor's inner-origin models (default: one counted line). */
  verbose?: boolean;
  calibrationEnd: string;
  observationEnd: string;
  out: string;
  models?: string;
  folds?: string;
  step?: string;
  horizon?: string;
  timeUnit?: string;
  margin?: string;
  discountRate?: string;
  seed?: string;
  replicates?: string;
  countScores?: boolean;
  /** memory (default), duckdb, duckdb:FILE or clickhouse://host:port/db: where the summaries and holdout actuals are computed. */
  engine?: string;
  source?: string;
  memoryLimit?: string;
}

const numberOption = (v: string | undefined, name: string, ok: (x: number) => boolean, fix: string): number | undefined => parseNumberOption(v, `--${name}`, ok, fix);

/**
 * Runs `clvlab validate`: fits every model on the calibration period, scores the holdout, optionally cross-validates
 * on expanding windows (the first fold calibrates to --calibration-end, each next one --step later, each scored on the
 * next --horizon, default --step, inside --observation-end), writes metrics.csv, metrics.json and report.html to --out
 * and prints the tables. Returns the text printed.
 */
export async function runValidate(sources: string[], o: ValidateCommandOptions): Promise<string> {
  // Loaded on use, so `clvlab --version` and `--help` start fast.
  const [{ describeLoadReport }, { loadTransactions }, { crossValidateTemporal }, { evaluateHoldout, METRIC_COLUMNS }, { logUpTo }, { metricsTable }, { validationReport }] = await Promise.all([import("../data/rows/describeLoadReport.js"), import("../data/loadTransactions.js"), import("../validation/crossValidateTemporal.js"), import("../validation/evaluateHoldout.js"), import("../validation/logUpTo.js"), import("../validation/metricsTable.js"), import("../reports/validationReport.js")]);
  if (!sources.length) throw new Error("no transaction files given: clvlab validate <transactions...> --calibration-end DATE --observation-end DATE --out DIR");
  dayNumber(o.calibrationEnd);
  dayNumber(o.observationEnd);
  if (dayNumber(o.observationEnd) <= dayNumber(o.calibrationEnd)) throw new Error(`--observation-end ${o.observationEnd} is not after --calibration-end ${o.calibrationEnd}: give a later observation end`);
  const onEngine = (o.engine ?? "memory") !== "memory";
  // On an engine the default is every model but the stacked one (it reads the log).
  const models = (o.models ?? VALIDATION_MODELS.filter((m) => !onEngine || m !== "stacked").join(",")).split(",").map((m) => m.trim()).filter(Boolean);
  for (const m of models) if (!VALIDATION_MODELS.includes(m as ValidationModelName)) throw new Error(`invalid --models entry ${JSON.stringify(m)}: use a comma-separated list of ${VALIDATION_MODELS.join(", ")}`);
  const folds = numberOption(o.folds, "folds", (x) => Number.isInteger(x) && x >= 1, "use a whole number ≥ 1");
  if (folds === undefined && (o.step !== undefined || o.horizon !== undefined)) throw new Error("--step and --horizon need --folds N: give the number of cross-validation folds");
  const margin = numberOption(o.margin, "margin", (x) => x > 0 && x <= 1, "use a share in (0, 1], e.g. 0.3");
  const discountRate = numberOption(o.discountRate, "discount-rate", (x) => x >= 0 && Number.isFinite(x), "use a non-negative annual rate, e.g. 0.1");
  const seed = numberOption(o.seed, "seed", (x) => Number.isInteger(x) && x >= 0, "use a whole number ≥ 0");
  const replicates = numberOption(o.replicates, "replicates", (x) => Number.isInteger(x) && x >= 0, "use a whole number ≥ 0");
  if (o.timeUnit !== undefined && !["days", "weeks", "months"].includes(o.timeUnit)) throw new Error(`invalid --time-unit ${JSON.stringify(o.timeUnit)}: use days, weeks or months`);
  if (onEngine && folds !== undefined) throw new Error(`--folds (cross-validation) reads the log in memory: leave out --engine ${o.engine}, or --folds`);
  if (onEngine && models.includes("stacked")) throw new Error(`the stacked model needs the log in memory: with --engine ${o.engine} list --models ${VALIDATION_MODELS.filter((m) => m !== "stacked").join(",")}`);
  const log = onEngine ? undefined : await loadTransactions(sources, { observationEnd: o.observationEnd });
  const common = {
    // Without --models the comparison's default applies (bg-bb only where the periods are discrete).
    ...(o.models !== undefined ? { models: models as ValidationModelName[] } : {}),
    ...(o.timeUnit ? { timeUnit: o.timeUnit as TimeUnit } : {}),
    ...(margin !== undefined ? { margin } : {}),
    ...(discountRate !== undefined ? { discountRate } : {}),
    ...(o.countScores === false ? { countScores: false } : {}),
    stacked: { seed: seed ?? 0, replicates: replicates ?? 0 },
  };
  const evalOptions = { ...common, calibrationEnd: o.calibrationEnd, observationEnd: o.observationEnd };
  // On an engine the calibration summary and the holdout actuals come from SQL; the comparison itself is the same.
  const onLog = log ? { ev: evaluateHoldout(log, evalOptions), loadReport: log.report, loadLines: describeLoadReport(log.report) } : undefined;
  const { ev, loadReport, loadLines } = onLog ?? (await (await import("./engineOption.js")).runEngineHoldout(sources, o, evalOptions));
  let cv: TemporalCrossValidation | undefined;
  if (folds !== undefined && log) {
    const step = o.step ?? "3m";
    let first = Infinity;
    for (let i = 0; i < log.length; i++) first = Math.min(first, log.day[i]!);
    // Folds live inside the observation window: the log is cut at its end, and the first fold calibrates to --calibration-end.
    cv = crossValidateTemporal(logUpTo(log, dayNumber(o.observationEnd)), { ...common, start: isoDate(first), initial: dayNumber(o.calibrationEnd) - first + 1, step, horizon: o.horizon ?? step, folds });
  }
  const settings = { calibrationEnd: ev.calibrationEnd, observationEnd: ev.observationEnd, holdoutDays: ev.holdoutDays, timeUnit: ev.timeUnit, periodDays: ev.periodDays, margin: ev.margin, discountRate: ev.discountRate, discountRatePeriod: "year", models };
  const csvRows: Record<string, string | number>[] = [
    ...ev.rows.map((r) => ({ section: "holdout", fold: "", calibrationEnd: ev.calibrationEnd, observationEnd: ev.observationEnd, ...r })),
    ...(cv ? cv.folds.flatMap((f) => f.rows.map((r) => ({ section: "cv-fold", fold: f.fold, calibrationEnd: f.calibrationEnd, observationEnd: f.observationEnd, ...r }))) : []),
    // Summary rows: metric columns hold the means over folds, cv_* their coefficients of variation.
    ...(cv ? cv.summaryRows.map((r) => ({ section: "cv-summary", fold: "", calibrationEnd: "", observationEnd: "", ...r })) : []),
  ];
  const cvColumns = cv ? Object.keys(cv.summaryRows[0]!).filter((k) => k.startsWith("cv_")).map((key) => ({ key })) : [];
  const csv = metricsTable(csvRows, { columns: [{ key: "section" }, { key: "fold" }, { key: "calibrationEnd" }, { key: "observationEnd" }, ...METRIC_COLUMNS, ...cvColumns] }).csv;
  writeFileAtomic(join(o.out, "metrics.csv"), csv);
  const json = {
    settings,
    loadReport,
    rows: ev.report,
    holdout: ev.rows,
    coverage95: Object.fromEntries(ev.models.filter((m) => m.coverage95 !== undefined).map((m) => [m.model, m.coverage95!])),
    fits: Object.fromEntries(ev.models.filter((m) => m.fit).map((m) => [m.model, m.fit])),
    crossValidation: cv ? { folds: cv.folds.map((f) => ({ fold: f.fold, calibrationEnd: f.calibrationEnd, observationEnd: f.observationEnd, customers: f.customers, rows: f.rows })), summary: cv.summaryRows } : null,
    warnings: ev.warnings,
  };
  writeFileAtomic(join(o.out, "metrics.json"), JSON.stringify(json, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n");
  writeFileAtomic(join(o.out, "report.html"), validationReport(ev, cv));
  const lines = [
    ...loadLines,
    `holdout ${ev.calibrationEnd} .. ${ev.observationEnd} (${ev.holdoutDays} days), ${ev.report.customers} customers; models fitted in ${ev.timeUnit}; value = revenue × margin ${ev.margin}, discounted ${(100 * ev.discountRate).toFixed(1)}%/year`,
    "",
    ev.table.text,
    ...(cv ? [`cross-validation: ${cv.folds.length} expanding folds (${cv.folds.map((f) => `${f.calibrationEnd}..${f.observationEnd}`).join(", ")}); means and coefficients of variation across folds`, "", cv.summaryTable.text] : []),
    ...ev.models.filter((m) => m.coverage95 !== undefined).map((m) => `${m.model} 95% interval coverage of holdout value: ${(100 * m.coverage95!).toFixed(1)}%`),
    ...summarizeWarnings(ev.warnings, o.verbose === true),
    `wrote ${join(o.out, "metrics.csv")}, ${join(o.out, "metrics.json")}, ${join(o.out, "report.html")}`,
  ];
  const text = lines.join("\n") + "\n";
  process.stdout.write(text);
  return text;
}

export function registerValidate(program: Command): void {
  const cmd = program
    .command("validate")
    .description("compare every model on a calibration/holdout split (and expanding-window cross-validation): metrics.csv, metrics.json, report.html")
    .argument("[transactions...]", "transaction files or folders (CSV, Parquet, JSON lines), or --source; with --engine the summaries and holdout actuals are computed by the engine (not the stacked model or --folds)")
    .requiredOption("--calibration-end <date>", "last calibration day, YYYY-MM-DD (models never see later rows)")
    .requiredOption("--observation-end <date>", "last holdout day, YYYY-MM-DD")
    .requiredOption("--out <dir>", "output directory")
    .option("--models <list>", `comma-separated models (default all of ${VALIDATION_MODELS.join(",")}; bg-bb only where periods are discrete)`)
    .option("--folds <n>", "expanding-window cross-validation folds: the first calibrates to --calibration-end, each next one --step later")
    .option("--step <duration>", "fold step, e.g. 3m, 13w, 90d (default 3m)")
    .option("--horizon <duration>", "fold holdout length (default the step)")
    .option("--time-unit <unit>", "time unit of the BTYD fits: days, weeks (default) or months")
    .option("--margin <share>", "margin share of revenue applied to value, forecasts and actuals alike (default 1)")
    .option("--discount-rate <rate>", "annual discount rate of value, each week at its end (default 0)")
    .option("--seed <n>", "seed of the stacked predictor (default 0)")
    .option("--verbose", "list every warning of the stacked predictor's inner-origin models (default: one line with their count)")
    .option("--replicates <n>", "bootstrap replicates of the stacked predictor, for 95% interval coverage (default 0)")
    .option("--no-count-scores", "skip the log predictive and ranked probability scores (faster on large data)");
  addEngineOption(cmd).action(async (args: string[], o: ValidateCommandOptions) => {
    await runValidate(sourcesOf(args, o, "clvlab validate FILES... (or --source FILE|GLOB|FOLDER|TABLE) --calibration-end DATE --observation-end DATE --out DIR"), o);
  });
}
