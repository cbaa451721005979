import { describe, expect, it } from "vitest";
import { describeClvAssumptions } from "../../src/models/describeClvAssumptions.js";

describe("describeClvAssumptions", () => {
  it("states the documented defaults (margin 30%, 10% a year discount, 12 months) when no option is given", () => {
    expect(describeClvAssumptions()).toBe("margin 30%, 10%/year discount, 12 months");
  });

  it("states given options with their units: one month is singular, continuous discounting is named, an infinite horizon is unlimited", () => {
    expect(describeClvAssumptions({ margin: 0.125, discountRate: 0.01, discountRatePeriod: "month", months: 1 })).toBe("margin 12.5%, 1%/month discount, 1 month");
    expect(describeClvAssumptions({ discounting: "continuous", months: Infinity })).toBe("margin 30%, 10%/year discount (continuous), an unlimited horizon");
  });

  it("prints percentages to 4 significant digits without binary noise (0.07 → 7%, not 7.000000000000001%)", () => {
    expect(describeClvAssumptions({ margin: 0.07, discountRate: 0.123456 })).toBe("margin 7%, 12.35%/year discount, 12 months");
  });
});
