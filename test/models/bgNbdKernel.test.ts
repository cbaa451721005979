import { describe, expect, it } from "vitest";
import { bgWeightedConditional, evaluateDiscounted, evaluateDiscountedByX } from "../../src/models/bgNbdKernel.js";
import { aliveMeanAt, discountedTable, inAlphaPlusT } from "../../src/models/discountedTable.js";
import { groupByFrequency } from "../../src/models/frequencyGroups.js";
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

/** Largest |a − b| / max(|a|, |b|) over two columns of the same length. */
function maxRelative(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(a[i]!), Math.abs(b[i]!), 1e-300));
  return worst;
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

  it("evaluates customers in interleaved pairs as one at a time to 1e-12 relative (BG/NBD and MBG/NBD): odd counts, pieces, and direct groups next to interpolated ones", () => {
    // Small alpha and T log-uniform from 0.001 to 1000 give a wide ln(alpha + T) range (several pieces); frequency 60
    // with 3 customers has no interpolant (direct 2F1), shuffled among the others so pairs mix both kinds.
    const p = { r: 1.2, alpha: 0.05, a: 0.3, b: 0.4 };
    const big = customers([0, 1, 2, 5], 500, 0, 1, 11), rare = customers([60], 3, 0, 1, 12);
    for (const d of [big, rare]) {
      for (let i = 0; i < d.x.length; i++) {
        const f = d.T[i]!; // uniform in [0, 1]: recency keeps its share of T
        d.T[i] = Math.exp(Math.log(0.001) + Math.log(1e6) * ((i * 0.618034) % 1));
        d.tx[i] = d.x[i] === 0 ? 0 : d.T[i]! * (d.tx[i]! / f);
      }
    }
    const n = big.x.length + rare.x.length; // 2003: odd
    const rng = createRng(13), order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng.uniform() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const at = (a: Float64Array, b: Float64Array) => Float64Array.from(order, (i) => (i < a.length ? a[i]! : b[i - a.length]!));
    const x = at(big.x, rare.x), tx = at(big.tx, rare.tx), T = at(big.T, rare.T);
    for (const [times, weights, modified] of [[[39], [1], false], [monthly, discount, false], [[39], [1], true]] as [number[], number[], boolean][]) {
      const tt = Float64Array.from(times), ww = Float64Array.from(weights);
      const perCustomer = groupByFrequency(x, T), byX = groupByFrequency(x, T, false)!;
      expect(byX.byX).toBeDefined();
      expect(byX.group.length).toBe(0);
      const table = discountedTable(p, modified, tt, ww, byX);
      expect(Math.max(...table.pieces)).toBeGreaterThan(1);
      expect(Math.min(...table.len)).toBe(0);
      const one = new Float64Array(n), pairs = new Float64Array(n);
      evaluateDiscounted(p, modified, discountedTable(p, modified, tt, ww, perCustomer), perCustomer, tt, ww, tx, T, 0, n, one);
      expect(evaluateDiscountedByX(p, modified, table, byX, tt, ww, x, tx, T, pairs)).toBe(-1);
      // alpha + T spans too much here for its own coordinate: the same ln(alpha + T) interpolants, e^ by fastExp (1 ulp)
      // and the piece coordinate rounded differently (1e-16). Over T from 1e-3 to 1e3 the monthly sum falls ~1e5-fold
      // across one piece, so its Clenshaw sum loses ~3 digits where it is small: the two differ there by ~1e-13.
      expect(inAlphaPlusT(table)).toBeUndefined();
      expect(maxRelative(pairs, one)).toBeLessThan(1e-12);
    }
  });

  it("re-interpolates S_x in alpha + T (no log per customer) when alpha + T spans at most a factor 9, agreeing with the ln(alpha + T) interpolants and the 2F1 definition", () => {
    // Weekly customers observed 30 to 48 weeks (alpha + T from 34 to 52, a factor 1.5): several pieces of alpha + T;
    // 4,100 customers per frequency, above the 4,000 from which evaluateDiscountedByX re-interpolates.
    const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const d = customers([0, 1, 2, 3, 7], 4100, 30, 48, 21);
    for (const [times, weights, modified] of [[[39], [1], false], [monthly, discount, false], [[39], [1], true]] as [number[], number[], boolean][]) {
      const tt = Float64Array.from(times), ww = Float64Array.from(weights);
      const groups = groupByFrequency(d.x, d.T, false)!, perCustomer = groupByFrequency(d.x, d.T);
      const table = discountedTable(p, modified, tt, ww, groups);
      const inC = inAlphaPlusT(table)!;
      expect(inC).toBeDefined();
      expect(Math.min(...inC.pieces)).toBeGreaterThan(1);
      // Nearly as short as the ln(alpha + T) interpolants (the loop pads every group to the longest).
      expect(Math.max(...inC.len)).toBeLessThanOrEqual(Math.max(...table.len) + 2);
      const fast = new Float64Array(d.x.length), slow = new Float64Array(d.x.length);
      expect(evaluateDiscountedByX(p, modified, table, groups, tt, ww, d.x, d.tx, d.T, fast)).toBe(-1);
      evaluateDiscounted(p, modified, discountedTable(p, modified, tt, ww, perCustomer), perCustomer, tt, ww, d.tx, d.T, 0, d.x.length, slow);
      expect(maxRelative(fast, slow)).toBeLessThan(1e-14);
      for (const i of [0, 4101, 8202, 12303, 20499]) expect(Math.abs(fast[i]! / direct(p, modified, times, weights, d.x[i]!, d.tx[i]!, d.T[i]!) - 1)).toBeLessThan(1e-11);
    }
  });

  it("re-interpolates in alpha + T from as few customers per group as rowsPerGroup says (the load-time warm-up's path), agreeing with the ln(alpha + T) interpolants to 1e-14 relative", () => {
    // 300 customers per frequency: below the default 4,000, so only rowsPerGroup 0 takes the alpha + T path.
    const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const d = customers([0, 1, 3], 300, 30, 48, 31);
    for (const modified of [false, true]) {
      const tt = Float64Array.of(13, 39), ww = Float64Array.of(0.5, 1);
      const groups = groupByFrequency(d.x, d.T, false)!;
      const table = discountedTable(p, modified, tt, ww, groups);
      const inLambda = new Float64Array(d.x.length), inC = new Float64Array(d.x.length);
      expect(evaluateDiscountedByX(p, modified, table, groups, tt, ww, d.x, d.tx, d.T, inLambda, true)).toBe(-1);
      expect(evaluateDiscountedByX(p, modified, table, groups, tt, ww, d.x, d.tx, d.T, inC, true, 0)).toBe(-1);
      // Different interpolants (so not bit-identical), the same function.
      expect(inC.some((v, i) => v !== inLambda[i])).toBe(true);
      expect(maxRelative(inC, inLambda)).toBeLessThan(1e-14);
    }
  });

  it("reports the first row whose value is not finite instead of returning it silently", () => {
    const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const d = customers([0, 2], 200, 30, 48, 4);
    const groups = groupByFrequency(d.x, d.T, false)!;
    const table = discountedTable(p, false, Float64Array.of(39), Float64Array.of(1), groups);
    table.coef[table.offset[1]!] = NaN; // frequency 2's interpolant broken: its first customer is row 200
    expect(evaluateDiscountedByX(p, false, table, groups, Float64Array.of(39), Float64Array.of(1), d.x, d.tx, d.T, new Float64Array(d.x.length))).toBe(200);
  });
  describe("at the homogeneous-dropout limit a, b → ∞ (the BG/NBD fit to the lenses bench's synthetic log)", () => {
    // The maximum-likelihood estimate on that log lies at this limit: dropout after each purchase with probability
    // a/(a+b) ≈ 1.2e-4 for everybody.
    const p = { r: 0.8816309234385208, alpha: 4.469868543059297, a: 7149935.680977129, b: 57791170724.71987 };

    it("expected purchases of a customer alive now match 60-digit mpmath values of the published form to 1e-13 relative", () => {
      // m_x(u) = C/(a−1)·[1 − (1+u)^−(r+x)·2F1(r+x, b+x+s; C; u/(1+u))], C = a+b+x−1+s (Fader, Hardie & Lee 2005,
      // eq. 10), its Gauss series summed term by term at mp.dps = 60 in mpmath 1.3 (to 1e-70 of the sum), agreeing to
      // 1e-40 with mpmath's hyp2f1 where that converges (u < 2).
      /* eslint-disable no-loss-of-precision -- 20-digit mpmath values; they round to the nearest double on purpose */
      const cases: [number, number, number, number][] = [
        [0, 0, 0.01, 0.0088162989736693834481],
        [1, 0, 0.5, 0.94073162486570822787],
        [3, 0, 2, 7.7585760282800380385],
        [10, 0, 11.6, 125.15744019499453679],
        [19, 0, 1e-4, 0.0019881628355566928605],
        [2, 1, 5, 14.390875856242677098], // MBG/NBD (s = 1)
        [5, 0, 34.8, 201.68289303635740723],
      ];
      /* eslint-enable no-loss-of-precision */
      for (const [x, s, u, want] of cases) expect(Math.abs(aliveMeanAt(p, x, s, u) - want) / want).toBeLessThan(1e-13);
    });

    it("builds an interpolant for every frequency, which agrees with the per-customer evaluation to 1e-11 relative", () => {
      const d = customers([0, 1, 2, 5, 10, 19], 400, 0.5, 156, 7);
      for (const [times, weights] of [[[52], [1]], [monthly, discount]] as [number[], number[]][]) {
        const table = discountedTable(p, false, Float64Array.from(times), Float64Array.from(weights), groupByFrequency(d.x, d.T));
        expect(Array.from(table.len).every((l) => l > 0)).toBe(true);
        const got = bgWeightedConditional(p, false, times, weights, d.x, d.tx, d.T);
        let worst = 0;
        for (let i = 0; i < d.x.length; i += 7) {
          const want = direct(p, false, times, weights, d.x[i]!, d.tx[i]!, d.T[i]!);
          worst = Math.max(worst, Math.abs(got[i]! - want) / want);
        }
        expect(worst).toBeLessThan(1e-11);
      }
    });
  });
});
