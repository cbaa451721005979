import { describe, expect, it } from "vitest";
import { customerLifetimeValue, fitBgBb, fitBgNbd, fitGammaGamma, loadModel } from "../../src/models/index.js";
import { simulateBgNbd } from "../../src/synthetic/simulateBgNbd.js";

const FHL = { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 };
const bg = loadModel({ model: "bg-nbd", params: FHL, timeUnit: "weeks" });
const rft = { frequency: [2, 0, 5], recency: [10, 0, 30], T: [20, 15, 31] };

describe("customer columns: every bad value is named by column, row and value, with the rule it breaks", () => {
  it("missing, non-array, non-finite and unequal-length columns", () => {
    expect(() => fitBgNbd({ frequency: [1], recency: [1] } as never)).toThrow(/missing column "T" \(columns found: frequency, recency\); provide "T" or "t_cal" or "T_cal"/);
    expect(() => fitBgNbd({ frequency: 3, recency: [1], T: [2] } as never)).toThrow(/column "frequency" is not an array/);
    expect(() => fitBgNbd({ frequency: [1, NaN], recency: [1, 1], T: [2, 2] })).toThrow(/column "frequency" row 2 is NaN: every customer needs a finite number/);
    expect(() => fitBgNbd({ frequency: [1, 2], recency: [1], T: [2, 2] })).toThrow(/column "recency" has 1 rows but "frequency" has 2: columns must have equal lengths/);
    expect(() => fitBgNbd(null as never)).toThrow(/expected an arquero table or an object of columns, got null/);
  });

  it("aliases of the BTYD packages are accepted: x, t_x, T_cal give the same fit as frequency, recency, T", () => {
    const a = fitBgNbd(rft);
    const b = fitBgNbd({ x: rft.frequency, t_x: rft.recency, T_cal: rft.T } as never);
    expect(b.params).toEqual(a.params);
  });

  it("frequency, recency and T that cannot describe a customer", () => {
    expect(() => bg.probabilityAlive({ frequency: [-1], recency: [0], T: [5] })).toThrow(/row 1: frequency is -1: repeat purchases cannot be negative/);
    expect(() => bg.probabilityAlive({ frequency: [1], recency: [-2], T: [5] })).toThrow(/row 1: recency is -2: recency cannot be negative/);
    expect(() => bg.probabilityAlive({ frequency: [1], recency: [1], T: [0] })).toThrow(/row 1: T is 0: the observation time must be positive/);
    expect(() => bg.probabilityAlive({ frequency: [1, 1], recency: [1, 6], T: [5, 5] })).toThrow(/row 2: recency 6 exceeds T 5: recency is measured from the first purchase and cannot pass the end of observation/);
    expect(() => bg.probabilityAlive({ frequency: [0], recency: [3], T: [5] })).toThrow(/row 1: frequency is 0 but recency is 3: recency must be 0 when there are no repeat purchases/);
    expect(() => fitBgNbd({ ...rft, weights: [1, -1, 1] })).toThrow(/row 2: weights is -1: weights are non-negative counts/);
  });

  it("BG/BB rows must be whole transaction opportunities", () => {
    const opp = (x: number, tx: number, n: number) => ({ frequency: [x], recency: [tx], periods: [n] });
    expect(() => fitBgBb(opp(1, 1, 0))).toThrow(/row 1: periods is 0: use the number of transaction opportunities, an integer >= 1/);
    expect(() => fitBgBb(opp(7, 7, 6))).toThrow(/row 1: frequency is 7: use an integer between 0 and periods \(6\)/);
    expect(() => fitBgBb(opp(3, 2, 6))).toThrow(/row 1: recency is 2: use the period of the last transaction \(>= frequency 3, <= periods 6, 0 when frequency is 0\)/);
    const bb = loadModel({ model: "bg-bb", params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 } });
    expect(() => bb.expectedPurchases(-1)).toThrow("invalid number of periods -1: use a non-negative number");
    expect(() => bb.conditionalExpectedPurchases(-1, opp(1, 1, 6))).toThrow("invalid number of periods -1: use a non-negative number");
    expect(() => bb.probabilityOfPurchases(1.5, 6)).toThrow("invalid count 1.5 or periods 6: use non-negative integers");
    expect(bb.probabilityOfPurchases(7, 6)).toBe(0); // more transactions than opportunities: impossible
  });

  it("probabilityOfPurchases needs a whole count", () => {
    expect(() => bg.probabilityOfPurchases(-1, 39)).toThrow("invalid count -1: use a non-negative integer");
    expect(() => bg.probabilityOfPurchases(0.5, 39)).toThrow("invalid count 0.5: use a non-negative integer");
    expect(() => bg.probabilityOfPurchases(0, -1)).toThrow("invalid time -1: use a non-negative number");
  });
});

describe("fit options", () => {
  it("reject a negative penalty, a non-positive starting value, a wrong-sized inverse Hessian and a bad confidence level", () => {
    expect(() => fitBgNbd(rft, { penalty: -0.1 })).toThrow(/invalid penalty -0\.1: use a number >= 0/);
    expect(() => fitBgNbd(rft, { initialParams: { r: 0 } })).toThrow(/invalid initial r 0: parameters must be positive/);
    expect(() => fitBgNbd(rft, { initialInverseHessian: [1, 0, 0, 1] })).toThrow(/initialInverseHessian has 4 entries: give 16/);
    expect(() => fitBgNbd(rft, { confidenceLevel: 1 })).toThrow("invalid confidence level 1: use a number in (0, 1)");
  });

  it("a 90 % interval lies inside the 95 % interval, both around the estimate (Wald intervals on the log scale)", () => {
    const { summary } = simulateBgNbd(FHL, { seed: 7, customers: 1500, T: 39, transactions: false });
    const m95 = fitBgNbd(summary);
    const m90 = fitBgNbd(summary, { confidenceLevel: 0.9 });
    expect(m90.confidenceIntervals.level).toBe(0.9);
    for (const k of ["r", "alpha"] as const) {
      const se = m95.standardErrors[k], est = m95.params[k];
      expect(Number.isFinite(se) && se > 0).toBe(true);
      // exp(ln θ ± z se/θ) with z = 1.959964 (95 %) and 1.644854 (90 %).
      expect(m95.confidenceIntervals.upper[k]).toBeCloseTo(est * Math.exp((1.959964 * se) / est), 5);
      expect(m90.confidenceIntervals.upper[k]).toBeCloseTo(est * Math.exp((1.644854 * se) / est), 5);
      expect(m90.confidenceIntervals.lower[k]).toBeGreaterThan(m95.confidenceIntervals.lower[k]);
    }
  });

  it("Gamma-Gamma needs repeat buyers with positive spend, and frequency >= 0", () => {
    expect(() => fitGammaGamma({ frequency: [0, 0], monetaryValue: [0, 0] })).toThrow(/no repeat buyers with positive mean spend \(2 rows/);
    expect(() => fitGammaGamma({ frequency: [-1, 2], monetaryValue: [5, 5] })).toThrow(/row 1: frequency is -1: repeat purchases cannot be negative/);
    const gg = loadModel({ model: "gamma-gamma", params: { p: 6.25, q: 3.74, v: 15.44 } });
    expect(() => gg.conditionalExpectedSpend({ frequency: [-2], monetaryValue: [5] })).toThrow("gamma-gamma conditionalExpectedSpend: frequency row 1 is -2: repeat purchases cannot be negative");
  });

  it("loadModel refuses a non-object and missing parameters", () => {
    expect(() => loadModel("null")).toThrow("loadModel: expected a model JSON object, got null");
    expect(() => loadModel({ model: "bg-nbd" } as never)).toThrow('loadModel: missing "params" for model bg-nbd');
    expect(() => loadModel({ model: "bg-nbd", params: { r: 1, alpha: 1, a: 1 } } as never)).toThrow(/parameter b is undefined: must be a positive finite num/);
  });
});

describe("customerLifetimeValue options", () => {
  const data = { ...rft, timeUnit: "weeks" as const };
  it("reject a negative rate, an unknown period or discounting, a non-finite margin or spend, a fractional discrete horizon", () => {
    expect(() => customerLifetimeValue(bg, 10, data, { discountRate: -0.1 })).toThrow("invalid discount rate -0.1: use a non-negative number, e.g. 0.10 for 10% per year");
    expect(() => customerLifetimeValue(bg, 10, data, { discountRatePeriod: "week" as never })).toThrow('invalid discountRatePeriod "week": use "year" or "month"');
    expect(() => customerLifetimeValue(bg, 10, data, { discounting: "hyperbolic" as never })).toThrow('invalid discounting "hyperbolic": use "discrete" or "continuous"');
    expect(() => customerLifetimeValue(bg, 10, data, { margin: NaN })).toThrow("invalid margin NaN: use a number such as 0.30");
    expect(() => customerLifetimeValue(bg, Infinity, data)).toThrow(/invalid spend per transaction Infinity/);
    expect(() => customerLifetimeValue(bg, 10, data, { months: 6.5 })).toThrow("discrete discounting needs a whole number of months, got 6.5");
    expect(() => customerLifetimeValue(bg, 10, data, { unitsPerMonth: 0 })).toThrow("invalid unitsPerMonth 0: use a positive number");
  });

  it("an infinite horizon needs continuous discounting at a positive rate; the time unit must be known", () => {
    expect(() => customerLifetimeValue(bg, 10, data, { months: Infinity })).toThrow('an infinite horizon needs discounting: "continuous"');
    expect(() => customerLifetimeValue(bg, 10, data, { months: Infinity, discounting: "continuous", discountRate: 0 })).toThrow("an infinite horizon needs a positive discount rate");
    const unitless = loadModel({ model: "bg-nbd", params: FHL });
    expect(() => customerLifetimeValue(unitless, 10, rft)).toThrow('customerLifetimeValue: unknown time unit of recency and T; pass options.timeUnit ("days", "weeks" or "months")');
  });

  it("at rate 0 and margin 1, CLV = spend × E[Y(H)] (the discounting telescopes); a monthly rate d equals an annual (1+d)^12 − 1", () => {
    const perMonth = 365.25 / 12 / 7;
    const clv = customerLifetimeValue(bg, 10, data, { months: 6, discountRate: 0, margin: 1 });
    const e = bg.conditionalExpectedPurchases(6 * perMonth, data);
    for (let i = 0; i < 3; i++) expect(clv[i]!).toBeCloseTo(10 * e[i]!, 10);
    const monthly = customerLifetimeValue(bg, 10, data, { months: 24, discountRate: 0.01, discountRatePeriod: "month" });
    const annual = customerLifetimeValue(bg, 10, data, { months: 24, discountRate: Math.pow(1.01, 12) - 1 });
    for (let i = 0; i < 3; i++) expect(monthly[i]!).toBeCloseTo(annual[i]!, 10);
    // DERT over an unbounded horizon exceeds every finite continuous horizon.
    const inf = customerLifetimeValue(bg, 10, data, { months: Infinity, discounting: "continuous" });
    const tenYears = customerLifetimeValue(bg, 10, data, { months: 120, discounting: "continuous" });
    for (let i = 0; i < 3; i++) expect(inf[i]!).toBeGreaterThan(tenYears[i]!);
  });
});

// Every input error names the value and the fix.
describe("error messages that lack a fix", () => {
  it("a non-array column says what to pass", () => {
    expect(() => fitBgNbd({ frequency: 3, recency: [1], T: [2] } as never)).toThrow(/column "frequency" is not an array: /);
  });
  it("an all-zero-weight fit says what to do", () => {
    expect(() => fitBgNbd({ ...rft, weights: [0, 0, 0] })).toThrow(/no customers to fit \(total weight 0\): /);
  });
  it("loadModel without params says what to add", () => {
    expect(() => loadModel({ model: "bg-nbd" } as never)).toThrow(/missing "params" for model bg-nbd: /);
  });
});
