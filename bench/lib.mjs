// Shared helpers for benchmark files. Each bench/*.bench.mjs runs in its own process (so peak memory is its own)
// and records figures with `record`; scripts/bench.mjs collects them into reports/bench.json.
import { appendFileSync, existsSync, readFileSync } from "node:fs";

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

/**
 * Records the side-by-side figures of `area` from the last `../shared/peers/compare.sh` run in this checkout
 * (reports/peers.json; nothing when absent): per work, the ratio peer median / clvlab median with both medians, the
 * rounds and the agreement. The harness times clvlab against its Python peers in alternating processes.
 * @param {string} area - "gmm", "summary", …
 * @param {(work: object) => { name: string, target?: number, sizes: Record<string, number> }} describe - figure name, goal and sizes per work
 */
export function recordPeerRatios(area, describe) {
  const path = new URL("../reports/peers.json", import.meta.url);
  if (!existsSync(path)) return;
  const report = JSON.parse(readFileSync(path, "utf8"));
  for (const w of report.areas?.[area]?.works ?? []) {
    const { name, target, sizes } = describe(w);
    record({ name, value: w.ratio_peer_over_clvlab, unit: "x (peer / clvlab)", sizes, ...(target !== undefined ? { target } : {}),
      notes: `${w.work}: ${w.peer} ${w.peer_median_s.toFixed(3)} s, clvlab ${w.clvlab_median_s.toFixed(3)} s (medians of ${w.ratios_paired.length} alternating rounds, compare.sh ${report.generated}); agreement ${w.agreement}` });
  }
}
