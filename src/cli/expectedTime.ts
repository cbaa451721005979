// The expected run time of `clvlab train` and `clvlab predict`, stated before the long work starts, from the input
// size and per-unit costs measured once (below). The progress lines give the measured time left once running.

/**
 * Per-unit costs in seconds, measured on 2026-11-30 with `/usr/bin/time node dist/cli/main.js train
 * data/cdnow_transactions.csv --calibration-end 1997-09-30 --quiet` (2,357 customers) on the 2-core build machine
 * (load average about 3.8, so a busy machine): replicates 0 / 200 and one inner origin (`--inner-horizon 180`) took
 * 2.24 / 3.69 s, three inner origins (the default) 4.67 / 7.86 s. `predict`, re-measured on 2026-11-30 (load average
 * about 6.5): on that model 0.38 s with `--no-intervals` and 0.67 s with the 200 replicates' intervals; with 100,000
 * customers and 200 replicates (the simulated log of bench/segmentation.bench.mjs) scoring took 1.02 s and the
 * intervals 6.17 s (7.36 s in all, predictClv in a warm process). Reading of those runs:
 */
export const RUN_COST = {
  /** train: Node start-up, module loading and reading the log (s). */
  startSeconds: 1.0,
  /** train: encoding, base learners and heads per customer per inner origin (s): (4.67 − 2.24) / (2 × 2,357). */
  trainPerCustomerOrigin: 5.2e-4,
  /** train: one bootstrap replicate per customer per inner origin (s): (3.69 − 2.24) / (200 × 2,357) and (7.86 − 4.67) / (200 × 2,357 × 3), averaged. */
  trainPerCustomerOriginReplicate: 2.7e-6,
  /** predict: Node start-up, module loading, reading the log and the model, and (with intervals) starting the worker (s): CDNOW's 0.38 / 0.67 s less its scoring and draws. */
  predictStartSeconds: 0.45,
  /** predict: scoring per customer (s): 1.02 / 100,000. */
  predictPerCustomer: 1.0e-5,
  /** predict: interval draws per customer per replicate (s): 6.17 / (200 × 100,000) (CDNOW's (0.67 − 0.38) / (200 × 2,357) = 6.2e-7 carries the worker's start). */
  predictPerCustomerReplicate: 3.1e-7,
  /** Where the costs were measured, printed with every estimate. */
  machine: "measured on a 2-core machine",
} as const;

/** Input size of a run. */
export interface RunSize {
  /** "train" or "predict". */
  command: "train" | "predict";
  /** Customers trained on or scored. */
  customers: number;
  /** Bootstrap replicates (train: refits; predict: the model's replicates when intervals are drawn, else 0). */
  replicates: number;
  /** Inner origins of train (the inner horizons); ignored by predict. Default 3. */
  innerOrigins?: number;
}

/**
 * Expected run time in seconds from the input size: a linear cost model in customers × inner origins (train),
 * customers × replicates × inner origins (train's bootstrap) and customers × replicates (predict's intervals),
 * with the per-unit costs of {@link RUN_COST}. A rough guide (the machine's load changes it), not a promise.
 * @example estimateRunSeconds({ command: "train", customers: 2357, replicates: 200, innerOrigins: 3 }) // ≈ 8.5
 */
export function estimateRunSeconds(size: RunSize): number {
  const n = Math.max(0, size.customers), r = Math.max(0, size.replicates);
  if (size.command === "predict") return RUN_COST.predictStartSeconds + n * RUN_COST.predictPerCustomer + n * r * RUN_COST.predictPerCustomerReplicate;
  const k = Math.max(1, size.innerOrigins ?? 3);
  return RUN_COST.startSeconds + n * k * RUN_COST.trainPerCustomerOrigin + n * k * r * RUN_COST.trainPerCustomerOriginReplicate;
}
