import { describe, expect, it } from "vitest";
import { activeValues, topCustomers } from "../../src/lenses/internal.js";

// Hand-computed: five customers with 500, 100, 0 (returns only), 300, 200 cents; customer 2 has no order.
const window = {
  orders: Int32Array.of(2, 1, 0, 4, 1),
  cents: Float64Array.of(500, 100, -50, 300, 200),
  lastPurchaseDay: new Int32Array(5),
  hasRow: Uint8Array.of(1, 1, 1, 1, 1),
};

describe("activeValues", () => {
  it("keeps customers with orders in customer order, sorts their values ascending and totals them", () => {
    const av = activeValues(window);
    expect(Array.from(av.active)).toEqual([0, 1, 3, 4]);
    expect(Array.from(av.value)).toEqual([500, 100, 300, 200]);
    expect(Array.from(av.ascending)).toEqual([100, 200, 300, 500]);
    expect(av.totalCents).toBe(1100);
  });
});

describe("topCustomers", () => {
  it("takes the top ceil(fraction × n) customers: 10% of 4 is 1 customer (500 cents), 50% is 2 (800 cents)", () => {
    const asc = Float64Array.of(100, 200, 300, 500);
    expect(topCustomers(asc, 0.1)).toEqual({ customers: 1, cents: 500 });
    expect(topCustomers(asc, 0.5)).toEqual({ customers: 2, cents: 800 });
    expect(topCustomers(asc, 1)).toEqual({ customers: 4, cents: 1100 });
  });

  it("does not round an exact fraction up: 20% of 10 customers is 2, not 3", () => {
    expect(topCustomers(Float64Array.from({ length: 10 }, (_, i) => i + 1), 0.2)).toEqual({ customers: 2, cents: 19 });
  });
});
