// Shared helpers for benchmark files. Each bench/*.bench.mjs runs in its own process (so peak memory is its own)
// and records figures with `record`; scripts/bench.mjs collects them into reports/bench.json.
import { appendFileSync } from "node:fs";

/**
 * Records one figure.
 * @param {{ name: string, value: number, unit: string, sizes: Record<string, number>, target?: number, notes?: string }} fig
 */
export function record(fig) {
  const line = JSON.stringify({ ...fig, value: Number(fig.value.toPrecision(6)) });
  const out = process.env.CLVLAB_BENCH_OUT;
  if (out) appendFileSync(out, line + "\n");
  process.stdout.write(`  ${fig.name}: ${fig.value.toPrecision(4)} ${fig.unit} ${JSON.stringify(fig.sizes)}\n`);
}

/** Seconds taken by `fn` (async allowed), best of `repeats`. */
export async function seconds(fn, repeats = 1) {
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}

/** Peak resident memory of this process so far, in MB. */
export function peakRssMb() {
  return process.resourceUsage().maxRSS / 1024;
}
