import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/models/index.js";

const bg = loadModel({ model: "bg-nbd", params: { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 } });
const pnbd = (s: number) => loadModel({ model: "pareto-nbd", params: { r: 0.55315, alpha: 10.57633, s, beta: 11.6715 } });

describe("purchase models at their edges (closed forms)", () => {
  it("at t = 0 nobody has purchased: P(X(0) = 0) = 1, P(X(0) = n) = 0, E[X(0)] = 0", () => {
    for (const m of [bg, pnbd(0.60625)]) {
      expect(m.probabilityOfPurchases(0, 0)).toBeCloseTo(1, 14);
      expect(m.probabilityOfPurchases(3, 0)).toBe(0);
      expect(m.expectedPurchases(0)).toBe(0);
    }
    expect([...bg.conditionalExpectedPurchases(0, { frequency: [2, 0], recency: [5, 0], T: [9, 4] })]).toEqual([0, 0]);
  });

  it("Pareto/NBD E[X(t)] = rβ/(α(s−1))·[1 − (β/(β+t))^(s−1)] and, at s = 1, its limit (rβ/α)·ln(1 + t/β) (Schmittlein, Morrison & Colombo 1987)", () => {
    const { r, alpha, beta } = { r: 0.55315, alpha: 10.57633, beta: 11.6715 };
    for (const t of [1, 39, 78]) {
      expect(pnbd(1).expectedPurchases(t)).toBeCloseTo(((r * beta) / alpha) * Math.log(1 + t / beta), 12);
      const s = 0.60625;
      expect(pnbd(s).expectedPurchases(t)).toBeCloseTo(((r * beta) / (alpha * (s - 1))) * (1 - Math.pow(beta / (beta + t), s - 1)), 12);
      // Continuous in s across 1.
      expect(pnbd(1 + 1e-8).expectedPurchases(t)).toBeCloseTo(pnbd(1).expectedPurchases(t), 7);
    }
  });

  it("Pareto/NBD probabilityOfPurchases refuses a negative time and a negative count", () => {
    const m = pnbd(0.60625);
    expect(() => m.probabilityOfPurchases(1, -1)).toThrow("invalid time -1: use a non-negative number");
    expect(() => m.probabilityOfPurchases(-2, 1)).toThrow("invalid count -2: use a non-negative integer");
  });
});
