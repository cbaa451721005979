import { describe, expect, it } from "vitest";
import { quintileScoreSorted, quintileScoreTable, sortedSmallIntegers } from "../../src/lenses/internal.js";
import { createRng } from "../../src/random/createRng.js";
import { quintileScores } from "../../src/summaries/quintileScores.js";

// The reference is clvlab's one RFM scoring rule, quintileScores (1 + floor(5 × strictly worse / n)), which Lens 1's
// grid must reproduce exactly; the hand example is quintileScores' own JSDoc example.
const scoreAll = (values: number[], higherIsBetter: boolean) => {
  const asc = Float64Array.from(values).sort();
  const t = quintileScoreTable(asc, higherIsBetter);
  return {
    searched: values.map((v) => quintileScoreSorted(asc, v, higherIsBetter)),
    table: t ? values.map((v) => t.table[v - t.offset]!) : undefined,
  };
};

describe("quintile scores from sorted values", () => {
  it("scores the JSDoc example [5, 1, 3, 2, 4] as quintileScores does (5, 1, 3, 2, 4; reversed when lower is better)", () => {
    expect(scoreAll([5, 1, 3, 2, 4], true)).toEqual({ searched: [5, 1, 3, 2, 4], table: [5, 1, 3, 2, 4] });
    expect(scoreAll([5, 1, 3, 2, 4], false)).toEqual({ searched: [1, 5, 3, 4, 2], table: [1, 5, 3, 4, 2] });
  });

  it("equals quintileScores on random integer columns with many ties, both directions", () => {
    const rng = createRng(7);
    for (const [n, range] of [[1, 1], [7, 3], [250, 4], [1000, 40], [999, 5000]] as const) {
      const values = Array.from({ length: n }, () => rng.int(range));
      for (const hib of [true, false]) {
        const ref = Array.from(quintileScores(values, hib));
        const got = scoreAll(values, hib);
        expect(got.searched).toEqual(ref);
        expect(got.table).toEqual(ref);
      }
    }
  });

  it("falls back to the binary search (no table) for non-integer or widely spread values, with the same scores", () => {
    const rng = createRng(11);
    const money = Array.from({ length: 500 }, () => Math.round(rng.uniform() * 2000) / 100 - 1);
    expect(quintileScoreTable(Float64Array.from(money).sort(), true)).toBeUndefined();
    expect(quintileScoreTable(Float64Array.of(0, 1e9), true)).toBeUndefined();
    expect(scoreAll(money, true).searched).toEqual(Array.from(quintileScores(money, true)));
  });

  it("sorts small-integer columns (negative days included) and widely spread ones exactly as a typed-array sort does", () => {
    const rng = createRng(13);
    for (const values of [[], [3], Array.from({ length: 400 }, () => rng.int(30) - 5), [5, -2_000_000_000, 7, 2_000_000_000, 5]]) {
      const v = Int32Array.from(values);
      expect(Array.from(sortedSmallIntegers(v))).toEqual(Array.from(v.slice().sort()));
    }
  });
});
