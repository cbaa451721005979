import { describe, expect, it } from "vitest";
import { parseNumberBytes, parseNumberString } from "../../../src/data/values/parseNumber.js";
import { createRng } from "../../../src/random/createRng.js";

const enc = new TextEncoder();
const parse = (t: string) => {
  const b = enc.encode(t);
  return parseNumberBytes(b, 0, b.length);
};

describe("parseNumberBytes", () => {
  it("equals Number(text) (correct rounding, IEEE 754) on 100,000 random decimals of up to 15 digits", () => {
    const rng = createRng(7);
    for (let k = 0; k < 100_000; k++) {
      const intDigits = 1 + rng.int(9);
      const fracDigits = rng.int(7);
      let t = rng.uniform() < 0.2 ? "-" : "";
      for (let i = 0; i < intDigits; i++) t += String(rng.int(10));
      if (fracDigits > 0) {
        t += ".";
        for (let i = 0; i < fracDigits; i++) t += String(rng.int(10));
      }
      expect(parse(t)).toBe(Number(t));
    }
  });

  it("reads exponents and long mantissas through the slow path, and refuses currency, separators and words", () => {
    expect(parse("1.5e3")).toBe(1500);
    // eslint-disable-next-line no-loss-of-precision -- the literal rounds exactly as the parser must
    expect(parse("12345678901234567.5")).toBe(12345678901234567.5);
    expect(parse("+.5")).toBe(0.5);
    for (const bad of ["$1.00", "1,000.00", "abc", "", "-", ".", "1.2.3", "0x10", "Infinity", "NaN"]) expect(parse(bad)).toBeNaN();
    expect(parseNumberString(" 2.5 ")).toBe(2.5);
  });
});
