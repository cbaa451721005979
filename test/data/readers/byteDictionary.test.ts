// Dictionary codes must not depend on how a key arrives (CSV bytes, a JSON number, a string) or on which store
// holds it (the dense integer array or the hash table); docs/data.md: "123" in text and 123 in Parquet are one customer.
import { describe, expect, it } from "vitest";
import { ByteDictionary } from "../../../src/data/readers/byteDictionary.js";

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const code = (d: ByteDictionary, s: string): number => {
  const b = bytes(` ${s} `); // an offset slice, as the readers pass
  return d.codeOf(b, 1, b.length - 1);
};

describe("ByteDictionary", () => {
  it("gives an integer id one code whether it comes as bytes, a number or a string, and keeps 0123 distinct from 123", () => {
    const d = new ByteDictionary(true);
    const a = code(d, "123");
    expect(d.codeOfInt(123)).toBe(a);
    expect(d.codeOfString("123")).toBe(a);
    const z = code(d, "0123");
    expect(z).not.toBe(a);
    expect(code(d, "0")).toBe(d.codeOfInt(0));
    expect(d.strings).toEqual(["123", "0123", "0"]);
  });

  it("codes integers beyond the dense range (2^24 and up) through the hash table consistently", () => {
    const d = new ByteDictionary(true);
    const big = 2 ** 24, huge = 123_456_789_012;
    expect(code(d, String(big))).toBe(d.codeOfInt(big));
    expect(d.codeOfInt(huge)).toBe(code(d, String(huge)));
    expect(d.strings).toEqual([String(big), String(huge)]);
  });

  it("keeps long text keys (compared through the byte pool) right after many dense integer codes", () => {
    const d = new ByteDictionary(true);
    for (let i = 1; i <= 5000; i++) expect(code(d, String(i))).toBe(i - 1);
    const long = Array.from({ length: 3000 }, (_, i) => `customer-with-a-long-identifier-${i}`);
    const codes = long.map((k) => code(d, k));
    expect(codes[0]).toBe(5000);
    expect(long.map((k) => code(d, k))).toEqual(codes);
    // keys equal in their first 20 bytes but not after stay distinct
    expect(new Set(codes).size).toBe(3000);
    expect(d.size).toBe(8000);
    expect(d.strings[7999]).toBe(long[2999]);
  });

  it("does not use the dense array unless asked (string columns such as order ids)", () => {
    const d = new ByteDictionary();
    expect(code(d, "16000000")).toBe(0);
    expect(code(d, "16000000")).toBe(0);
    expect(code(d, "7")).toBe(1);
    expect(d.strings).toEqual(["16000000", "7"]);
  });
});
