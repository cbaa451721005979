// `clvlab predict`: scores customers with a saved CLV pipeline and writes the CLV table (CSV or Parquet).
import type { Command } from "commander";
import type { ClvPipeline } from "../segmentation/predictor/pipelineTypes.js";
import { outputFormat } from "../io/outputFormat.js";
import { addLogOptions, loadLogForCommand, type LogCommandOptions } from "./options.js";
import { progressReporter } from "./progress.js";
import { expectedTimeLine } from "./expectedTimeLine.js";

/** Options of the predict command (as parsed by commander). */
export interface PredictCommandOptions extends LogCommandOptions {
  quiet?: boolean;
  model: string;
  out: string;
  asOf?: string;
  horizons?: string;
  intervals?: boolean;
  seed?: string;
}

/** Runs `clvlab predict`; returns the number of customers written. */
export async function runPredict(sources: string[], o: PredictCommandOptions): Promise<number> {
  if (!sources.length) throw new Error("no transaction files given: clvlab predict --model models/latest <transactions...> --out clv.csv");
  outputFormat(o.out); // refuses an unknown extension before the work
  const [{ clvTable }, { predictClv }, { writeClvTable }, { loadArtifact }] = await Promise.all([
    import("../segmentation/predictor/clvTable.js"), import("../segmentation/predictor/predictClv.js"), import("../segmentation/predictor/writeClvTable.js"), import("../store/loadArtifact.js"),
  ]);
  const artefact = loadArtifact<ClvPipeline>(o.model);
  if (artefact.meta.kind !== "clv-pipeline") throw new Error(`${artefact.path} holds a ${artefact.meta.kind}, not a clv-pipeline: point --model at a store written by \`clvlab train\``);
  const horizons = o.horizons?.split(",").map((h) => {
    const v = Number(h);
    if (!(v > 0) || !Number.isFinite(v)) throw new Error(`invalid --horizons entry ${JSON.stringify(h)}: use positive numbers of days, e.g. 30,90,180,365`);
    return v;
  });
  const seed = o.seed === undefined ? undefined : Number(o.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`invalid --seed ${o.seed}: use a whole number`);
  // --as-of is the observation end of the scoring data; either name works.
  if (o.asOf && o.observationEnd && o.asOf !== o.observationEnd) throw new Error(`--as-of ${o.asOf} and --observation-end ${o.observationEnd} differ: give one`);
  const asOf = o.asOf ?? o.observationEnd;
  const { log, observationEnd, lines } = await loadLogForCommand(sources, { ...o, ...(asOf ? { observationEnd: asOf } : {}) });
  const intervals = o.intervals !== false && artefact.payload.replicates.length > 0;
  if (!o.quiet) process.stderr.write([...lines, expectedTimeLine({ command: "predict", customers: log.customerIds.length, replicates: intervals ? artefact.payload.replicates.length : 0 })].join("\n") + "\n");
  const progress = progressReporter({ quiet: o.quiet === true });
  try {
    const pred = predictClv(artefact.payload, log, {
      asOf: observationEnd,
      ...(horizons ? { horizonsDays: horizons } : {}),
      intervals,
      intervalHorizonDays: 365,
      ...(seed !== undefined ? { seed } : {}),
      onProgress: progress.update,
    });
    progress.stop();
    writeClvTable(clvTable(pred), o.out);
    (o.out === "-" ? process.stderr : process.stdout).write(`wrote ${o.out}: ${pred.customerIds.length} customers as of ${pred.asOf}, model ${artefact.meta.id}\n`);
    return pred.customerIds.length;
  } finally {
    progress.stop();
  }
}

export function registerPredict(program: Command): void {
  const cmd = program
    .command("predict")
    .description("score customers with a saved CLV pipeline and write the CLV table (.csv, .parquet, .json or .jsonl)")
    .argument("<transactions...>", "transaction files or folders (CSV, Parquet, JSON lines)")
    .requiredOption("--model <path>", "model store, <store>/latest or an artefact directory")
    .requiredOption("--out <file>", "output table: .csv, .parquet, .json or .jsonl (- for standard output)")
    .option("--as-of <date>", "scoring date YYYY-MM-DD, the same as --observation-end (default: the last day in the data, printed)")
    .option("--quiet", "no progress display")
    .option("--horizons <days>", "comma-separated horizons in days (default 30,90,180,365)")
    .option("--no-intervals", "skip the bootstrap prediction intervals")
    .option("--seed <n>", "seed of the predictive draws (default 0)");
  addLogOptions(cmd);
  cmd.action(async (sources: string[], o: PredictCommandOptions) => {
    await runPredict(sources, o);
  });
}
