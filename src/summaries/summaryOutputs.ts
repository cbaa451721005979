// Output columns and counts shared by both paths of the customer summary, so each path emits customers alike.
/** Output columns for up to C customers (kept customers are written at index m ≤ c, then cut to m). */
export interface Outputs {
  keep: Int32Array;
  freq: Float64Array;
  rec: Float64Array;
  TT: Float64Array;
  mon: Float64Array;
  first: Int32Array;
  last: Int32Array;
  spend: Float64Array;
  orders: Int32Array;
  fH: Float64Array | undefined;
  mH: Float64Array | undefined;
}

/** Rows and customers the summary kept, used or left out. */
export interface Counts {
  m: number;
  purchaseRows: number;
  returnRows: number;
  afterEnd: number;
  excludedRows: number;
  excluded: number;
}

export function newOutputs(C: number, split: boolean): Outputs {
  return {
    keep: new Int32Array(C),
    freq: new Float64Array(C), rec: new Float64Array(C), TT: new Float64Array(C), mon: new Float64Array(C),
    first: new Int32Array(C), last: new Int32Array(C), spend: new Float64Array(C), orders: new Int32Array(C),
    fH: split ? new Float64Array(C) : undefined,
    mH: split ? new Float64Array(C) : undefined,
  };
}

/** Writes customer c's figures at index m of `out`. */
export function emit(out: Outputs, m: number, c: number, firstDay: number, lastDay: number, calDays: number, tot: number, repeatSpend: number, hDays: number, hSpend: number, calEnd: number, perUnit: number): void {
  out.keep[m] = c;
  out.freq[m] = calDays - 1;
  out.rec[m] = (lastDay - firstDay) / perUnit;
  out.TT[m] = (calEnd - firstDay) / perUnit;
  out.mon[m] = calDays > 1 ? repeatSpend / (calDays - 1) : 0;
  out.first[m] = firstDay;
  out.last[m] = lastDay;
  out.spend[m] = tot;
  out.orders[m] = calDays;
  if (out.fH) {
    out.fH[m] = hDays;
    out.mH![m] = hDays > 0 ? hSpend / hDays : 0;
  }
}
