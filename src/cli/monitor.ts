import { parseTimeUnit } from "../time/timeUnit.js";
// `clvlab monitor` and `clvlab update`: drift and realized-vs-predicted checks of a stored model, and keeping it current.
import { join } from "node:path";
import type { Command } from "commander";
import { parseNumberOption } from "./options.js";
import type { ClvBundle } from "../monitoring/clvBundle.js";
import type { MonitoringSnapshot, MonitorModelOptions } from "../monitoring/monitorModel.js";
import type { SqlEngine } from "../engines/sqlEngine.js";
import { addEngineOption, sourcesOf } from "./engineFlags.js";
import type { ClvPipeline } from "../segmentation/predictor/pipelineTypes.js";
import { dayNumber } from "../time/dayNumber.js";
import { writeFileAtomic } from "../util/writeFileAtomic.js";

export interface MonitorCommandOptions {
  model: string;
  out: string;
  referenceEnd?: string;
  currentEnd?: string;
  period?: string;
  band?: string;
  attribute?: string[];
  seed?: string;
  /** memory (default), duckdb, duckdb:FILE or clickhouse://host:port/db: where the summaries and tracking actuals are computed. */
  engine?: string;
  source?: string;
  memoryLimit?: string;
}

const checkDate = (name: string, v: string | undefined) => {
  if (v === undefined) return;
  try {
    dayNumber(v);
  } catch {
    throw new Error(`invalid --${name} ${JSON.stringify(v)}: use YYYY-MM-DD`);
  }
};

/**
 * Runs `clvlab monitor`: writes snapshot.json, metrics.prom and report.html to --out; returns the exit code
 * (0 none, 1 moderate, 2 major) and the printed text.
 */
export async function runMonitor(sources: string[], o: MonitorCommandOptions): Promise<{ exitCode: 0 | 1 | 2; text: string }> {
  // Loaded on use, so `clvlab --version` and `--help` start fast.
  const [{ loadTransactions }, { monitorModel }, { monitoringReport }, { severityExitCode }, { snapshotToPrometheus }, { loadArtifact }] = await Promise.all([import("../data/loadTransactions.js"), import("../monitoring/monitorModel.js"), import("../reports/monitoringReport.js"), import("../monitoring/severity.js"), import("../monitoring/snapshotToPrometheus.js"), import("../store/loadArtifact.js")]);
  if (!sources.length) throw new Error("no transaction files given: clvlab monitor --model models/latest <transactions...> --out monitor/");
  checkDate("reference-end", o.referenceEnd);
  checkDate("current-end", o.currentEnd);
  if (o.period !== undefined && o.period !== "week" && o.period !== "month") throw new Error(`invalid --period ${JSON.stringify(o.period)}: use week or month`);
  if (o.band !== undefined && o.band !== "poisson" && o.band !== "bootstrap") throw new Error(`invalid --band ${JSON.stringify(o.band)}: use poisson or bootstrap`);
  const seed = o.seed === undefined ? undefined : Number(o.seed);
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) throw new Error(`invalid --seed ${JSON.stringify(o.seed)}: use a whole number >= 0`);
  const art = loadArtifact<ClvBundle | ClvPipeline>(o.model);
  if (art.payload?.kind !== "clv-btyd-bundle" && art.payload?.kind !== "clv-pipeline") throw new Error(`${art.path} holds a ${JSON.stringify(art.meta.kind)} artefact: monitor needs a model written by \`clvlab update\` (kind clv-btyd-bundle) or \`clvlab train\` (kind clv-pipeline)`);
  const options = {
    modelId: art.meta.id,
    ...(o.referenceEnd ? { referenceEnd: o.referenceEnd } : {}),
    ...(o.currentEnd ? { currentEnd: o.currentEnd } : {}),
    ...(o.period ? { period: o.period as "week" | "month" } : {}),
    ...(o.band ? { band: o.band as "poisson" | "bootstrap" } : {}),
    ...(o.attribute?.length ? { attributes: o.attribute } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
  // On an engine the summaries and the tracking actuals come from SQL; statistics, alerts and outputs are the same code.
  const onEngine = (o.engine ?? "memory") !== "memory";
  const loadLines: string[] = [];
  const snap = onEngine ? await monitorOnEngine(sources, o, art.payload, options, loadLines) : monitorModel(art.payload, await loadTransactions(sources), options);
  writeFileAtomic(join(o.out, "snapshot.json"), JSON.stringify(snap, null, 1) + "\n");
  writeFileAtomic(join(o.out, "metrics.prom"), snapshotToPrometheus(snap));
  writeFileAtomic(join(o.out, "report.html"), monitoringReport(snap));
  const exitCode = severityExitCode(snap.status);
  const lines = [
    ...loadLines,
    `status ${snap.status} (exit ${exitCode}); reference ${snap.reference.end} (${snap.reference.customers} customers) vs current ${snap.current.end} (${snap.current.customers}, ${snap.current.newCustomers} new)`,
    `tracking: ${snap.tracking.periods.length} ${snap.tracking.period}s, error ${(snap.tracking.trackingError * 100).toFixed(1)}%, ${snap.tracking.consecutiveOutside} in a row outside the band`,
    ...(snap.segmentShares ? [`segment shares (${snap.segmentShares.referenceSource} vs current): ${snap.segmentShares.segments.map((x) => `${x.segment} ${(x.referenceShare * 100).toFixed(1)}% -> ${(x.currentShare * 100).toFixed(1)}%`).join(", ")}`] : []),
    ...snap.alerts.map((a) => `${a.severity}: ${a.source} ${a.name}: ${a.reason}`),
    `wrote ${join(o.out, "snapshot.json")}, ${join(o.out, "metrics.prom")}, ${join(o.out, "report.html")}`,
  ];
  return { exitCode, text: lines.join("\n") };
}

/** `clvlab monitor --engine ...`: a BTYD bundle monitored on the engine's summaries and tracking aggregates. */
async function monitorOnEngine(sources: string[], o: MonitorCommandOptions, model: ClvBundle | ClvPipeline, options: MonitorModelOptions, loadLines: string[]): Promise<MonitoringSnapshot> {
  const [{ attachEngine }, { engineMonitorData }, { checkMonitorData, monitorModelData }] = await Promise.all([import("./engineOption.js"), import("../engines/engineMonitorData.js"), import("../monitoring/monitorModelData.js")]);
  checkMonitorData(model, options); // before the engine opens: what needs the log is refused at once
  const { engine, report } = await attachEngine(sources, o);
  try {
    if (!("trackingAggregates" in engine)) throw new Error(`monitor needs a SQL engine for --engine ${o.engine}: use duckdb or clickhouse://host:port/db`);
    const { data, referenceEnd, currentEnd } = await engineMonitorData(engine as SqlEngine, model as ClvBundle, options);
    loadLines.push(...report);
    return monitorModelData(model as ClvBundle, data, { ...options, referenceEnd, currentEnd });
  } finally {
    await engine.close();
  }
}

export interface UpdateCommandOptions {
  model: string;
  policy?: string;
  timeUnit?: string;
  minNew?: string;
  maxAgeDays?: string;
}

/** Runs `clvlab update`; returns the printed text (decision, reason, new version, lineage). */
export async function runUpdate(sources: string[], o: UpdateCommandOptions): Promise<string> {
  // Loaded on use, so `clvlab --version` and `--help` start fast.
  const [{ formatLineage, modelLineage }, { updateModel }] = await Promise.all([import("../monitoring/modelLineage.js"), import("../monitoring/updateModel.js")]);
  parseTimeUnit(o.timeUnit);
  const num = (name: string, v: string | undefined) => parseNumberOption(v, `--${name}`, (x) => x >= 0, "use a number >= 0");
  const minNewTransactions = num("min-new", o.minNew);
  const maxAgeDays = num("max-age-days", o.maxAgeDays);
  const r = await updateModel<ClvBundle | ClvPipeline>(o.model, sources, {
    policy: (o.policy ?? "auto") as "auto",
    ...(o.timeUnit ? { timeUnit: o.timeUnit as "weeks" } : {}),
    ...(minNewTransactions !== undefined ? { minNewTransactions } : {}),
    ...(maxAgeDays !== undefined ? { maxAgeDays } : {}),
  });
  const out = [`decision: ${r.decision}`, `reason: ${r.reason}`, `new files: ${r.newFiles}, new purchases after the training end: ${r.newTransactions}`];
  if (r.snapshot) out.push(`monitoring of the stored model: ${r.snapshot.status} (${r.snapshot.alerts.length} alerts, tracking ${r.snapshot.tracking.status})`);
  if (r.artifact?.payload.kind === "clv-pipeline") {
    const p = r.artifact.payload;
    out.push(`saved ${r.artifact.path} (latest): stacked pipeline calibrated to ${p.calibrationEnd}, ${p.scoringCustomers} customers, ${p.gmm.k} segments, mixture log-likelihood ${(p.gmm.logLikelihood / p.gmm.rows).toFixed(6)} per customer, ${p.metrics.mixture_em_iterations} EM iterations`);
    out.push(...Object.entries(p.fitOrigin ?? {}).map(([part, how]) => `  ${part}: ${how}`));
  } else if (r.artifact) {
    const b = r.artifact.payload as ClvBundle;
    out.push(`saved ${r.artifact.path} (latest): trained to ${b.trainingEnd}, ${b.customers} customers, log-likelihood ${b.purchaseModel.logLikelihood?.toFixed(4)}, ${b.fitEvaluations.purchase} likelihood evaluations`);
  }
  if (r.artifact) {
    out.push("lineage:", formatLineage(modelLineage(o.model)));
  }
  return out.join("\n");
}

/** Registers `clvlab monitor` and `clvlab update`. */
export function registerMonitor(program: Command): void {
  const monitor = program
    .command("monitor")
    .description("check a stored model for drift and realized-vs-predicted tracking; exit code 0 none, 1 moderate, 2 major")
    .argument("[transactions...]", "transaction files or folders holding the history and the new data, or --source; with --engine the customer summaries and the tracking actuals are computed by the engine (a BTYD bundle, without --attribute)")
    .requiredOption("--model <dir>", "stored model (a monitored BTYD bundle or a `clvlab train` pipeline): the store, <store>/latest or a version directory")
    .requiredOption("--out <dir>", "output directory for snapshot.json, metrics.prom and report.html")
    .option("--reference-end <date>", "reference end, YYYY-MM-DD (default: the model's training end)")
    .option("--current-end <date>", "current end, YYYY-MM-DD (default: the last day in the data)")
    .option("--period <period>", "tracking period: week (default) or month")
    .option("--band <band>", "tracking band: poisson (default) or bootstrap")
    .option("--attribute <name...>", "log attributes to monitor as categorical mixes, e.g. city")
    .option("--seed <n>", "seed of the bootstrap band (default 0)");
  addEngineOption(monitor).action(async (args: string[], o: MonitorCommandOptions) => {
    const { exitCode, text } = await runMonitor(sourcesOf(args, o, "clvlab monitor --model models/latest FILES... (or --source FILE|GLOB|FOLDER|TABLE) --out DIR"), o);
    process.stdout.write(text + "\n");
    process.exitCode = exitCode;
  });
  program
    .command("update")
    .description("keep a stored model current: detect new data, decide skip / warm / full, refit and save a new version with its lineage")
    .argument("<transactions...>", "transaction folder or files (history and new data)")
    .requiredOption("--model <dir>", "model store directory (a first fit when empty)")
    .option("--policy <policy>", "auto (default), warm or full")
    .option("--time-unit <unit>", "time unit of a first fit: days, weeks (default) or months")
    .option("--min-new <n>", "auto: fewer new purchases than this skip the update (default max(100, 1% of the training purchases))")
    .option("--max-age-days <days>", "auto: a last full fit older than this gets a full refit (default 365)")
    .action(async (sources: string[], o: UpdateCommandOptions) => {
      process.stdout.write((await runUpdate(sources, o)) + "\n");
    });
}
