// Stan's warm-up schedule: when the metric is adapted, so step-size-only buffers frame the slow windows.

/** Windows: initial fast 75, slow windows doubling from 25, terminal fast 50 (scaled down for short warm-ups). */
export class WarmupWindows {
  readonly initBuf: number;
  readonly termBuf: number;
  readonly baseWin: number;
  private winSize: number;
  private winEnd: number;
  constructor(private readonly warmup: number) {
    let initBuf = 75, termBuf = 50, baseWin = 25;
    if (warmup < 20) initBuf = termBuf = baseWin = 0;
    else if (initBuf + termBuf + baseWin > warmup) {
      initBuf = Math.floor(0.15 * warmup);
      termBuf = Math.floor(0.1 * warmup);
      baseWin = warmup - initBuf - termBuf;
    }
    this.initBuf = initBuf;
    this.termBuf = termBuf;
    this.baseWin = baseWin;
    this.winSize = baseWin;
    this.winEnd = initBuf + baseWin;
  }
  /** Whether warm-up iteration `it` feeds the metric estimate. */
  inSlowWindow(it: number): boolean {
    return this.baseWin > 0 && it >= this.initBuf && it < this.warmup - this.termBuf;
  }
  /** Whether `it` closes the current slow window; if so, schedules the next (twice as long). */
  closesWindow(it: number): boolean {
    if (it !== this.winEnd - 1) return false;
    this.winSize *= 2;
    this.winEnd = it + 1 + this.winSize;
    // The last slow window stretches to the terminal buffer rather than leaving a short remainder.
    if (this.winEnd + 2 * this.winSize > this.warmup - this.termBuf) this.winEnd = this.warmup - this.termBuf;
    return true;
  }
}
