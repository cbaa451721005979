import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DAYS_PER_UNIT, MS_PER_DAY, parseTimeUnit } from "../../src/time/timeUnit.js";
import { VERSION } from "../../src/version.js";

describe("time units", () => {
  it("a month is the average Gregorian month, 365.25 / 12 days; a day is 86,400,000 ms", () => {
    expect(DAYS_PER_UNIT).toEqual({ days: 1, weeks: 7, months: 30.4375 });
    expect(MS_PER_DAY).toBe(24 * 60 * 60 * 1000);
  });

  it("one validator: names the bad unit and the fix, and takes a fallback for a missing one", () => {
    expect(parseTimeUnit("weeks")).toBe("weeks");
    expect(parseTimeUnit(undefined, "months")).toBe("months");
    expect(() => parseTimeUnit("wk")).toThrow('invalid time unit "wk": use days, weeks or months');
  });

  it("the version written into artefacts is package.json's", () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version);
  });
});
