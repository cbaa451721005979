import { describe, expect, it } from "vitest";
import { aliveMeanAt, bgWeightedConditional, discountedTable, groupByFrequency } from "../../src/models/bgNbdKernel.js";
import { createRng } from "../../src/random/createRng.js";

/** Customers with `perX` of each frequency in `xs`, T uniform in [tLo, tHi], recency uniform in (0, T]. */
function customers(xs: number[], perX: number, tLo: number, tHi: number, seed: number) {
  const rng = createRng(seed);
  const n = xs.length * perX;
  const x = new Float64Array(n), tx = new Float64Array(n), T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = xs[Math.floor(i / perX)]!;
    T[i] = tLo + (tHi - tLo) * rng.uniform();
    tx[i] = x[i] === 0 ? 0 : T[i]! * (0.05 + 0.95 * rng.uniform());
  }
  return { x, tx, T };
}

/** The per-customer definition: P(alive) · Σ_k w_k m_x(t_k / (α + T)), m from the 2F1 form (no interpolation). */
function direct(p: { r: number; alpha: number; a: number; b: number }, modified: boolean, times: number[], weights: number[], x: number, tx: number, T: number): number {
  const s = modified ? 1 : 0;
  let S = 0;
  for (let k = 0; k < times.length; k++) S += weights[k]! * aliveMeanAt(p, x, s, times[k]! / (p.alpha + T));
  if (!modified && x === 0) return S;
  const odds = (p.a / (p.b + x - 1 + s)) * Math.pow((p.alpha + T) / (p.alpha + tx), p.r + x);
  return S / (1 + odds);
}

const monthly = Array.from({ length: 12 }, (_, k) => (k + 1) * 4.345);
const discount = monthly.map((_, k) => (k < 11 ? Math.pow(1.01, -k - 1) * (0.01 / 1.01) : Math.pow(1.01, -12)));

describe("BG/NBD-family prediction kernel (per-frequency interpolation over ln(alpha + T))", () => {
  const cases: [string, { r: number; alpha: number; a: number; b: number }, boolean, number, number][] = [
    ["CDNOW BG/NBD (Fader, Hardie & Lee 2005)", { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, false, 0.5, 78],
    ["MBG/NBD", { r: 0.5, alpha: 6, a: 0.7, b: 3 }, true, 1, 78],
    ["a + b < 1 (C <= 0 for x = 0)", { r: 1.2, alpha: 0.5, a: 0.3, b: 0.4 }, false, 0.01, 100],
    ["a close to 1", { r: 0.8, alpha: 20, a: 1 + 1e-7, b: 5 }, false, 2, 200],
    ["near the Poisson limit (r, alpha large)", { r: 3e4, alpha: 1e5, a: 0.8, b: 3 }, false, 1, 52],
  ];
  for (const [name, p, modified, tLo, tHi] of cases) {
    it(`agrees with the per-customer 2F1 evaluation to 1e-11 relative, one horizon and twelve discounted months: ${name}`, () => {
      const d = customers([0, 1, 2, 5, 17, 60], 400, tLo, tHi, 3);
      for (const [times, weights] of [[[39], [1]], [monthly, discount]] as [number[], number[]][]) {
        const got = bgWeightedConditional(p, modified, times, weights, d.x, d.tx, d.T);
        // The test needs the interpolated path: every group is large enough for it.
        const table = discountedTable(p, modified, Float64Array.from(times), Float64Array.from(weights), groupByFrequency(d.x, d.T));
        expect(Array.from(table.len).every((l) => l > 0)).toBe(true);
        let worst = 0;
        for (let i = 0; i < d.x.length; i += 7) {
          const want = direct(p, modified, times, weights, d.x[i]!, d.tx[i]!, d.T[i]!);
          worst = Math.max(worst, Math.abs(got[i]! - want) / want);
        }
        expect(worst).toBeLessThan(1e-11);
      }
    });
  }

  it("gives the same values for a customer alone (direct evaluation) and among 10,000 of the same frequency (interpolated)", () => {
    const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const d = customers([3], 10_000, 30, 48, 5);
    const all = bgWeightedConditional(p, false, monthly, discount, d.x, d.tx, d.T);
    for (const i of [0, 4_321, 9_999]) {
      const one = bgWeightedConditional(p, false, monthly, discount, d.x.subarray(i, i + 1), d.tx.subarray(i, i + 1), d.T.subarray(i, i + 1));
      expect(Math.abs(one[0]! - all[i]!) / one[0]!).toBeLessThan(1e-12);
    }
  });

  it("handles a frequency whose customers all share one T (an interval of zero width) and a frequency beyond the lookup table", () => {
    const p = { r: 0.5, alpha: 6, a: 0.7, b: 3 };
    const n = 500;
    const x = new Float64Array(n).fill(2), tx = new Float64Array(n).fill(10), T = new Float64Array(n).fill(39);
    x.fill(5000, 250);
    tx.fill(38, 250);
    const got = bgWeightedConditional(p, false, [52], [1], x, tx, T);
    expect(Math.abs(got[0]! - direct(p, false, [52], [1], 2, 10, 39)) / got[0]!).toBeLessThan(1e-11);
    expect(Math.abs(got[300]! - direct(p, false, [52], [1], 5000, 38, 39)) / got[300]!).toBeLessThan(1e-11);
  });

  it("rejects a negative or non-finite horizon and a non-finite weight", () => {
    const d = customers([1], 3, 10, 20, 1);
    const p = { r: 0.5, alpha: 6, a: 0.7, b: 3 };
    expect(() => bgWeightedConditional(p, false, [-1], [1], d.x, d.tx, d.T)).toThrow(/invalid time -1: use a non-negative number/);
    expect(() => bgWeightedConditional(p, false, [Infinity], [1], d.x, d.tx, d.T)).toThrow(/invalid time Infinity/);
    expect(() => bgWeightedConditional(p, false, [4], [NaN], d.x, d.tx, d.T)).toThrow(/invalid weight NaN of time 4/);
  });
});
