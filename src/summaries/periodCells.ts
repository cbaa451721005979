// One customer's per-period sums while its rows are scanned, flushed into panel rows.
import { checkSpendFinite } from "./spendOverflow.js";
import type { PanelRowBuffer } from "./panelRowBuffer.js";
import { NO_DAY } from "./periodPanelTypes.js";

/** One customer's sums per period while its rows are scanned; only the periods it touched are read back and reset. */
export class PeriodCells {
  readonly orders: Int32Array;
  readonly cents: Float64Array;
  readonly margin: Float64Array;
  readonly last: Int32Array;
  private readonly isTouched: Uint8Array;
  private readonly touched: number[] = [];

  constructor(nPeriods: number) {
    this.orders = new Int32Array(nPeriods);
    this.cents = new Float64Array(nPeriods);
    this.margin = new Float64Array(nPeriods);
    this.last = new Int32Array(nPeriods).fill(NO_DAY);
    this.isTouched = new Uint8Array(nPeriods);
  }

  touch(k: number): void {
    if (!this.isTouched[k]) {
      this.isTouched[k] = 1;
      this.touched.push(k);
    }
  }

  /** Emits one panel row per touched period, in period order, adds them to `totals`, and clears the cells. */
  flush(c: number, customerId: string, out: PanelRowBuffer, totals: { cents: number; margin: number }, hasCost: boolean): void {
    this.touched.sort((x, y) => x - y);
    for (const k of this.touched) {
      checkSpendFinite(this.cents[k]! + this.margin[k]!, customerId);
      out.push(c, k, this.orders[k]!, this.cents[k]!, this.margin[k]!, this.last[k]!);
      totals.cents += this.cents[k]!;
      if (hasCost) totals.margin += this.margin[k]!;
      this.orders[k] = 0;
      this.cents[k] = 0;
      this.margin[k] = 0;
      this.last[k] = NO_DAY;
      this.isTouched[k] = 0;
    }
    this.touched.length = 0;
  }
}
