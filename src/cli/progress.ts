// Progress of long CLI jobs through cli-progress: a bar on a terminal, a line every few seconds when piped (step,
// count, elapsed, time left), nothing with --quiet. Each step states its expected time once it has a first measure.
import cliProgress from "cli-progress";

/** A progress reporter for long steps. */
export interface ProgressReporter {
  update(step: string, done: number, total: number): void;
  stop(): void;
}

const clock = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
};

/**
 * A progress reporter on standard error: a cli-progress bar on a terminal, and when piped one line every
 * `intervalMs` (default 5 s) with step, count, elapsed time and time left. Once a step has run 3 s and is at least
 * 2% done it prints its expected total time. `quiet` turns all of it off.
 * @see https://github.com/npkgz/cli-progress (noTTYOutput, notTTYSchedule)
 * @example const p = progressReporter({ quiet: opts.quiet }); p.update("bootstrap replicates", 3, 200); p.stop();
 */
export function progressReporter(options: { quiet?: boolean; intervalMs?: number; stream?: NodeJS.WritableStream & { isTTY?: boolean } } = {}): ProgressReporter {
  if (options.quiet) return { update: () => {}, stop: () => {} };
  const stream = options.stream ?? process.stderr;
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: "{step} [{bar}] {percentage}% | {value}/{total} | {duration_formatted} elapsed, about {eta_formatted} left",
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: options.intervalMs ?? 5000,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let step = "", started = 0, told = false, running = false;
  return {
    update(s, done, total) {
      const t = Date.now();
      if (s !== step) {
        if (running) bar.stop();
        step = s;
        started = t;
        told = false;
        running = true;
        bar.start(Math.max(1, Math.round(total)), 0, { step });
      }
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      if (!told && t - started >= 3000 && frac >= 0.02 && frac < 1) {
        told = true;
        stream.write(`\n${step}: expected time about ${clock((t - started) / frac)} in all\n`);
      }
      bar.update(Math.round(done), { step });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
