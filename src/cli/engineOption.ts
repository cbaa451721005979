import { parseTimeUnit } from "../time/timeUnit.js";
// The `--engine` option of summarize, fit and score, and the engine paths those commands take with it; the
// histogram file format of `fit --histogram` and `score --export-cells` (the by-hand warehouse loop).
import { MODEL_IDS } from "../models/modelIds.js";
import { CLV_DEFAULTS } from "../models/clvDefaults.js";
import { readFileSync } from "node:fs";
import { describeLoadReport } from "../data/rows/describeLoadReport.js";
import { DAYS_PER_UNIT, type RejectionReport, type TimeUnit } from "../data/types.js";
import type { SqlEngine } from "../engines/sqlEngine.js";
import type { EvaluateHoldoutOptions, HoldoutEvaluation } from "../validation/evaluateHoldout.js";
import { cellPredictions, horizonColumn } from "../engines/cellPredictions.js";
import { fitHistogram, fitSpend, type HistogramModelName } from "../engines/fitHistogram.js";
import { openEngine } from "../engines/openEngine.js";
import { histogramFromColumns } from "../engines/sqlEngine.js";
import type { CustomerHistogram, Engine, EngineSourceOptions } from "../engines/types.js";
import { loadModel } from "../models/loadModel.js";
import type { CustomerSummaryWithReport } from "../summaries/summarizeCustomers.js";
import { dayNumber } from "../time/dayNumber.js";
import { writeFileAtomic } from "../util/writeFileAtomic.js";
import { readSummaryCsv } from "./fit.js";
import { parseEngineSpec } from "./engineFlags.js";
import { parseWholeNumberOption } from "./options.js";

export { addEngineOption, parseEngineSpec } from "./engineFlags.js";


/** Common options of the engine paths. */
export interface EngineCommandOptions {
  engine?: string;
  /** The transactions instead of the arguments: a file, glob, folder or table. */
  source?: string;
  memoryLimit?: string;
  customerCol?: string;
  dateCol?: string;
  amountCol?: string;
  delimiter?: string;
  skipInvalid?: boolean;
  timeUnit?: string;
  observationEnd?: string;
  calibrationEnd?: string;
  resolutionDays?: string;
  cellBudget?: string;
}

function sourceOf(files: readonly string[], o: EngineCommandOptions): EngineSourceOptions {
  if (files.length !== 1) throw new Error(`--engine ${o.engine} reads one source (a file, a glob, a folder or a table), got ${files.length}: use a glob such as "logs/*.parquet"`);
  const columns = { ...(o.customerCol ? { customer: o.customerCol } : {}), ...(o.dateCol ? { date: o.dateCol } : {}), ...(o.amountCol ? { amount: o.amountCol } : {}) };
  return { source: files[0]!, columns, invalidRows: o.skipInvalid ? "reject" : "error", ...(o.delimiter ? { delimiter: o.delimiter } : {}) };
}

function unitOf(v: string | undefined, dflt: TimeUnit): TimeUnit {
  const u = parseTimeUnit(v, dflt);
  return u;
}

const positiveInt = (flag: string, v: string | undefined): number | undefined => parseWholeNumberOption(v, flag, 1);

/** Opens the engine and attaches the source; returns the engine and the row report lines. */
export async function attachEngine(files: readonly string[], o: EngineCommandOptions): Promise<{ engine: Engine; report: string[] }> {
  const engine = await openEngine(parseEngineSpec(o.engine), o.memoryLimit ? { memoryLimit: o.memoryLimit } : {});
  try {
    const r = await engine.attach(sourceOf(files, o));
    const report = describeLoadReport(r);
    if (r.duplicateRows) report.push(`exact duplicate rows: ${r.duplicateRows} (kept)`);
    report.push(`engine: ${engine.kind}`);
    return { engine, report };
  } catch (e) {
    await engine.close();
    throw e;
  }
}

/** `clvlab summarize --engine ...`: the summary computed by the engine (customers ordered by id). */
export async function runEngineSummarize(files: readonly string[], o: EngineCommandOptions): Promise<{ summary: CustomerSummaryWithReport; report: string[] }> {
  const { engine, report } = await attachEngine(files, o);
  try {
    const summary = await engine.summarize({ timeUnit: unitOf(o.timeUnit, "days"), ...(o.observationEnd ? { observationEnd: o.observationEnd } : {}), ...(o.calibrationEnd ? { calibrationEnd: o.calibrationEnd } : {}) });
    return { summary, report };
  } finally {
    await engine.close();
  }
}

/** `clvlab fit --engine ...`: the model fitted on the engine's histogram (resolution chosen against the cell budget). */
export async function runEngineFit(files: readonly string[], o: EngineCommandOptions & { model?: string; save?: string }): Promise<string[]> {
  const model = (o.model ?? MODEL_IDS.bgNbd) as HistogramModelName;
  if (![MODEL_IDS.bgNbd, MODEL_IDS.paretoNbd, MODEL_IDS.mbgNbd, MODEL_IDS.gammaGamma].includes(model)) throw new Error(`invalid --model ${JSON.stringify(o.model)} with --engine: use bg-nbd, pareto-nbd, mbg-nbd or gamma-gamma`);
  const { engine, report } = await attachEngine(files, o);
  try {
    const opts = { timeUnit: unitOf(o.timeUnit, "weeks"), ...(o.observationEnd ? { observationEnd: o.observationEnd } : {}), ...(o.calibrationEnd ? { calibrationEnd: o.calibrationEnd } : {}) };
    let json: Record<string, unknown>;
    if ((model as string) === MODEL_IDS.gammaGamma) {
      const fit = fitSpend(await engine.spendData(opts));
      json = fit.toJSON();
      report.push(`gamma-gamma on ${fit.sample ? `a hash sample (${fit.sample})` : "exact sufficient data"}`);
    } else {
      const resolutionDays = positiveInt("--resolution-days", o.resolutionDays);
      const cellBudget = positiveInt("--cell-budget", o.cellBudget);
      const h = await engine.histogram({ ...opts, ...(resolutionDays ? { resolutionDays } : {}), ...(cellBudget ? { cellBudget } : {}) });
      const fit = fitHistogram(h, model);
      json = fit.toJSON();
      report.push(`histogram: ${h.cells} cells of ${h.customers} customers at ${h.resolutionDays}-day resolution`);
    }
    report.push(...describeFit(json));
    if (o.save) {
      writeFileAtomic(o.save, JSON.stringify(json, null, 2) + "\n");
      report.push(`saved: ${o.save}`);
    }
    return report;
  } finally {
    await engine.close();
  }
}

function describeFit(json: Record<string, unknown>): string[] {
  const p = json.params as Record<string, number>;
  return [`model: ${String(json.model)} (${String(json.customers)} customers, times in ${String(json.timeUnit ?? "?")})`, `params: ${Object.entries(p).map(([k, v]) => `${k} ${v.toPrecision(6)}`).join(", ")}`, `converged: ${String(json.converged)}`];
}

/**
 * Reads a histogram CSV (`frequency, rb, tb, customers` as written by `clvlab sql --step histogram`; `recency`
 * and `T` in steps are accepted for rb and tb) at a resolution in days.
 */
export function readHistogramCsv(file: string, resolutionDays: number, unit: TimeUnit, calibrationEnd: string): CustomerHistogram {
  const { columns } = readSummaryCsv(file);
  const pick = (names: string[]) => {
    const k = names.find((n) => columns[n] !== undefined);
    if (!k) throw new Error(`${file}: missing column ${names.map((n) => `"${n}"`).join(" or ")} (expected frequency, rb, tb, customers)`);
    return columns[k]!;
  };
  const end = dayNumber(calibrationEnd);
  return histogramFromColumns(pick(["frequency", "x"]), pick(["rb", "recency_steps"]), pick(["tb", "t_steps", "T_steps"]), pick(["customers", "count", "weights"]), resolutionDays, unit, { observationEnd: end, calibrationEnd: end }, false);
}

/** `clvlab fit --histogram FILE`: a purchase model on a histogram exported from a warehouse. */
export function runHistogramFit(file: string, o: { model?: string; timeUnit?: string; resolutionDays?: string; calibrationEnd?: string; observationEnd?: string; save?: string }): string[] {
  const model = (o.model ?? MODEL_IDS.bgNbd) as HistogramModelName;
  if (![MODEL_IDS.bgNbd, MODEL_IDS.paretoNbd, MODEL_IDS.mbgNbd].includes(model)) throw new Error(`invalid --model ${JSON.stringify(o.model)} with --histogram: use bg-nbd, pareto-nbd or mbg-nbd`);
  const end = o.calibrationEnd ?? o.observationEnd;
  if (!end) throw new Error("--histogram needs --calibration-end (or --observation-end) YYYY-MM-DD: the end the histogram's T counts to");
  const h = readHistogramCsv(file, positiveInt("--resolution-days", o.resolutionDays) ?? 1, unitOf(o.timeUnit, "weeks"), end);
  const fit = fitHistogram(h, model);
  const json = fit.toJSON();
  const out = [`histogram: ${h.cells} cells of ${h.customers} customers at ${h.resolutionDays}-day resolution`, ...describeFit(json)];
  if (o.save) {
    writeFileAtomic(o.save, JSON.stringify(json, null, 2) + "\n");
    out.push(`saved: ${o.save}`);
  }
  return out;
}

/** Options of the engine score path. */
export interface EngineScoreCommandOptions extends EngineCommandOptions {
  model?: string;
  months?: string;
  discountRate?: string;
  margin?: string;
  discounting?: string;
  out?: string;
  outTable?: string;
  exportCells?: string;
  histogram?: string;
  modelFile?: string;
}

function cellsCsv(cells: ReturnType<typeof cellPredictions>): string {
  const names = ["frequency", "rb", "tb", ...Object.keys(cells.values)];
  const cols = [cells.frequency, cells.rb, cells.tb, ...Object.values(cells.values)];
  const lines = [names.join(",")];
  for (let i = 0; i < cells.frequency.length; i++) lines.push(cols.map((c) => String(c[i]!)).join(","));
  return lines.join("\n") + "\n";
}

/**
 * `clvlab score --engine ...`: histogram fit and Gamma-Gamma in Node, per-cell predictions joined to every
 * customer and written by the engine (`--out` .parquet/.csv, or `--out-table`). With `--histogram FILE
 * --model-file M --export-cells FILE`: only the cell predictions, for `clvlab sql --step score` in a warehouse.
 */
export async function runEngineScore(files: readonly string[], o: EngineScoreCommandOptions): Promise<string[]> {
  const months = o.months === undefined ? 12 : Number(o.months);
  if (!Number.isInteger(months) || months < 1) throw new Error(`invalid --months ${JSON.stringify(o.months)}: use a whole number of months > 0`);
  const discountRate = o.discountRate === undefined ? 0.1 : Number(o.discountRate);
  if (!(discountRate >= 0)) throw new Error(`invalid --discount-rate ${JSON.stringify(o.discountRate)}: use an annual rate such as 0.10`);
  const margin = o.margin === undefined ? CLV_DEFAULTS.margin : Number(o.margin);
  if (!(margin >= 0 && margin <= 1)) throw new Error(`invalid --margin ${JSON.stringify(o.margin)}: use a fraction between 0 and 1, e.g. 0.30`);
  const discounting = (o.discounting ?? "discrete") as "discrete" | "continuous";
  const clvOpts = { months, discountRate, discounting };
  const unit = unitOf(o.timeUnit, "weeks");
  const horizon = (months * 365.25) / 12 / DAYS_PER_UNIT[unit];
  if (o.histogram) {
    // By hand: cells from a warehouse histogram and a saved model.
    if (!o.modelFile || !o.exportCells) throw new Error("--histogram needs --model-file (a saved bg-nbd/pareto-nbd/mbg-nbd model) and --export-cells FILE");
    const end = o.calibrationEnd ?? o.observationEnd;
    if (!end) throw new Error("--histogram needs --observation-end YYYY-MM-DD (the end its T counts to)");
    const h = readHistogramCsv(o.histogram, positiveInt("--resolution-days", o.resolutionDays) ?? 1, unit, end);
    const m = loadModel(readFileSync(o.modelFile, "utf8"));
    if (!("probabilityAlive" in m) || m.model === MODEL_IDS.bgBb) throw new Error(`${o.modelFile}: a ${m.model} model cannot score histogram cells: use bg-nbd, pareto-nbd or mbg-nbd`);
    const cells = cellPredictions(m as Parameters<typeof cellPredictions>[0], h, { ...clvOpts, horizons: [horizon] });
    writeFileAtomic(o.exportCells, cellsCsv(cells));
    return [`cells: ${h.cells} (${h.customers} customers); columns frequency, rb, tb, ${Object.keys(cells.values).join(", ")}`, `wrote ${o.exportCells}`];
  }
  if (!o.out && !o.outTable) throw new Error("missing --out FILE (.parquet or .csv) or --out-table NAME: where the engine writes the scores");
  const model = (o.model ?? MODEL_IDS.bgNbd) as HistogramModelName;
  if (model !== MODEL_IDS.bgNbd && model !== MODEL_IDS.paretoNbd) throw new Error(`invalid --model ${JSON.stringify(o.model)}: use bg-nbd or pareto-nbd`);
  const { engine, report } = await attachEngine(files, o);
  try {
    const opts = { timeUnit: unit, ...(o.observationEnd ? { observationEnd: o.observationEnd } : {}) };
    const resolutionDays = positiveInt("--resolution-days", o.resolutionDays);
    const cellBudget = positiveInt("--cell-budget", o.cellBudget);
    const h = await engine.histogram({ ...opts, ...(resolutionDays ? { resolutionDays } : {}), ...(cellBudget ? { cellBudget } : {}) });
    const purchase = fitHistogram(h, model).model;
    const spend = fitSpend(await engine.spendData(opts));
    const cells = cellPredictions(purchase, h, { ...clvOpts, horizons: [horizon] });
    if (o.exportCells) writeFileAtomic(o.exportCells, cellsCsv(cells));
    const w = await engine.score(opts, cells, { resolutionDays: h.resolutionDays, spend: spend.model.params, margin }, o.outTable ? { table: o.outTable } : { file: o.out! });
    report.push(
      `histogram: ${h.cells} cells of ${h.customers} customers at ${h.resolutionDays}-day resolution (times in ${unit})`,
      `${model}: ${Object.entries(purchase.params).map(([k, v]) => `${k} ${(v as number).toPrecision(5)}`).join(", ")}; converged ${purchase.converged}`,
      `gamma-gamma: ${Object.entries(spend.model.params).map(([k, v]) => `${k} ${(v as number).toPrecision(5)}`).join(", ")}; ${spend.sample ? `hash sample ${spend.sample}` : "exact"}; converged ${spend.model.converged}`,
      `expected purchases over ${months} months in column ${horizonColumn(horizon)}; CLV at margin ${margin}, discount ${discountRate} per year (${discounting})`,
      `scored ${w.customers} customers; the engine wrote ${w.destination}`,
    );
    if (o.exportCells) report.push(`wrote ${o.exportCells}`);
    return report;
  } finally {
    await engine.close();
  }
}

/**
 * `clvlab lenses --engine ...`: the period panel (with margins when the source has costs) built by the engine,
 * lenses 1-5, lens 5's projection on the engine's weekly summary, and the same lens1.json … lens5.json, report.md
 * and report.html as the in-memory audit. Attribute cohorts need the in-memory log.
 */
export async function runEngineLenses(files: readonly string[], o: EngineCommandOptions & { period?: string; outDir?: string; title?: string; cohort?: string }): Promise<string[]> {
  if (!o.outDir) throw new Error("missing --out-dir: give the folder for lens1.json ... report.html");
  const period = o.period ?? "month";
  if (!["month", "quarter", "year"].includes(period)) throw new Error(`invalid period ${JSON.stringify(period)}: use month, quarter or year`);
  const [{ fiveLensesReportFromPanel }, { projectAnnualRevenue }, { writeLensesReport }] = await Promise.all([import("../reports/fiveLensesReportFromPanel.js"), import("../reports/projectAnnualRevenue.js"), import("./lenses.js")]);
  const { engine, report } = await attachEngine(files, o);
  try {
    const panel = await engine.periodPanel({ period: period as "month" | "quarter" | "year", ...(o.observationEnd ? { observationEnd: o.observationEnd } : {}) });
    // Lens 5's projection fits on the engine's summary; a summary that cannot be built leaves it out, as in memory.
    const summary = await engine.summarize({ timeUnit: "weeks", observationEnd: panel.observationEnd }).catch(() => undefined);
    const projection = summary ? projectAnnualRevenue(() => summary) : undefined;
    const r = fiveLensesReportFromPanel(panel, { source: files.join(", "), ...(o.title ? { title: o.title } : {}), ...(o.cohort && o.cohort !== "all" ? { lens3Cohort: o.cohort } : {}) }, projection ? { projection } : {});
    report.unshift(`panel: ${panel.customer.length} customer-period rows of ${panel.customersObserved} customers, ${panel.periodLabels.length} ${period}s${panel.marginCents ? ", with margins" : ""}`);
    return await writeLensesReport(r, { ...o, period }, { noAmount: false, loadLines: report, panel: () => panel });
  } finally {
    await engine.close();
  }
}

/**
 * `clvlab validate --engine ...`: the calibration summary, holdout actuals and tracking computed by the engine, the
 * comparison of `evaluateHoldoutData` on them; returns the evaluation and the row report.
 */
export async function runEngineHoldout(
  files: readonly string[],
  o: EngineCommandOptions,
  options: EvaluateHoldoutOptions,
): Promise<{ ev: HoldoutEvaluation; loadReport: RejectionReport; loadLines: string[] }> {
  const [{ engineHoldoutData }, { evaluateHoldoutData }] = await Promise.all([import("../engines/engineHoldoutData.js"), import("../validation/evaluateHoldoutData.js")]);
  const engine = await openEngine(parseEngineSpec(o.engine), o.memoryLimit ? { memoryLimit: o.memoryLimit } : {});
  try {
    if (!("holdoutAggregates" in engine)) throw new Error(`validate needs a SQL engine for --engine ${o.engine}: use duckdb or clickhouse://host:port/db`);
    const loadReport = await engine.attach(sourceOf(files, o));
    const ev = evaluateHoldoutData(await engineHoldoutData(engine as SqlEngine, options), options);
    return { ev, loadReport, loadLines: [...describeLoadReport(loadReport), `engine: ${engine.kind}`] };
  } finally {
    await engine.close();
  }
}
