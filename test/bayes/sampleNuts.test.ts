import { describe, expect, test } from "vitest";
import { sampleNuts, type NutsChain } from "../../src/bayes/sampleNuts.js";
import { essBulk, mcse, rhat } from "../../src/bayes/diagnostics.js";
import { convergenceWarnings } from "../../src/bayes/fitBayesian.js";
import type { LogDensity } from "../../src/bayes/target.js";

const column = (c: NutsChain, d: number) => Float64Array.from({ length: c.draws.length / c.dim }, (_, i) => c.draws[i * c.dim + d]!);

/** N(mu, S) in 3 dimensions with strong correlation and unequal scales. */
function mvn(): { target: LogDensity; mu: number[]; S: number[][] } {
  const mu = [1, -2, 0.5];
  const S = [
    [4, 1.8, 0.2],
    [1.8, 1, 0],
    [0.2, 0, 0.25],
  ];
  // Precision by Gauss-Jordan (3×3).
  const A = S.map((r, i) => [...r, ...[0, 1, 2].map((j) => (i === j ? 1 : 0))]);
  for (let i = 0; i < 3; i++) {
    const p = A[i]![i]!;
    for (let j = 0; j < 6; j++) A[i]![j]! /= p;
    for (let r = 0; r < 3; r++) if (r !== i) {
      const f = A[r]![i]!;
      for (let j = 0; j < 6; j++) A[r]![j]! -= f * A[i]![j]!;
    }
  }
  const P = A.map((r) => r.slice(3));
  const target: LogDensity = {
    dim: 3,
    logDensity(u, g) {
      let lp = 0;
      for (let i = 0; i < 3; i++) {
        let s = 0;
        for (let j = 0; j < 3; j++) s += P[i]![j]! * (u[j]! - mu[j]!);
        g[i] = -s;
        lp -= 0.5 * (u[i]! - mu[i]!) * s;
      }
      return lp;
    },
  };
  return { target, mu, S };
}

describe("NUTS", () => {
  test("recovers the mean within 4 MCSE and the covariance within 10% of a correlated 3-d normal, R-hat < 1.01", () => {
    const { target, mu, S } = mvn();
    const chains = [11, 12, 13, 14].map((s) => sampleNuts(target, new Float64Array([0, 0, 0]), s, { warmup: 500, draws: 500 }));
    const cols = [0, 1, 2].map((d) => chains.map((c) => column(c, d)));
    const means = cols.map((cs) => cs.reduce((s, c) => s + c.reduce((a, b) => a + b, 0), 0) / 2000);
    for (let d = 0; d < 3; d++) {
      expect(Math.abs(means[d]! - mu[d]!)).toBeLessThan(4 * mcse(cols[d]!).mean);
      expect(rhat(cols[d]!)).toBeLessThan(1.01);
      expect(essBulk(cols[d]!)).toBeGreaterThan(400);
    }
    for (let a = 0; a < 3; a++)
      for (let b = 0; b <= a; b++) {
        let s = 0;
        for (let c = 0; c < 4; c++) for (let i = 0; i < 500; i++) s += (cols[a]![c]![i]! - means[a]!) * (cols[b]![c]![i]! - means[b]!);
        const cov = s / 1999;
        // Off-diagonal entries near zero are compared in absolute terms (scale of the product of sds).
        expect(Math.abs(cov - S[a]![b]!)).toBeLessThan(0.1 * Math.sqrt(S[a]![a]! * S[b]![b]!));
      }
    expect(chains.every((c) => c.divergent.every((d) => d === 0))).toBe(true);
  });

  test("the same seed gives identical draws; another seed different ones", () => {
    const { target } = mvn();
    const a = sampleNuts(target, new Float64Array(3), 5, { warmup: 100, draws: 50 });
    const b = sampleNuts(target, new Float64Array(3), 5, { warmup: 100, draws: 50 });
    const c = sampleNuts(target, new Float64Array(3), 6, { warmup: 100, draws: 50 });
    expect(Array.from(a.draws)).toEqual(Array.from(b.draws));
    expect(Array.from(a.draws)).not.toEqual(Array.from(c.draws));
  });

  test("Neal's funnel produces divergent transitions and a divergence warning", () => {
    // v ~ N(0, 3²), x_i | v ~ N(0, e^v), i = 1..4 (Neal 2003): the neck is too narrow for one step size.
    const funnel: LogDensity = {
      dim: 5,
      logDensity(u, g) {
        const v = u[0]!;
        let lp = -(v * v) / 18;
        g[0] = -v / 9;
        for (let i = 1; i < 5; i++) {
          const x = u[i]!, e = Math.exp(-v);
          lp += -0.5 * x * x * e - 0.5 * v;
          g[i] = -x * e;
          g[0] = g[0]! + 0.5 * x * x * e - 0.5;
        }
        return lp;
      },
    };
    const chains = [1, 2].map((s) => sampleNuts(funnel, new Float64Array(5), s, { warmup: 300, draws: 300 }));
    const divergences = chains.reduce((s, c) => s + c.divergent.reduce((a, b) => a + b, 0), 0);
    expect(divergences).toBeGreaterThan(0);
    const rows = [0, 1].map((d) => {
      const cs = chains.map((c) => column(c, d));
      return { parameter: `u${d}`, mean: 0, sd: 1, hdiLower: 0, hdiUpper: 0, mcseMean: 0, mcseSd: 0, essBulk: essBulk(cs), essTail: 1000, rhat: rhat(cs) };
    });
    const w = convergenceWarnings(rows, { chains: 2, draws: 300, warmup: 300, divergences, warmupDivergences: 0, treeDepthSaturation: 0, maxTreeDepth: 10, targetAccept: 0.8, ebfmi: [1, 1], stepSize: [1, 1], meanAcceptance: [0.8, 0.8], meanTreeDepth: [3, 3], leapfrogSteps: 0, seconds: 0 });
    expect(w.some((s) => /divergent transition\(s\) after warm-up: .*raise targetAccept/.test(s))).toBe(true);
  });
});
