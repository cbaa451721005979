import { describe, expect, it } from "vitest";
import { erf, normalCdf, zForLevel } from "../../src/numeric/normalQuantile.js";

describe("erf, normalCdf and zForLevel", () => {
  it("erf matches DLMF table 7.3 values (erf 0.5 = 0.5204998778, erf 1 = 0.8427007929, erf 2 = 0.9953222650) and is odd", () => {
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 14);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 14);
    expect(erf(2)).toBeCloseTo(0.9953222650189527, 14);
    expect(erf(-1)).toBe(-erf(1));
    expect(erf(7)).toBe(1);
  });

  it("zForLevel gives the two-sided normal quantiles 1.959963984540054 (95%), 2.575829303548901 (99%), 1.644853626951472 (90%)", () => {
    expect(zForLevel(0.95)).toBeCloseTo(1.959963984540054, 12);
    expect(zForLevel(0.99)).toBeCloseTo(2.575829303548901, 12);
    expect(zForLevel(0.9)).toBeCloseTo(1.644853626951472, 12);
    expect(normalCdf(zForLevel(0.95))).toBeCloseTo(0.975, 14);
    expect(() => zForLevel(1)).toThrow(/invalid confidence level 1: use a number in \(0, 1\)/);
  });

  it("zForLevel answers each level with its own z when asked again, past the 64 levels it remembers", () => {
    const levels = Array.from({ length: 70 }, (_, i) => 0.5 + i / 150);
    const first = levels.map(zForLevel);
    expect(levels.map(zForLevel)).toEqual(first);
    for (let i = 0; i < levels.length; i++) expect(normalCdf(first[i]!)).toBeCloseTo(0.5 + levels[i]! / 2, 14);
  });
});
