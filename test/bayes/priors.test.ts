import { describe, expect, test } from "vitest";
import { defaultPriors } from "../../src/bayes/defaultPriors.js";
import { fromUnconstrained, priorLogDensity, type PriorSpec } from "../../src/bayes/priors.js";
import { resolvePriors } from "../../src/bayes/defaultPriors.js";
import { modelRows, rowsLikelihood } from "../../src/bayes/modelLikelihood.js";
import { posteriorTarget } from "../../src/bayes/target.js";
import { cdnowSummary } from "../models/referenceData.js";

/** ∫ p(x) dx over the support, computed on the unconstrained line (density × Jacobian), trapezoid rule. */
function mass(p: PriorSpec): number {
  const tr = { x: 0, dxdu: 0, logJ: 0, dlogJ: 0, complement: 0 };
  let s = 0;
  const h = 0.002;
  for (let u = -40; u <= 40; u += h) {
    fromUnconstrained(p, u, tr);
    s += Math.exp(priorLogDensity(p, tr.x) + tr.logJ) * h;
  }
  return s;
}

describe("priors", () => {
  const specs: PriorSpec[] = [
    { dist: "weibull", alpha: 2, beta: 10 },
    { dist: "lognormal", mu: 0, sigma: 2 },
    { dist: "gamma", alpha: 3, beta: 0.5 },
    { dist: "halfnormal", sigma: 2 },
    { dist: "pareto", alpha: 1, m: 1 },
    { dist: "uniform", lower: 0, upper: 1 },
  ];
  test.each(specs.map((s) => [s.dist, s] as const))("%s density with the transform's Jacobian integrates to 1", (_n, s) => {
    // Pareto(1, 1) has a heavy 1/x² tail: the cut at u = 40 loses e^-40, nothing.
    expect(mass(s)).toBeCloseTo(1, 4);
  });

  test.each(specs.map((s) => [s.dist, s] as const))("%s log-density derivative matches central differences", (_n, s) => {
    const d = new Float64Array(1);
    for (const x of [0.3, 0.7, 2.5]) {
      if (s.dist === "pareto" && x <= 1) continue;
      if (s.dist === "uniform" && x >= 1) continue;
      priorLogDensity(s, x, d);
      const h = 1e-6;
      const fd = (priorLogDensity(s, x + h) - priorLogDensity(s, x - h)) / (2 * h);
      expect(d[0]).toBeCloseTo(fd, 5);
    }
  });

  test("BG/NBD defaults are PyMC-Marketing's (weeks) with alpha's scale converted to days and months", () => {
    // pymc_marketing/clv/models/beta_geo.py default_model_config: alpha ~ Weibull(2, 10), r ~ Weibull(2, 1),
    // phi_dropout ~ Uniform(0, 1), kappa_dropout ~ Pareto(1, 1).
    expect(defaultPriors("bg-nbd", "weeks")).toEqual({
      r: { dist: "weibull", alpha: 2, beta: 1 },
      alpha: { dist: "weibull", alpha: 2, beta: 10 },
      phi: { dist: "uniform", lower: 0, upper: 1 },
      kappa: { dist: "pareto", alpha: 1, m: 1 },
    });
    expect(defaultPriors("bg-nbd", "days").alpha).toEqual({ dist: "weibull", alpha: 2, beta: 70 });
    expect((defaultPriors("pareto-nbd", "months").beta as { beta: number }).beta).toBeCloseTo(70 / (365.25 / 12), 12);
  });

  test("overrides replace one prior; a and b together switch BG/NBD to independent priors; unknown names are rejected", () => {
    const p = resolvePriors("bg-nbd", "weeks", { r: { dist: "gamma", alpha: 1, beta: 1 } });
    expect(p.r).toEqual({ dist: "gamma", alpha: 1, beta: 1 });
    expect(p.alpha).toEqual({ dist: "weibull", alpha: 2, beta: 10 });
    const ab = resolvePriors("bg-nbd", "weeks", { a: { dist: "halfnormal", sigma: 5 }, b: { dist: "halfnormal", sigma: 5 } });
    expect(Object.keys(ab).sort()).toEqual(["a", "alpha", "b", "r"]);
    expect(() => resolvePriors("pareto-nbd", "weeks", { phi: { dist: "uniform", lower: 0, upper: 1 } })).toThrow(/invalid prior for "phi"/);
    expect(() => resolvePriors("gamma-gamma", "weeks", { p: { dist: "weibull", alpha: -1, beta: 1 } })).toThrow(/invalid prior for p: weibull alpha = -1/);
  });
});

describe("posterior target", () => {
  const cd = { ...cdnowSummary(), timeUnit: "weeks" as const };
  const checkGradient = (t: ReturnType<typeof posteriorTarget>, u: Float64Array, tol: number) => {
    const g = new Float64Array(t.dim), tmp = new Float64Array(t.dim);
    t.logDensity(u, g);
    for (let i = 0; i < t.dim; i++) {
      const v = Float64Array.from(u), h = 1e-5;
      v[i] = u[i]! + h;
      const fp = t.logDensity(v, tmp);
      v[i] = u[i]! - h;
      const fm = t.logDensity(v, tmp);
      expect(Math.abs(g[i]! - (fp - fm) / (2 * h))).toBeLessThan(tol * Math.max(1, Math.abs(g[i]!)));
    }
  };
  test("BG/NBD (phi, kappa) gradient on the unconstrained scale matches central differences on CDNOW", () => {
    const t = posteriorTarget(rowsLikelihood(modelRows("bg-nbd", cd)), defaultPriors("bg-nbd"));
    expect(t.variables).toEqual(["r", "alpha", "phi", "kappa"]);
    const u = t.unconstrain(new Float64Array([0.3, 5, 0.8, 2.6]));
    expect(Array.from(t.natural(u)).map((v) => +v.toFixed(10))).toEqual([0.3, 5, 0.8, 2.6]);
    checkGradient(t, u, 1e-5);
  });
  test("Pareto/NBD gradient matches central differences on CDNOW", () => {
    const t = posteriorTarget(rowsLikelihood(modelRows("pareto-nbd", cd)), defaultPriors("pareto-nbd"));
    checkGradient(t, t.unconstrain(new Float64Array([0.55, 10.6, 0.6, 11.7])), 1e-5);
  });
});
