// Growable columns that collect the panel's rows as customers are flushed.
/** Growable typed-array columns of the panel's rows. */
export class PanelRowBuffer {
  private cap: number;
  m = 0;
  cust: Int32Array;
  per: Int32Array;
  ord: Int32Array;
  cents: Float64Array;
  margin: Float64Array;
  last: Int32Array;

  constructor(
    used: number,
    private readonly hasCost: boolean,
  ) {
    this.cap = Math.max(16, Math.min(used, 1 << 20));
    this.cust = new Int32Array(this.cap);
    this.per = new Int32Array(this.cap);
    this.ord = new Int32Array(this.cap);
    this.cents = new Float64Array(this.cap);
    this.margin = hasCost ? new Float64Array(this.cap) : new Float64Array(0);
    this.last = new Int32Array(this.cap);
  }

  push(c: number, k: number, orders: number, cents: number, margin: number, last: number): void {
    if (this.m === this.cap) this.grow();
    const m = this.m++;
    this.cust[m] = c;
    this.per[m] = k;
    this.ord[m] = orders;
    this.cents[m] = cents;
    if (this.hasCost) this.margin[m] = margin;
    this.last[m] = last;
  }

  private grow(): void {
    const cap = (this.cap *= 2);
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    const g64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.cust = g32(this.cust);
    this.per = g32(this.per);
    this.ord = g32(this.ord);
    this.last = g32(this.last);
    this.cents = g64(this.cents);
    if (this.hasCost) this.margin = g64(this.margin);
  }
}
