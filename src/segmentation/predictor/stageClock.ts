/** Stages of the training whose wall-clock seconds go into the pipeline's metrics as `stage_<name>_seconds`. */
const STAGES = ["features", "btyd", "mixture", "learners", "stack", "bootstrap", "intervals"] as const;
type Stage = (typeof STAGES)[number];

/** Accumulates wall-clock seconds per training stage; a nested timer's time counts once, in the innermost stage. */
export interface StageClock {
  time<T>(stage: Stage, f: () => T): T;
  add(stage: Stage, seconds: number): void;
  metrics(): Record<string, number>;
}

/** A new stage clock, started now (its total runs from here). */
export function stageClock(): StageClock {
  const total = new Map<Stage, number>(STAGES.map((s) => [s, 0]));
  const t0 = performance.now();
  // Seconds already assigned to a stage: a timer's own time is its elapsed time minus what inner timers assigned.
  let nested = 0;
  return {
    time(stage, f) {
      const start = performance.now();
      const before = nested;
      try {
        return f();
      } finally {
        const inner = nested - before;
        const own = (performance.now() - start) / 1000 - inner;
        total.set(stage, total.get(stage)! + own);
        nested = before + own + inner;
      }
    },
    add(stage, seconds) {
      total.set(stage, total.get(stage)! + seconds);
      nested += seconds;
    },
    metrics() {
      const out: Record<string, number> = {};
      for (const [s, v] of total) out[`stage_${s}_seconds`] = v;
      out.stage_total_seconds = (performance.now() - t0) / 1000;
      return out;
    },
  };
}
