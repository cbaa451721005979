import { describe, expect, it } from "vitest";
import { cellFixes, cellParsers, compileDateFormat, parseDateLayoutBytes, parseDecimalCommaBytes } from "../../../src/data/values/dateFormat.js";
import { parseNumberBytes } from "../../../src/data/values/parseNumber.js";
import type { ParsedDate } from "../../../src/data/values/parseDate.js";
import { ZoneOffsets } from "../../../src/data/values/timeZone.js";

// Day numbers counted by hand from 1970-01-01 (day 0): 1997-01-01 is 27 × 365 + 7 leap days (1972 … 1996) = 9862,
// 1997-09-30 is 272 days later (the CDNOW calibration end, 38.86 weeks after 1997-01-01) = 10134,
// 2024-02-29 is 54 × 365 + 13 leap days (1972 … 2020) + 59 = 19782.
const utc = new ZoneOffsets("UTC");
const enc = new TextEncoder();
const out = (): ParsedDate => ({ day: NaN, ms: NaN });
function parseIn(layout: string, text: string, zone = utc): ParsedDate | null {
  const b = enc.encode(text);
  const o = out();
  return parseDateLayoutBytes(b, 0, b.length, zone, compileDateFormat(layout), o, new Uint8Array(96)) ? o : null;
}

describe("compileDateFormat", () => {
  it("reads the order of year, month and day and the one separator (47 is '/', 46 '.', 45 '-', 0 none)", () => {
    expect(compileDateFormat("DD/MM/YYYY")).toEqual({ text: "DD/MM/YYYY", order: ["D", "M", "Y"], sep: 47 });
    expect(compileDateFormat("mm.dd.yyyy")).toEqual({ text: "mm.dd.yyyy", order: ["M", "D", "Y"], sep: 46 });
    expect(compileDateFormat("YYYY-MM-DD").sep).toBe(45);
    expect(compileDateFormat("YYYYMMDD")).toEqual({ text: "YYYYMMDD", order: ["Y", "M", "D"], sep: 0 });
  });

  it("refuses a layout with a repeated field, mixed separators or an unknown token, naming the accepted layouts", () => {
    expect(() => compileDateFormat("DD/DD/YYYY")).toThrow(/invalid date format "DD\/DD\/YYYY": use YYYY-MM-DD, DD\/MM\/YYYY/);
    expect(() => compileDateFormat("DD/MM.YYYY")).toThrow(/invalid date format/);
    expect(() => compileDateFormat("D/M/YY")).toThrow(/invalid date format/);
  });
});

describe("parseDateLayoutBytes", () => {
  it("gives the same day number for one date in every layout (1997-09-30 is day 10134)", () => {
    for (const [layout, text] of [
      ["DD/MM/YYYY", "30/09/1997"],
      ["MM/DD/YYYY", "09/30/1997"],
      ["DD.MM.YYYY", "30.9.1997"],
      ["YYYY/MM/DD", "1997/09/30"],
      ["MM-DD-YYYY", "9-30-1997"],
      ["YYYYMMDD", "19970930"],
      ["DDMMYYYY", "30091997"],
    ] as const) {
      expect(parseIn(layout, text)?.day, `${layout} ${text}`).toBe(10134);
    }
    expect(parseIn("DD/MM/YYYY", "01/01/1997")?.day).toBe(9862);
    expect(parseIn("DD/MM/YYYY", "29/02/2024")?.day).toBe(19782);
  });

  it("reads a time after a space or T as ISO 8601 does: 31/01/2024 14:05 in New York (UTC−5 in winter) is 19:05 UTC", () => {
    const p = parseIn("DD/MM/YYYY", "31/01/2024 14:05", new ZoneOffsets("America/New_York"));
    expect(p?.ms).toBe(Date.UTC(2024, 0, 31, 19, 5));
    expect(parseIn("DD/MM/YYYY", "31/01/2024T00:00:00Z")?.ms).toBe(Date.UTC(2024, 0, 31));
  });

  it("refuses what the layout does not allow: a one-digit day without separators, a wrong separator, an impossible date, trailing text", () => {
    expect(parseIn("DDMMYYYY", "3091997")).toBeNull();
    expect(parseIn("DD/MM/YYYY", "30-09-1997")).toBeNull();
    expect(parseIn("DD/MM/YYYY", "31/09/1997")).toBeNull(); // September has 30 days
    expect(parseIn("DD/MM/YYYY", "29/02/2023")).toBeNull(); // 2023 is not a leap year
    expect(parseIn("MM/DD/YYYY", "30/09/1997")).toBeNull(); // month 30
    expect(parseIn("DD/MM/YYYY", "30/09/1997x")).toBeNull();
  });
});

describe("parseDecimalCommaBytes", () => {
  const parse = (t: string) => {
    const b = enc.encode(t);
    return parseDecimalCommaBytes(b, 0, b.length, parseNumberBytes);
  };
  it("reads a decimal comma as the decimal mark (12,50 → 12.5; -0,25 → -0.25) and refuses any point, so 1.250 is never 1250 or 1.25", () => {
    expect(parse("12,50")).toBe(12.5);
    expect(parse("-0,25")).toBe(-0.25);
    expect(parse("7")).toBe(7);
    expect(parse("1.250")).toBeNaN();
    expect(parse("1.250,00")).toBeNaN();
    expect(parseDecimalCommaBytes(enc.encode("1,5"), 0, 3, parseNumberBytes, new Uint8Array(2))).toBeNaN(); // longer than the scratch
  });
});

describe("cellParsers", () => {
  it("parses dates in the load's layout (ISO without one) and numbers with the load's decimal mark, from bytes and strings", () => {
    const dayFirst = cellParsers(utc, compileDateFormat("DD/MM/YYYY"), true, parseNumberBytes);
    expect(dayFirst.custom).toBe(true);
    const o = out();
    expect(dayFirst.dateString(" 30/09/1997 ", o)).toBe(true);
    expect(o.day).toBe(10134);
    expect(dayFirst.dateString("1997-09-30", o)).toBe(false);
    expect(dayFirst.numberString("12,50")).toBe(12.5);
    expect(dayFirst.numberString("")).toBeNaN();
    expect(dayFirst.dateString("x".repeat(65), o)).toBe(false); // longer than any date: refused, not truncated

    const iso = cellParsers(utc, undefined, false, parseNumberBytes);
    expect(iso.custom).toBe(false);
    expect(iso.dateString("1997-01-01", o)).toBe(true);
    expect(o.day).toBe(9862);
    expect(iso.numberString("12.50")).toBe(12.5);
    const b = enc.encode("12,50");
    expect(iso.number(b, 0, b.length)).toBeNaN();
  });
});

describe("cellFixes", () => {
  it("names the load's layout and decimal mark in the fix for an unreadable date or amount", () => {
    const f = cellFixes(compileDateFormat("DD/MM/YYYY"), true);
    expect(f.date).toBe("the dates should be DD/MM/YYYY; give the layout of the file with dateFormat (CLI --date-format)");
    expect(f.amount).toMatch(/^use a number with a decimal comma such as 12,50/);
    const g = cellFixes(undefined, false);
    expect(g.date).toMatch(/^use YYYY-MM-DD, YYYYMMDD or an ISO 8601 date-time/);
    expect(g.amount).toMatch(/decimalComma \(CLI --decimal-comma\) reads 12,50/);
  });
});
