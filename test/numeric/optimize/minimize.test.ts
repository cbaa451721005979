import { describe, expect, it } from "vitest";
import { minimizeBfgs } from "../../../src/numeric/optimize/minimizeBfgs.js";
import { minimizeNelderMead } from "../../../src/numeric/optimize/minimizeNelderMead.js";

const rosen = (x: Float64Array) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;

describe("optimizers", () => {
  it("BFGS finds the Rosenbrock minimum (1, 1) with a converged report (Nocedal & Wright 2006, ch. 6)", () => {
    const r = minimizeBfgs((x, g) => {
      g[0] = -400 * x[0]! * (x[1]! - x[0]! ** 2) - 2 * (1 - x[0]!);
      g[1] = 200 * (x[1]! - x[0]! ** 2);
      return rosen(x);
    }, new Float64Array([-1.2, 1]));
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    expect(r.gradientNorm).toBeLessThan(1e-8);
  });

  it("BFGS treats non-finite values as infeasible and backs off", () => {
    // log barrier: f = x - ln x, minimum at 1; steps to x <= 0 give NaN.
    const r = minimizeBfgs((x, g) => {
      g[0] = 1 - 1 / x[0]!;
      return x[0]! > 0 ? x[0]! - Math.log(x[0]!) : NaN;
    }, new Float64Array([8]));
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6); // f is flat near its minimum: x is resolved to ~sqrt(machine epsilon)
  });

  it("reports failure instead of a silent NaN when the start is not finite", () => {
    const r = minimizeBfgs((_x, g) => {
      g[0] = NaN;
      return NaN;
    }, new Float64Array([0]));
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/not finite at the starting point/);
  });

  it("Nelder-Mead finds the Rosenbrock minimum without derivatives (Nelder & Mead 1965)", () => {
    const r = minimizeNelderMead(rosen, new Float64Array([-1.2, 1]));
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });
});
