import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/models/loadModel.js";
import { evaluateDiscountedByX } from "../../src/models/bgNbdKernel.js";
import { discountedTable } from "../../src/models/discountedTable.js";
import { groupByFrequency, type FrequencyGroups } from "../../src/models/frequencyGroups.js";
import { predictionRowValid } from "../../src/models/plainRft.js";
import { validateSummary } from "../../src/models/validateSummary.js";
import { createRng } from "../../src/random/createRng.js";

// CDNOW BG/NBD parameters (Fader, Hardie & Lee 2005, as fitted by lifetimes' BetaGeoFitter).
const CDNOW = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/** Customers with whole frequencies, recency in (0, T], T per customer. */
function customers(n: number, seed: number) {
  const rng = createRng(seed);
  const x = new Float64Array(n), tx = new Float64Array(n), T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = Math.floor(-Math.log(rng.uniform()) * 2);
    T[i] = 1 + 50 * rng.uniform();
    tx[i] = x[i] === 0 ? 0 : T[i]! * rng.uniform();
  }
  return { frequency: x, recency: tx, T };
}

describe("prediction fast path (Float64Array columns checked inside the kernel's loop)", () => {
  it("accepts exactly the rows validateSummary accepts for predictions, plus finiteness", () => {
    const values = [0, 1, 2.5, -1, 3, 5, 5 + 1e-13, 5.1, NaN, Infinity, -0];
    let checked = 0;
    for (const x of values)
      for (const tx of values)
        for (const T of values) {
          let want = Number.isFinite(x) && Number.isFinite(tx) && Number.isFinite(T);
          try {
            validateSummary({ frequency: Float64Array.of(x), recency: Float64Array.of(tx), T: Float64Array.of(T) }, "check", false);
          } catch {
            want = false;
          }
          expect(predictionRowValid(x, tx, T), `x ${x}, t_x ${tx}, T ${T}`).toBe(want);
          checked++;
        }
    expect(checked).toBe(values.length ** 3);
  });

  it("gives P(alive) identical to, and E[X(39)] within 1e-14 relative of, the general path (plain arrays) on 5,000 customers", () => {
    const bg = loadModel({ model: "bg-nbd", params: CDNOW });
    const d = customers(5000, 11);
    const arrays = { frequency: Array.from(d.frequency), recency: Array.from(d.recency), T: Array.from(d.T) };
    expect(Array.from(bg.probabilityAlive(d))).toEqual(Array.from(bg.probabilityAlive(arrays)));
    // The fast path evaluates its interpolants re-interpolated in alpha + T (no log per customer): not the same bits.
    const fast = bg.conditionalExpectedPurchases(39, d), slow = bg.conditionalExpectedPurchases(39, arrays);
    for (let i = 0; i < fast.length; i++) expect(Math.abs(fast[i]! - slow[i]!)).toBeLessThanOrEqual(1e-14 * slow[i]!);
  });

  it("gives P(alive) = 1 / (1 + a/(b + x - 1) ((alpha + T)/(alpha + t_x))^(r + x)) (Fader, Hardie & Lee 2005, eq. 11) to 1e-14 relative (the power form's own rounding), and 1 without repeat purchases", () => {
    const bg = loadModel({ model: "bg-nbd", params: CDNOW });
    const d = customers(5000, 17);
    const got = bg.probabilityAlive(d);
    const { r, alpha, a, b } = CDNOW;
    for (let i = 0; i < got.length; i++) {
      const x = d.frequency[i]!, want = x === 0 ? 1 : 1 / (1 + (a / (b + x - 1)) * Math.pow((alpha + d.T[i]!) / (alpha + d.recency[i]!), r + x));
      expect(Math.abs(got[i]! - want)).toBeLessThanOrEqual(1e-14 * want);
    }
  });

  it("names the bad row with the same message whether the columns are Float64Arrays or arrays", () => {
    const bg = loadModel({ model: "bg-nbd", params: CDNOW });
    const d = customers(2000, 12);
    d.recency[1234] = d.T[1234]! + 1;
    d.frequency[1234] = 2;
    const arrays = { frequency: Array.from(d.frequency), recency: Array.from(d.recency), T: Array.from(d.T) };
    for (const call of [(c: typeof d | typeof arrays) => bg.probabilityAlive(c), (c: typeof d | typeof arrays) => bg.conditionalExpectedPurchases(39, c)]) {
      let fast = "", slow = "";
      try { call(d); } catch (e) { fast = (e as Error).message; }
      try { call(arrays); } catch (e) { slow = (e as Error).message; }
      expect(fast).toMatch(/row 1235: recency .* exceeds T/);
      expect(fast).toBe(slow);
    }
    d.recency[1234] = 1;
    d.T[1500] = Infinity;
    expect(() => bg.probabilityAlive(d)).toThrow(/column "T" row 1501 is Infinity: every customer needs a finite number/);
  });

  it("groups whole and fractional frequencies alike (table and Map paths)", () => {
    const x = Float64Array.of(3, 0, 3, 1, 0, 3), T = Float64Array.of(10, 5, 30, 7, 2, 20);
    const whole = groupByFrequency(x, T);
    const frac = groupByFrequency(Float64Array.of(3, 0, 3, 1, 0, 3.5), T);
    const byX = (g: FrequencyGroups) =>
      Object.fromEntries(Array.from(g.x, (v, k) => [v, [g.count[k], g.minT[k], g.maxT[k]]]));
    expect(byX(whole)).toEqual({ 0: [2, 2, 5], 1: [1, 7, 7], 3: [3, 10, 30] });
    expect(byX(frac)).toEqual({ 0: [2, 2, 5], 1: [1, 7, 7], 3: [2, 10, 30], 3.5: [1, 20, 20] });
    for (const g of [whole, frac]) for (let i = 0; i < x.length; i++) expect(g.x[g.group[i]!]).toBe(i === 5 && g === frac ? 3.5 : x[i]);
  });
});

describe("row checks fused into the expected-purchases evaluation (evaluateDiscountedByX with validate)", () => {
  it("returns -2 for a recency without repeat purchases, past T, or a non-finite recency, and -1 when every row is valid", () => {
    const p = CDNOW, one = Float64Array.of(39), w = Float64Array.of(1);
    const x = Float64Array.of(2, 0, 1, 2, 1), tx = Float64Array.of(4, 0, 3, 9, 1), T = Float64Array.of(10, 5, 7, 12, 3);
    const groups = groupByFrequency(x, T, false)!;
    const table = discountedTable(p, false, one, w, groups);
    expect(evaluateDiscountedByX(p, false, table, groups, one, w, x, tx, T, new Float64Array(5), true)).toBe(-1);
    for (const [i, v] of [[1, 2], [2, 8], [3, 13], [4, NaN], [4, Infinity]] as const) {
      const bad = Float64Array.from(tx);
      bad[i] = v; // recency without repeat purchases, past T, or not a number (the odd last row included)
      expect(evaluateDiscountedByX(p, false, table, groups, one, w, x, bad, T, new Float64Array(5), true), `row ${i} recency ${v}`).toBe(-2);
    }
  });

  it("groups no column with a negative or non-finite T for the fused path (undefined: the caller names the row)", () => {
    const x = Float64Array.of(2, 0, 1);
    for (const v of [-1, NaN, Infinity]) expect(groupByFrequency(x, Float64Array.of(10, v, 7), false)).toBeUndefined();
    expect(groupByFrequency(x, Float64Array.of(10, 5, 7), false)?.byX).toBeDefined();
  });
});
