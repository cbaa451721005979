import { describe, expect, it } from "vitest";
import type { Posterior } from "../../../src/bayes/posterior.js";
import { plotRank, plotTrace } from "../../../src/charts/bayes/plotTraceRank.js";

// Two chains that do not mix at all: chain 1 holds draws 1-4, chain 2 draws 5-8 (the charts read names and draws only).
const post = { names: ["r"], draws: { r: [Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8)] } } as unknown as Posterior;
const heights = (group: string) => [...group.matchAll(/<rect [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));

describe("plotRank", () => {
  it("puts each chain's pooled ranks in its own histogram: unmixed chains fill opposite bins, against the uniform line at draws / chains / bins = 2", () => {
    // Pooled ranks 0-3 are chain 1's, 4-7 chain 2's; with 2 bins, bin = floor(rank × 2 / 8) (Vehtari et al. 2021, sec. 4.3).
    const svg = plotRank(post, "r", { bins: 2 });
    expect(svg).toContain("Rank plot of r (uniform bars: chains agree)");
    const facets = [...svg.matchAll(/<g fill="#4c78a8"[^>]*>(.*?)<\/g>/g)].map((m) => m[1]!);
    expect(facets).toHaveLength(2);
    // y axis 0-4 draws over 109 px: a full bin (4 draws) is 109 px high, an empty one 0.
    expect(heights(facets[0]!)).toEqual([109, 0]);
    expect(heights(facets[1]!)).toEqual([0, 109]);
    const rule = /<g stroke="#f58518"[^>]*><line [^>]*y1="([\d.]+)"/.exec(svg);
    expect(Number(rule![1])).toBe(74.5); // 2 draws: halfway between y 129 (0) and y 20 (4)
  });

  it("rejects an unknown parameter, naming the posterior's parameters", () => {
    expect(() => plotRank(post, "alpha")).toThrow('unknown parameter "alpha": use one of r');
  });
});

describe("plotTrace", () => {
  it("draws one line per chain through its draws in order: evenly spaced steps (draws rise by 1) with chain 2 above chain 1 throughout", () => {
    const svg = plotTrace(post, "r");
    expect(svg).toContain("Trace of r");
    const paths = [...svg.matchAll(/<path stroke="#[0-9a-f]+" d="M([^"]+)"/g)].map((m) => m[1]!.split("L").map((p) => p.split(",").map(Number)));
    expect(paths).toHaveLength(2);
    for (const pts of paths) {
      expect(pts).toHaveLength(4);
      const dy = pts.slice(1).map((p, i) => p[1]! - pts[i]![1]!);
      for (const d of dy) expect(d).toBeCloseTo(dy[0]!, 2);
    }
    paths[0]!.forEach((p, i) => expect(paths[1]![i]![1]!).toBeLessThan(p[1]!));
  });
});
