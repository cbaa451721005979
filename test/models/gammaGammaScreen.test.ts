import { describe, expect, it } from "vitest";
import { screenSpendRows } from "../../src/models/gammaGammaScreen.js";
import { fitGammaGamma, ggKernel } from "../../src/models/gammaGamma.js";
import { gammaln } from "../../src/numeric/special/gamma.js";
import { FREQUENCY, MONETARY, WEIGHTS, readColumns } from "../../src/models/columns.js";
import { readCsv } from "./referenceData.js";

const f64 = (a: number[]) => Float64Array.from(a);

describe("screenSpendRows: one pass that checks, counts and keeps the customers a Gamma-Gamma fit uses", () => {
  it("keeps repeat buyers with positive spend in order and sums the excluded customers' weights by reason", () => {
    // Excluded rows first, in the middle and last: the kept rows must be copied from the first exclusion on.
    const x = f64([0, 2, 1, 3, 4, 1, 5, 0]);
    const z = f64([9, 10, 20, -3, 30, 1e101, 40, 7]);
    const w = f64([2, 1, 0, 1.5, 3, 1, 1, 0.5]);
    const s = screenSpendRows(x, z, w);
    expect([...s.x]).toEqual([2, 1, 4, 1, 5]);
    expect([...s.z]).toEqual([10, 20, 30, 1e101, 40]);
    expect([...s.w]).toEqual([1, 0, 3, 1, 1]);
    expect(s.noRepeat).toBe(2.5);
    expect(s.nonPositive).toBe(1.5);
    // The least spend among positive weights: 20 has weight 0.
    expect([s.lo, s.hi]).toEqual([10, 1e101]);
    expect(s.outOfRange).toBe(1);
    expect(s.clean).toBe(true);
    expect([...x, ...z, ...w]).toEqual([0, 2, 1, 3, 4, 1, 5, 0, 9, 10, 20, -3, 30, 1e101, 40, 7, 2, 1, 0, 1.5, 3, 1, 1, 0.5]);
  });

  it("returns the caller's columns when every customer is kept, and weights of 1 when none are given", () => {
    const x = f64([1, 2, 3]), z = f64([5, 1e-101, 7]);
    const s = screenSpendRows(x, z, undefined);
    expect(s.x).toBe(x);
    expect(s.z).toBe(z);
    expect([...s.w]).toEqual([1, 1, 1]);
    expect([s.noRepeat, s.nonPositive, s.outOfRange, s.lo, s.hi]).toEqual([0, 0, 1, 1e-101, 7]);
    // Only the last customer excluded: a copy of the first two.
    const t = screenSpendRows(f64([1, 2, 0]), f64([5, 6, 7]), undefined);
    expect([...t.x, ...t.z, ...t.w, t.noRepeat]).toEqual([1, 2, 5, 6, 1, 1, 1]);
  });

  it("is not clean when a value is not finite, a frequency negative or fractional, or a weight negative", () => {
    const clean = (x: number[], z: number[], w?: number[]) => screenSpendRows(f64(x), f64(z), w && f64(w)).clean;
    expect(clean([0, 2], [0, -5], [0, 1])).toBe(true);
    for (const [x, z, w] of [
      [[NaN], [5], [1]],
      [[Infinity], [5], [1]],
      [[-1], [5], [1]],
      [[1.5], [5], [1]],
      [[0], [-Infinity], [1]],
      [[2], [Infinity], [1]],
      [[2], [NaN], [1]],
      [[2], [5], [-1]],
      [[2], [5], [NaN]],
      [[2], [5], [Infinity]],
    ]) expect(clean(x!, z!, w)).toBe(false);
  });
});

describe("fitGammaGamma after its one screening pass", () => {
  const c = readCsv("cdnow/cdnow_customers_summary_with_transactions.csv");
  const keep = [...c.x!.keys()].filter((i) => c.x![i]! > 0);
  const x = Float64Array.from(keep, (i) => c.x![i]!), z = Float64Array.from(keep, (i) => c.zbar![i]!);

  it("counts excluded customers by weight and fits exactly as on the kept customers alone", () => {
    const n = x.length, at = [0, 400, n];
    const extra = [[0, 12, 2], [3, 0, 1.5], [2, -4, 3]]; // no repeat purchase; zero spend; negative spend
    const xs: number[] = [], zs: number[] = [], ws: number[] = [];
    for (let i = 0; i <= n; i++) {
      const k = at.indexOf(i);
      if (k >= 0) {
        xs.push(extra[k]![0]!);
        zs.push(extra[k]![1]!);
        ws.push(extra[k]![2]!);
      }
      if (i < n) {
        xs.push(x[i]!);
        zs.push(z[i]!);
        ws.push(1 + (i % 3));
      }
    }
    const m = fitGammaGamma({ frequency: f64(xs), monetaryValue: f64(zs), weights: f64(ws) });
    const alone = fitGammaGamma({ frequency: x, monetaryValue: z, weights: Float64Array.from(x, (_, i) => 1 + (i % 3)) });
    expect(m.excludedNoRepeat).toBe(2);
    expect(m.excludedNonPositiveSpend).toBe(4.5);
    expect(m.warnings[0]).toBe("4.5 repeat buyer(s) with zero or negative mean spend excluded from the fit; they get the population mean spend");
    expect(m.params).toEqual(alone.params);
    expect(m.standardErrors).toEqual(alone.standardErrors);
    expect(m.logLikelihood).toBe(alone.logLikelihood);
    expect(m.customers).toBe(alone.customers);
  });

  it("never changes the caller's columns, also when the spends are fitted in scaled units", () => {
    const big = z.map((v) => v * 1e298), before = Float64Array.from(big);
    const m = fitGammaGamma({ frequency: x, monetaryValue: big });
    expect(m.warnings.join(" ")).toMatch(/fitted in units of .* \(their geometric mean\) and v scaled back/);
    expect(big).toEqual(before);
  });

  it("reports the largest of 300,000 scaled spends in its warning without passing them all as arguments (a stack overflow)", () => {
    const n = 300_000, fq = new Float64Array(n), zz = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      fq[i] = x[i % x.length]!;
      zz[i] = z[i % z.length]! * (1 + i / n) * 1e200;
    }
    const m = fitGammaGamma({ frequency: fq, monetaryValue: zz });
    const top = zz.reduce((a, b) => Math.max(a, b), 0);
    expect(m.warnings.join(" ")).toMatch(/mean spends reach .*: fitted in units of/);
    const reported = Number(/mean spends reach (\S+):/.exec(m.warnings.join(" "))![1]);
    expect(Math.abs(reported / top - 1)).toBeLessThan(1e-12);
  });

  it("fits spends below 1e-100 in scaled units too: the estimates of the unscaled spends, v scaled", () => {
    const plain = fitGammaGamma({ frequency: x, monetaryValue: z });
    const tiny = fitGammaGamma({ frequency: x, monetaryValue: z.map((v) => v * 1e-102) });
    expect(tiny.warnings.join(" ")).toMatch(/fitted in units of/);
    expect(tiny.params.p / plain.params.p).toBeCloseTo(1, 8);
    expect(tiny.params.q / plain.params.q).toBeCloseTo(1, 8);
    expect(tiny.params.v / 1e-102 / plain.params.v).toBeCloseTo(1, 8);
    // Spends inside [1e-100, 1e100] are fitted as they are.
    expect(plain.warnings.join(" ")).not.toMatch(/fitted in units of/);
  });

  it("finds a flat spend among the customers with positive weight only", () => {
    const flat = { frequency: f64([1, 2, 5, 3, 2]), monetaryValue: f64([25, 25, 1000, 25, 25]) };
    const ignored = fitGammaGamma({ ...flat, weights: f64([1, 1, 0, 2, 1]) });
    expect(ignored.constantSpend).toBe(25);
    expect(ignored.warnings.join(" ")).toMatch(/every repeat buyer's mean spend is 25/);
    const counted = fitGammaGamma({ ...flat, weights: f64([1, 1, 0.5, 2, 1]) });
    expect(counted.constantSpend).toBeUndefined();
  });

  it("reports the same first bad value as the column-by-column checks: finiteness before the rules, columns in order", () => {
    const gg = (d: Record<string, number[]>) => () => fitGammaGamma(d);
    expect(gg({ frequency: [-1, 2], monetaryValue: [5, NaN] })).toThrow('fitGammaGamma: column "monetaryValue" row 2 is NaN: every customer needs a finite number');
    expect(gg({ frequency: [1, Infinity], monetaryValue: [5, 5, 5] })).toThrow('fitGammaGamma: column "frequency" row 2 is Infinity: every customer needs a finite number');
    expect(gg({ frequency: [NaN] })).toThrow('fitGammaGamma: column "frequency" row 1 is NaN: every customer needs a finite number');
    expect(gg({ frequency: [1, 2], monetaryValue: [5, 5, 5] })).toThrow('fitGammaGamma: column "monetaryValue" has 3 rows but "frequency" has 2: columns must have equal lengths');
    expect(gg({ frequency: [1, 2], monetaryValue: [5, 6], weights: [1, NaN] })).toThrow('fitGammaGamma: column "weights" row 2 is NaN: every customer needs a finite number');
    expect(gg({ frequency: [1, 2.5], monetaryValue: [5, 6], weights: [-1, 1] })).toThrow("fitGammaGamma: row 1: weights is -1: weights are non-negative counts");
    expect(gg({ frequency: [1, 2.5], monetaryValue: [5, 6] })).toThrow("fitGammaGamma: row 2: frequency is 2.5: repeat purchases are counted, use a whole number");
  });
});

describe("the Gamma-Gamma likelihood's sums over the rows", () => {
  /** Fader & Hardie (2013) eq. 4 summed row by row, with weights. */
  const direct = (x: Float64Array, z: Float64Array, w: Float64Array, [p, q, v]: number[]) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!, zi = z[i]!;
      s += w[i]! * (gammaln(p! * xi + q!) - gammaln(p! * xi) - gammaln(q!) + q! * Math.log(v!) + (p! * xi - 1) * Math.log(zi) + p! * xi * Math.log(xi) - (p! * xi + q!) * Math.log(v! + xi * zi));
    }
    return s;
  };
  const c = readCsv("cdnow/cdnow_customers_summary_with_transactions.csv");
  const keep = [...c.x!.keys()].filter((i) => c.x![i]! > 0);
  const z = Float64Array.from(keep, (i) => c.zbar![i]!), w = Float64Array.from(keep, (_, i) => 1 + (i % 4) / 2);

  it("equal eq. 4 row by row whether the purchase counts are grouped in the pass (below 4096) or apart (5000, 2.5)", () => {
    const small = Float64Array.from(keep, (i) => c.x![i]!);
    const large = small.map((v, i) => (i === 7 ? 5000 : v));
    const fractional = small.map((v, i) => (i === 3 ? 2.5 : v)); // not a count, but the formula holds for any x > 0
    const par = [6.25, 3.74, 15.44];
    for (const x of [small, large, fractional]) {
      const ll = ggKernel(x, z, w).logLik(Float64Array.from(par));
      expect(Math.abs(ll / direct(x, z, w, par) - 1)).toBeLessThan(1e-12);
    }
  });
});

describe("readColumns with deferFiniteCheck", () => {
  const specs = [FREQUENCY, MONETARY, WEIGHTS];
  const eager = (d: Record<string, unknown>) => {
    try {
      readColumns(d, specs, "t");
      return "no error";
    } catch (e) {
      return (e as Error).message;
    }
  };

  it("leaves the finiteness pass to checkFinite, which throws what the eager read throws", () => {
    const d = { frequency: f64([1, 2]), monetaryValue: f64([3, Infinity]) };
    const r = readColumns(d, specs, "t", true);
    expect(r.columns.monetaryValue).toBe(d.monetaryValue);
    expect(() => r.checkFinite!()).toThrow(eager(d));
    const ok = readColumns({ frequency: [1], zbar: [3] }, specs, "t", true);
    expect(() => ok.checkFinite!()).not.toThrow();
    expect(readColumns({ frequency: [1], zbar: [3] }, specs, "t").checkFinite).toBeUndefined();
  });

  it("throws an earlier column's non-finite value before a later column's error, as the eager read does", () => {
    for (const d of [{ frequency: [NaN, 1] }, { frequency: [1, NaN], monetaryValue: [1] }, { frequency: [1, NaN], monetaryValue: 4 }, { frequency: [1, 2], monetaryValue: [-Infinity, 2], weights: [1, "1"] }]) {
      expect(() => readColumns(d, specs, "t", true)).toThrow(eager(d));
    }
  });
});
