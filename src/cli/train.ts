// `clvlab train`: trains the segment-aware stacked CLV predictor on the calibration period and saves a versioned artefact.
import { BASE_LEARNERS } from "../models/modelIds.js";
import type { Command } from "commander";
import { dayNumber } from "../time/dayNumber.js";
import { addLogOptions, loadLogForCommand, type LogCommandOptions, parseWholeNumberOption } from "./options.js";
import { progressReporter } from "./progress.js";
import { expectedTimeLine } from "./expectedTimeLine.js";

/**
 * Warnings to print: the pipeline's own in full, those of the inner-origin models (fitted only to make training
 * targets) summarised in one line with their count, unless `verbose`.
 * @example summarizeWarnings(["inner BTYD (90 d): not converged", "mixture: k = 1"], false)
 */
export function summarizeWarnings(warnings: readonly string[], verbose: boolean): string[] {
  // "inner …", or "<model>: inner …" when another command (validate) relays a pipeline's warnings.
  const isInner = (w: string): boolean => /^([\w-]+: )?inner /.test(w);
  const inner = warnings.filter(isInner);
  const rest = warnings.filter((w) => !isInner(w));
  const out = rest.map((w) => `warning: ${w}`);
  if (inner.length && verbose) out.push(...inner.map((w) => `warning: ${w}`));
  else if (inner.length) out.push(`note: ${inner.length} warning${inner.length === 1 ? "" : "s"} from the inner-origin models that make the training targets (e.g. ${inner[0]}); --verbose lists them`);
  return out;
}

/** Options of the train command (as parsed by commander). */
export interface TrainCommandOptions extends LogCommandOptions {
  calibrationEnd: string;
  out: string;
  quiet?: boolean;
  verbose?: boolean;
  replicates?: string;
  seed?: string;
  model?: string;
  innerHorizon?: string;
  maxFeatureShift?: string;
}

const intOption = (value: string | undefined, name: string, min: number): number | undefined => parseWholeNumberOption(value, `--${name}`, min, `use a whole number ≥ ${min}`);

/** Runs `clvlab train`; returns the artefact id. */
export async function runTrain(sources: string[], o: TrainCommandOptions): Promise<string> {
  if (!sources.length) throw new Error("no transaction files given: clvlab train <transactions...> --calibration-end DATE --out models/");
  dayNumber(o.calibrationEnd);
  const [{ predictClv }, { trainClvPipeline, defaultInnerHorizons }, { windowTotals }, { hashTransactionLog }, { saveArtifact }, { scoreForecast }, { intervalCoverage }] = await Promise.all([
    import("../segmentation/predictor/predictClv.js"), import("../segmentation/predictor/trainClvPipeline.js"), import("../segmentation/predictor/windowTotals.js"),
    import("../store/hashTransactionLog.js"), import("../store/saveArtifact.js"), import("../validation/scoreForecast.js"), import("../validation/intervalCoverage.js"),
  ]);
  if (o.observationEnd !== undefined && dayNumber(o.observationEnd) <= dayNumber(o.calibrationEnd))
    throw new Error(`--observation-end ${o.observationEnd} is not after --calibration-end ${o.calibrationEnd}: give a later observation end or leave it out`);
  const btydModel = BASE_LEARNERS.find((m) => m === o.model);
  if (o.model !== undefined && !btydModel) throw new Error(`invalid --model ${JSON.stringify(o.model)}: use ${BASE_LEARNERS.join(" or ")}`);
  const { log, lines: loadLines } = await loadLogForCommand(sources, o);
  if (!o.quiet) process.stdout.write(loadLines.join("\n") + "\n");
  const progress = progressReporter({ quiet: o.quiet === true });
  try {
    const replicates = intOption(o.replicates, "replicates", 0);
    const seed = intOption(o.seed, "seed", 0);
    const innerHorizonDays = intOption(o.innerHorizon, "inner-horizon", 1);
    const maxFeatureShift = o.maxFeatureShift === undefined ? undefined : Number(o.maxFeatureShift);
    if (maxFeatureShift !== undefined && !(maxFeatureShift >= 0 && maxFeatureShift <= 1)) throw new Error(`invalid --max-feature-shift ${JSON.stringify(o.maxFeatureShift)}: use a share from 0 to 1 (default 0.1)`);
    if (!o.quiet) {
      // Stated up front (issue: a 200k-customer run was silent for minutes): customers seen by the calibration end.
      const cal = dayNumber(o.calibrationEnd);
      const first = new Int32Array(log.customerIds.length).fill(2 ** 31 - 1);
      for (let i = 0; i < log.length; i++) if (log.day[i]! < first[log.customer[i]!]!) first[log.customer[i]!] = log.day[i]!;
      let customers = 0, minDay = Infinity;
      for (const d of first) if (d <= cal) { customers++; if (d < minDay) minDay = d; }
      const innerOrigins = innerHorizonDays !== undefined ? 1 : Math.max(1, defaultInnerHorizons(cal - minDay).length);
      process.stdout.write(expectedTimeLine({ command: "train", customers, replicates: replicates ?? 200, innerOrigins }) + "\n");
    }
    const pipeline = trainClvPipeline(log, {
      calibrationEnd: o.calibrationEnd,
      ...(replicates !== undefined ? { replicates } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(innerHorizonDays !== undefined ? { innerHorizonDays } : {}),
      ...(maxFeatureShift !== undefined ? { maxFeatureShift } : {}),
      ...(btydModel ? { btydModel } : {}),
      onProgress: progress.update,
    });
    const metrics: Record<string, number> = { ...pipeline.metrics };
    if (o.observationEnd) {
      // Holdout evaluation: the pipeline never saw these days; scored after training only.
      const cal = dayNumber(o.calibrationEnd);
      const days = dayNumber(o.observationEnd) - cal;
      const pred = predictClv(pipeline, log, { asOf: o.calibrationEnd, horizonsDays: [days], intervals: pipeline.replicates.length > 0, onProgress: progress.update });
      const truth = windowTotals(log, pred.customerIds, cal, cal + days);
      // The validation area's metric functions, so train and validate report the same figures the same way.
      const stacked = scoreForecast(pred.purchases[0]!, truth.purchases);
      const btyd = scoreForecast(pred.btydPurchases[0]!, truth.purchases);
      const cover = pred.intervals ? intervalCoverage(pred.intervals.lower["0.95"]!, pred.intervals.upper["0.95"]!, truth.value) : undefined;
      Object.assign(metrics, {
        holdout_days: days,
        holdout_mae_purchases: stacked.mae,
        holdout_mae_purchases_btyd: btyd.mae,
        holdout_predicted_purchases: stacked.predictedTotal,
        holdout_predicted_purchases_btyd: btyd.predictedTotal,
        holdout_actual_purchases: stacked.actualTotal,
        ...(cover ? { holdout_coverage_95: cover.value } : {}),
      });
    }
    progress.stop();
    // The files trained on, fingerprinted: `clvlab update` then finds what is new since (the model store's manifest).
    const { ingestFiles } = await import("../store/ingestFiles.js");
    const saved = saveArtifact(o.out, { ...pipeline, files: ingestFiles(log, {}, o.out).files }, { kind: "clv-pipeline", trainingDataHash: hashTransactionLog(log), metrics });
    const lines = [
      `saved ${saved.path} (latest)`,
      `training customers ${pipeline.trainingCustomers}, scoring customers ${pipeline.scoringCustomers}, segments ${pipeline.gmm.k} (BIC), inner split ${pipeline.innerOrigin} .. ${pipeline.calibrationEnd}`,
      ...Object.entries(metrics).map(([k, v]) => `  ${k}: ${Number.isInteger(v) ? v : v.toFixed(4)}`),
      ...summarizeWarnings(pipeline.warnings, o.verbose === true),
    ];
    process.stdout.write(lines.join("\n") + "\n");
    return saved.meta.id;
  } finally {
    progress.stop();
  }
}

export function registerTrain(program: Command): void {
  const cmd = program
    .command("train")
    .description("train the segment-aware stacked CLV predictor on the calibration period and save a versioned model")
    .argument("<transactions...>", "transaction files or folders (CSV, Parquet, JSON lines)")
    .requiredOption("--calibration-end <date>", "last calibration day, YYYY-MM-DD (later days are never used for training)")
    .requiredOption("--out <dir>", "model store directory (the artefact goes to <dir>/<id>, <dir>/latest points to it)")
    .option("--replicates <n>", "bootstrap replicates for intervals (default 200; each refits the pipeline, so time grows with replicates × customers: the expected time is printed before training starts; use 20 for a first look)")
    .option("--seed <n>", "random seed (default 0)")
    .option("--model <name>", `primary BTYD base learner: ${[...BASE_LEARNERS].reverse().join(" (default) or ")}`)
    .option("--inner-horizon <days>", "one inner horizon in days that supplies training targets (default three: 1/3, 1/2 and 2/3 of the calibration span)")
    .option("--quiet", "no progress display")
    .option("--verbose", "list every warning of the inner-origin models (default: one line with their count)")
    .option("--max-feature-shift <share>", "leave a feature out of the learners when more than this share of customers lie outside its training range at the calibration end (default 0.1; 1 keeps all)");
  addLogOptions(cmd, { observationEndHelp: "last day of a holdout to evaluate the model on, after --calibration-end (default: none, no holdout evaluation; the data's last day is printed)" });
  cmd.action(async (sources: string[], o: TrainCommandOptions) => {
    await runTrain(sources, o);
  });
}
