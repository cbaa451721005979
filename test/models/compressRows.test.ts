import { describe, expect, it } from "vitest";
import { compressIfUseful, compressRows, groupByValue } from "../../src/models/compressRows.js";

describe("compressRows", () => {
  it("merges identical rows and sums their weights, keeping distinct rows apart (-0 equals 0)", () => {
    const c = compressRows([new Float64Array([1, 1, 2, 1, 0]), new Float64Array([5, 5, 5, 6, -0])], new Float64Array([1, 2, 1, 1, 3]));
    expect(c.length).toBe(4);
    const rows = Array.from({ length: c.length }, (_, i) => [c.columns[0]![i], c.columns[1]![i], c.weights[i]]);
    expect(rows).toEqual([[1, 5, 3], [2, 5, 1], [1, 6, 1], [0, -0, 3]]);
  });

  it("skips hashing when a large input has no repeated rows, and still compresses when it has", () => {
    const n = 200_000;
    const a = new Float64Array(n).map((_, i) => i * 0.5);
    const same = compressIfUseful([a]);
    expect(same.length).toBe(n);
    const b = new Float64Array(n).map((_, i) => i % 10);
    const c = compressIfUseful([b]);
    expect(c.length).toBe(10);
    expect(c.weights.reduce((s, w) => s + w, 0)).toBe(n);
  });

  it("groups by value with the integer fast path and the general path alike", () => {
    const w = new Float64Array([1, 1, 1, 1]);
    const g1 = groupByValue(new Float64Array([0, 3, 0, 3]), w);
    const g2 = groupByValue(new Float64Array([0.5, 3, 0.5, 3]), w);
    expect(Array.from(g1.slot)).toEqual([0, 1, 0, 1]);
    expect(Array.from(g2.slot)).toEqual([0, 1, 0, 1]);
    expect(Array.from(g1.slotWeights)).toEqual([2, 2]);
  });
});
