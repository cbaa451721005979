// `clvlab train`: trains the segment-aware stacked CLV predictor on the calibration period and saves a versioned artefact.
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { loadTransactions } from "../data/loadTransactions.js";
import { dayNumber } from "../util/dayNumber.js";
import { predictClv } from "../segmentation/predictClv.js";
import { trainClvPipeline } from "../segmentation/trainClvPipeline.js";
import { windowTotals } from "../segmentation/windowTotals.js";
import { hashTransactionLog } from "../store/hashTransactionLog.js";
import { saveArtifact } from "../store/saveArtifact.js";
import { intervalCoverage } from "../validation/intervalCoverage.js";
import { scoreForecast } from "../validation/scoreForecast.js";

/** A progress reporter for long steps: a cli-progress bar on stderr when it is a terminal, silent otherwise. */
export function progressReporter(enabled = Boolean(process.stderr.isTTY)): { update: (step: string, done: number, total: number) => void; stop: () => void } {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar({ stream: process.stderr, format: "{step} [{bar}] {percentage}% | {value}/{total}", hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
  let current = "";
  return {
    update(step, done, total) {
      if (step !== current) {
        if (current) bar.stop();
        current = step;
        bar.start(Math.max(1, Math.round(total)), 0, { step });
      }
      bar.update(Math.round(done), { step });
    },
    stop: () => {
      if (current) bar.stop();
    },
  };
}

export interface TrainCommandOptions {
  calibrationEnd: string;
  observationEnd?: string;
  out: string;
  replicates?: string;
  seed?: string;
  model?: string;
  innerHorizon?: string;
  maxFeatureShift?: string;
}

function intOption(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const v = Number(value);
  if (!Number.isInteger(v) || v < min) throw new Error(`invalid --${name} ${JSON.stringify(value)}: use a whole number ≥ ${min}`);
  return v;
}

/** Runs `clvlab train`; returns the artefact id. */
export async function runTrain(sources: string[], o: TrainCommandOptions): Promise<string> {
  if (!sources.length) throw new Error("no transaction files given: clvlab train <transactions...> --calibration-end DATE --out models/");
  dayNumber(o.calibrationEnd);
  if (o.observationEnd !== undefined && dayNumber(o.observationEnd) <= dayNumber(o.calibrationEnd))
    throw new Error(`--observation-end ${o.observationEnd} is not after --calibration-end ${o.calibrationEnd}: give a later observation end or leave it out`);
  if (o.model !== undefined && o.model !== "bg-nbd" && o.model !== "pareto-nbd") throw new Error(`invalid --model ${JSON.stringify(o.model)}: use bg-nbd or pareto-nbd`);
  const log = await loadTransactions(sources, o.observationEnd ? { observationEnd: o.observationEnd } : {});
  const progress = progressReporter();
  try {
    const replicates = intOption(o.replicates, "replicates", 0);
    const seed = intOption(o.seed, "seed", 0);
    const innerHorizonDays = intOption(o.innerHorizon, "inner-horizon", 1);
    const maxFeatureShift = o.maxFeatureShift === undefined ? undefined : Number(o.maxFeatureShift);
    if (maxFeatureShift !== undefined && !(maxFeatureShift >= 0 && maxFeatureShift <= 1)) throw new Error(`invalid --max-feature-shift ${JSON.stringify(o.maxFeatureShift)}: use a share from 0 to 1 (default 0.1)`);
    const pipeline = trainClvPipeline(log, {
      calibrationEnd: o.calibrationEnd,
      ...(replicates !== undefined ? { replicates } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(innerHorizonDays !== undefined ? { innerHorizonDays } : {}),
      ...(maxFeatureShift !== undefined ? { maxFeatureShift } : {}),
      ...(o.model ? { btydModel: o.model as "bg-nbd" | "pareto-nbd" } : {}),
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
    const saved = saveArtifact(o.out, pipeline, { kind: "clv-pipeline", trainingDataHash: hashTransactionLog(log), metrics });
    const lines = [
      `saved ${saved.path} (latest)`,
      `training customers ${pipeline.trainingCustomers}, scoring customers ${pipeline.scoringCustomers}, segments ${pipeline.gmm.k} (BIC), inner split ${pipeline.innerOrigin} .. ${pipeline.calibrationEnd}`,
      ...Object.entries(metrics).map(([k, v]) => `  ${k}: ${Number.isInteger(v) ? v : v.toFixed(4)}`),
      ...pipeline.warnings.map((w) => `warning: ${w}`),
    ];
    process.stdout.write(lines.join("\n") + "\n");
    return saved.meta.id;
  } finally {
    progress.stop();
  }
}

export function registerTrain(program: Command): void {
  program
    .command("train")
    .description("train the segment-aware stacked CLV predictor on the calibration period and save a versioned model")
    .argument("<transactions...>", "transaction files or folders (CSV, Parquet, JSON lines)")
    .requiredOption("--calibration-end <date>", "last calibration day, YYYY-MM-DD (later days are never used for training)")
    .option("--observation-end <date>", "last day of a holdout to evaluate on, YYYY-MM-DD")
    .requiredOption("--out <dir>", "model store directory (the artefact goes to <dir>/<id>, <dir>/latest points to it)")
    .option("--replicates <n>", "bootstrap replicates for intervals (default 200)")
    .option("--seed <n>", "random seed (default 0)")
    .option("--model <name>", "BTYD base learner: bg-nbd (default) or pareto-nbd")
    .option("--inner-horizon <days>", "one inner horizon in days that supplies training targets (default three: 1/3, 1/2 and 2/3 of the calibration span)")
    .option("--max-feature-shift <share>", "leave a feature out of the learners when more than this share of customers lie outside its training range at the calibration end (default 0.1; 1 keeps all)")
    .action(async (sources: string[], o: TrainCommandOptions) => {
      await runTrain(sources, o);
    });
}
