import { describe, expect, test } from "vitest";
import { modelRows, rowsLikelihood } from "../../src/bayes/modelLikelihood.js";
import { paretoKernel } from "../../src/models/paretoNbd.js";
import { paretoPoint, paretoRowLog } from "../../src/models/paretoNbdCore.js";
import { logPochhammer } from "../../src/numeric/special/logPochhammer.js";
import { cdnowSummary, readCsv } from "../models/referenceData.js";

// The posterior targets evaluate the likelihood on compressed rows with per-value caches; these tests pin the cached
// kernels to direct per-customer formulas, so the speed-ups cannot change what is sampled.
const cd = { ...cdnowSummary(), timeUnit: "weeks" as const };
const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/** Central differences of a log-likelihood (relative step 1e-6). */
function numericGradient(f: (p: Float64Array) => number, p: Float64Array): number[] {
  return Array.from(p, (v, i) => {
    const h = 1e-6 * v, a = Float64Array.from(p), b = Float64Array.from(p);
    a[i] = v + h;
    b[i] = v - h;
    return (f(a) - f(b)) / (2 * h);
  });
}

describe("likelihood kernels of the posterior targets", () => {
  test("BG/NBD on compressed CDNOW rows with cached ln(alpha+T), ln(alpha+t_x) equals the per-customer formula of Fader, Hardie & Lee (2005, eq. 6) to 1e-10", () => {
    const lik = rowsLikelihood(modelRows("bg-nbd", cd));
    const p = Float64Array.of(0.243, 4.414, 0.793, 2.426);
    const [r, alpha, a, b] = p as unknown as [number, number, number, number];
    let direct = 0;
    for (let i = 0; i < cd.frequency.length; i++) {
      const x = cd.frequency[i]!, tx = cd.recency[i]!, T = cd.T[i]!;
      // ln[Γ(r+x)α^r/Γ(r)] + ln B(a, b+x)/B(a, b) + ln[(α+T)^-(r+x) + [x>0] a/(b+x−1) (α+t_x)^-(r+x)]
      const head = logPochhammer(r, x) + r * Math.log(alpha) + logPochhammer(b, x) - logPochhammer(a + b, x);
      const alive = -(r + x) * Math.log(alpha + T);
      const dead = x > 0 ? Math.log(a / (b + x - 1)) - (r + x) * Math.log(alpha + tx) : -Infinity;
      const m = Math.max(alive, dead);
      direct += head + m + Math.log(Math.exp(alive - m) + Math.exp(dead - m));
    }
    expect(relErr(lik.logLik(p), direct)).toBeLessThan(1e-10);
    // The published CDNOW log-likelihood at these estimates (Fader, Hardie & Lee 2005, sec. 5): −9582.4.
    expect(lik.logLik(p)).toBeCloseTo(-9582.4, 0);
  });

  test("Pareto/NBD's kernel over compressed rows equals the sum of per-row evaluations, value and gradient", () => {
    const lik = rowsLikelihood(modelRows("pareto-nbd", cd));
    for (const q of [[0.55, 10.5, 0.6, 11.5], [0.6, 12, 0.5, 8], [0.5, 9, 0.8, 15]]) {
      const p = Float64Array.from(q);
      const g = new Float64Array(4), rg = new Float64Array(4), sum = new Float64Array(4);
      const v = lik.logLik(p, g);
      let direct = 0;
      for (let i = 0; i < cd.frequency.length; i++) {
        const x = cd.frequency[i]!;
        direct += logPochhammer(q[0]!, x) + paretoRowLog(paretoPoint(q[0]!, q[1]!, q[2]!, q[3]!), x, cd.recency[i]!, cd.T[i]!, rg);
        for (let k = 0; k < 4; k++) sum[k] = sum[k]! + rg[k]!;
      }
      expect(relErr(v, direct)).toBeLessThan(1e-12);
      // The value without the gradient comes from the same cache path.
      expect(lik.logLik(p)).toBe(v);
      const dpr = new Float64Array(1);
      for (let i = 0; i < cd.frequency.length; i++) {
        logPochhammer(q[0]!, cd.frequency[i]!, dpr);
        sum[0] = sum[0]! + dpr[0]!;
      }
      for (let k = 0; k < 4; k++) expect(relErr(g[k]!, sum[k]!)).toBeLessThan(1e-9);
    }
  });

  test("Pareto/NBD's kernel on the 2,357 uncompressed CDNOW customers (each (x, T) pair repeated 5 times on average) equals row-by-row evaluation, value to 1e-12 and gradient to 1e-9, where some rows take the quadrature path", () => {
    const lik = paretoKernel(cd.frequency, cd.recency, cd.T, new Float64Array(cd.frequency.length).fill(1));
    // The CDNOW estimates of Fader, Hardie & Lee (2005, "RFM and CLV", Pareto/NBD LL −9595.0), a nearby point, and
    // β = 2000, where rows with t_x below about 10 weeks take their integral by quadrature and the others by 2F1 ends.
    const points = [[0.55, 10.58, 0.61, 11.67], [0.6, 12, 0.5, 8], [0.55, 10.58, 0.9, 2000]];
    for (const q of points) expectRowByRow(lik, q, cd.frequency, cd.recency, cd.T, undefined);
    expect(lik.logLik(Float64Array.from(points[0]!))).toBeCloseTo(-9595.0, 1);
    // Caches are per call: values without a gradient, then with one, then at other parameters, stay exact.
    for (const q of [points[2]!, points[0]!, points[1]!, points[0]!]) expectRowByRow(lik, q, cd.frequency, cd.recency, cd.T, undefined);
  });

  test("Pareto/NBD rows with all-distinct (x, T) and (x, t_x) pairs (continuous times) give row-by-row value and gradient", () => {
    // 60 customers with continuous T and t_x: no pair repeats, so nothing is cached.
    const n = 60, x = new Float64Array(n), tx = new Float64Array(n), T = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      T[i] = 30 + 0.7317 * i;
      x[i] = i % 5;
      tx[i] = x[i]! > 0 ? T[i]! * (0.2 + 0.013 * i) : 0.01 * i;
    }
    const w = Float64Array.from({ length: n }, (_, i) => 1 + (i % 3));
    const lik = paretoKernel(x, tx, T, w);
    for (const q of [[0.55, 10.5, 0.6, 11.5], [0.55, 10.5, 0.9, 2000]]) expectRowByRow(lik, q, x, tx, T, w);
  });

  test("Pareto/NBD rows sharing only their (x, T) pairs (cohorts, continuous recency) or only their (x, t_x) pairs give row-by-row value and gradient", () => {
    const n = 400, x = new Float64Array(n), tx = new Float64Array(n), T = new Float64Array(n);
    // Four cohorts of T, two frequencies: 8 (x, T) pairs; recency continuous for buyers, 0 for the others.
    for (let i = 0; i < n; i++) {
      T[i] = 20 + 10 * (i % 4);
      x[i] = i % 8 < 4 ? 0 : 3;
      tx[i] = x[i]! > 0 ? T[i]! * (0.05 + (0.9 * i) / n) : 0;
    }
    const w = new Float64Array(n).fill(1);
    for (const q of [[0.55, 10.5, 0.6, 11.5], [0.55, 10.5, 0.9, 2000]]) expectRowByRow(paretoKernel(x, tx, T, w), q, x, tx, T, w);
    // Continuous T, mostly non-buyers (t_x = 0, x = 0): (x, t_x) pairs repeat, (x, T) pairs do not.
    const T2 = Float64Array.from(T, (v, i) => v + 0.0137 * i), tx2 = Float64Array.from(tx, (v, i) => (i % 8 === 7 ? v : 0)), x2 = Float64Array.from(x, (v, i) => (i % 8 === 7 ? v : 0));
    for (const q of [[0.55, 10.5, 0.6, 11.5], [0.55, 10.5, 0.9, 2000]]) expectRowByRow(paretoKernel(x2, tx2, T2, w), q, x2, tx2, T2, w);
  });

  test("BG/BB's analytic gradient on the donations patterns agrees with central differences of its log-likelihood to 1e-5", () => {
    const lik = rowsLikelihood(modelRows("bg-bb", readCsv("donations.csv")));
    expect(lik.analyticGradient).toBe(true);
    for (const q of [[1.204, 0.75, 0.657, 2.783], [0.5, 2, 1.5, 0.7]]) {
      const p = Float64Array.from(q), g = new Float64Array(4);
      const v = lik.logLik(p, g);
      expect(v).toBe(lik.logLik(p));
      const num = numericGradient((t) => lik.logLik(t), p);
      for (let k = 0; k < 4; k++) expect(Math.abs(g[k]! - num[k]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(num[k]!)));
    }
    // Fader, Hardie & Shang (2010): LL −33225.58 at their estimates on the donations data.
    expect(lik.logLik(Float64Array.of(1.204, 0.75, 0.657, 2.783))).toBeCloseTo(-33225.58, -1);
  });
});

/**
 * The kernel's value and gradient at q against weighted per-row evaluation (ln (r)_x + paretoRowLog), value to
 * 1e-12 relative and gradient to 1e-9; the value without a gradient must equal the one with it.
 */
function expectRowByRow(lik: ReturnType<typeof paretoKernel>, q: number[], x: Float64Array, tx: Float64Array, T: Float64Array, w: Float64Array | undefined): void {
  const p = Float64Array.from(q), P = paretoPoint(q[0]!, q[1]!, q[2]!, q[3]!);
  const rg = new Float64Array(4), sum = new Float64Array(4), dpr = new Float64Array(1);
  let direct = 0;
  for (let i = 0; i < x.length; i++) {
    const wi = w ? w[i]! : 1;
    direct += wi * (logPochhammer(q[0]!, x[i]!, dpr) + paretoRowLog(P, x[i]!, tx[i]!, T[i]!, rg));
    sum[0] = sum[0]! + wi * dpr[0]!;
    for (let k = 0; k < 4; k++) sum[k] = sum[k]! + wi * rg[k]!;
  }
  const vNoGrad = lik.logLik(p);
  const g = new Float64Array(4);
  const v = lik.logLik(p, g);
  expect(Number.isFinite(v)).toBe(true);
  expect(relErr(v, direct)).toBeLessThan(1e-12);
  expect(vNoGrad).toBe(v);
  for (let k = 0; k < 4; k++) expect(relErr(g[k]!, sum[k]!)).toBeLessThan(1e-9);
}
