import { describe, expect, it } from "vitest";
import { dayNumber, isoDate } from "../../src/time/dayNumber.js";

describe("dayNumber", () => {
  it("counts days since 1970-01-01 and round-trips (CDNOW calibration end 1997-09-30 is day 10134)", () => {
    expect(dayNumber("1970-01-01")).toBe(0);
    expect(dayNumber("1997-09-30")).toBe(10134);
    expect(isoDate(10134)).toBe("1997-09-30");
    expect(dayNumber("1998-06-30") - dayNumber("1997-09-30")).toBe(273);
  });
  it("rejects impossible dates", () => {
    expect(() => dayNumber("1997-02-30")).toThrow(/no such calendar day/);
    expect(() => dayNumber("19970230")).toThrow(/expected YYYY-MM-DD/);
  });
});
