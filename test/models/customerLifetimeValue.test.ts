import { describe, expect, it } from "vitest";
import { fitBgNbd } from "../../src/models/bgNbd.js";
import { fitGammaGamma } from "../../src/models/gammaGamma.js";
import { fitParetoNbd } from "../../src/models/paretoNbd.js";
import { customerLifetimeValue } from "../../src/models/customerLifetimeValue.js";
import { gaussLegendre } from "../../src/numeric/quadrature.js";
import { gammaln } from "../../src/numeric/special/gamma.js";
import { readCsv } from "./referenceData.js";

const c = readCsv("cdnow/cdnow_customers_summary_with_transactions.csv");
const customers = { frequency: c.x!, recency: c.t_x!, T: c.T!, monetaryValue: c.zbar! };
const bg = fitBgNbd(customers);
const gg = fitGammaGamma(customers);

describe("customerLifetimeValue", () => {
  it("reproduces lifetimes' documented customer_lifetime_value on CDNOW (time=12, discount_rate=0.01 monthly, freq 'D' = 30 units per month): 140.096211, 18.943467, 38.180574", () => {
    const clv = customerLifetimeValue(bg, gg, customers, { months: 12, discountRate: 0.01, discountRatePeriod: "month", unitsPerMonth: 30, margin: 1 });
    expect(clv[0]).toBeCloseTo(140.096211, 4);
    expect(clv[1]).toBeCloseTo(18.943467, 4);
    expect(clv[2]).toBeCloseTo(38.180574, 4);
  });

  it("discrete monthly discounting in weeks uses 365.25/12 days per month (hand-computed fixture)", () => {
    const one = { frequency: [2], recency: [30.43], T: [38.86], monetaryValue: [22.35], timeUnit: "weeks" as const };
    const clv = customerLifetimeValue(bg, gg, one, { months: 3, discountRate: 0.1, margin: 0.3 })[0]!;
    const m = Math.pow(1.1, 1 / 12) - 1;
    const step = 365.25 / 12 / 7;
    const E = (t: number) => bg.conditionalExpectedPurchases(t, one)[0]!;
    let expected = 0;
    for (let k = 1; k <= 3; k++) expected += (E(k * step) - E((k - 1) * step)) / Math.pow(1 + m, k);
    expected *= 0.3 * gg.conditionalExpectedSpend(one)[0]!;
    expect(clv).toBeCloseTo(expected, 12);
  });

  it("continuous discounting: with rate 0 it is spend × E[Y(H)], and for a finite horizon it equals a fine Riemann-Stieltjes sum", () => {
    const one = { frequency: [5], recency: [20], T: [38], monetaryValue: [30] };
    const E = (t: number) => bg.conditionalExpectedPurchases(t, one)[0]!;
    const spend = gg.conditionalExpectedSpend(one)[0]!;
    const zero = customerLifetimeValue(bg, gg, one, { months: 24, discountRate: 0, discounting: "continuous", timeUnit: "weeks", margin: 1 })[0]!;
    expect(zero).toBeCloseTo(spend * E((24 * 365.25) / 12 / 7), 10);
    const v = customerLifetimeValue(bg, gg, one, { months: 24, discountRate: 0.2, discounting: "continuous", timeUnit: "weeks", margin: 1 })[0]!;
    const H = (24 * 365.25) / 12 / 7, delta = Math.log(1.2) / (365.25 / 7);
    let sum = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) sum += Math.exp(-delta * ((i + 0.5) * H) / n) * (E(((i + 1) * H) / n) - E((i * H) / n));
    expect(v / (spend * sum)).toBeCloseTo(1, 7);
  });

  it("infinite-horizon continuous CLV with spend 1 equals the Pareto/NBD DERT closed form of Fader, Hardie & Lee (2005, 'RFM and CLV', eq. 2) with Tricomi's U by quadrature", () => {
    const pn = fitParetoNbd(customers);
    const { r, alpha, s, beta } = pn.params;
    const cust = { frequency: [2, 0, 26], recency: [30.43, 0, 30.857], T: [38.86, 38.86, 31] };
    const dert = customerLifetimeValue(pn, 1, cust, { months: Infinity, discountRate: 0.15, discounting: "continuous", timeUnit: "weeks", margin: 1 });
    const delta = Math.log(1.15) / (365.25 / 7);
    const alive = pn.probabilityAlive(cust);
    cust.frequency.forEach((x, i) => {
      const T = cust.T[i]!;
      const z = delta * (beta + T);
      // Γ(s) U(s, s; z) = ∫_0^∞ e^{-z t} t^{s-1} / (1 + t) dt, with t = u^{1/s} to remove the singularity at 0.
      const gU = gaussLegendre((u) => Math.exp(-z * Math.pow(u, 1 / s)) / (1 + Math.pow(u, 1 / s)) / s, 0, 60, 3000);
      const U = gU / Math.exp(gammaln(s));
      const closed = Math.pow(delta, s - 1) * (r + x) * U * Math.pow(beta + T, s) * alive[i]! / (alpha + T);
      expect(dert[i]! / closed).toBeCloseTo(1, 5);
    });
  });

  it("takes the time unit from a CustomerSummary-like input and refuses to guess when it is unknown", () => {
    const withUnit = { ...customers, timeUnit: "weeks" as const };
    const a = customerLifetimeValue(bg, gg, withUnit, { months: 6 });
    const b = customerLifetimeValue(bg, gg, customers, { months: 6, timeUnit: "weeks" });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(() => customerLifetimeValue(bg, gg, customers, { months: 6 })).toThrow(/unknown time unit/);
    expect(() => customerLifetimeValue(bg, gg, withUnit, { months: Infinity })).toThrow(/infinite horizon needs discounting: "continuous"/);
    // One-time buyers never get zero value: they receive the population mean spend.
    expect(a[c.x!.indexOf(0)]).toBeGreaterThan(0);
  });

  it("stops with the row when a purchase model's discounted expected purchases are negative or non-finite (no silent negative CLV)", () => {
    const bad = { timeUnit: "weeks" as const, conditionalExpectedPurchases: (t: number) => Float64Array.of(0.1 * t, -0.5 * t) };
    const customers = { frequency: [1, 2], recency: [3, 4], T: [10, 10] };
    expect(() => customerLifetimeValue(bad, 20, customers, { months: 3 })).toThrow(/customerLifetimeValue: discounted expected purchases: row 2 gets -\d/);
    const nan = { timeUnit: "weeks" as const, conditionalExpectedPurchases: (t: number) => Float64Array.of(t * NaN) };
    expect(() => customerLifetimeValue(nan, 20, { frequency: [1], recency: [3], T: [10] }, { months: 3 })).toThrow(/row 1 gets NaN/);
  });
});
