// Composite 8-point Gauss-Legendre quadrature (internal): nodes/weights for vector integrands, and a scalar rule.
const GL_X = [-0.9602898564975363, -0.7966664774136267, -0.525532409916329, -0.1834346424956498, 0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363];
const GL_W = [0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.362683783378362, 0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];

/** Nodes and weights of the composite rule on [a, b] with `panels` equal panels. */
export function gaussLegendreRule(a: number, b: number, panels: number): { nodes: Float64Array; weights: Float64Array } {
  const hw = (b - a) / panels / 2;
  const nodes = new Float64Array(panels * 8);
  const weights = new Float64Array(panels * 8);
  for (let p = 0; p < panels; p++) {
    const mid = a + (2 * p + 1) * hw;
    for (let k = 0; k < 8; k++) {
      nodes[p * 8 + k] = mid + hw * GL_X[k]!;
      weights[p * 8 + k] = GL_W[k]! * hw;
    }
  }
  return { nodes, weights };
}

/** ∫_a^b f by the composite rule. */
export function gaussLegendre(f: (x: number) => number, a: number, b: number, panels: number): number {
  const { nodes, weights } = gaussLegendreRule(a, b, panels);
  let s = 0;
  for (let i = 0; i < nodes.length; i++) s += weights[i]! * f(nodes[i]!);
  return s;
}

/**
 * Gauss-Laguerre nodes and weights for ∫_0^∞ e^(−x) f(x) dx (Numerical Recipes' gaulag with Newton refinement).
 * @see Press et al. (2007), Numerical Recipes, §4.6
 */
export function gaussLaguerreRule(n: number): { nodes: Float64Array; weights: Float64Array } {
  const x = new Float64Array(n), w = new Float64Array(n);
  let z = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0) z = 3 / (1 + 2.4 * n);
    else if (i === 1) z += 15 / (1 + 2.5 * n);
    else {
      const ai = i - 1;
      z += ((1 + 2.55 * ai) / (1.9 * ai)) * (z - x[i - 2]!);
    }
    let p1 = 0, p2 = 0, pp = 0;
    for (let it = 0; it < 100; it++) {
      p1 = 1;
      p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1 - z) * p2 - (j - 1) * p3) / j;
      }
      pp = (n * p1 - n * p2) / z;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * Math.abs(z)) break;
    }
    x[i] = z;
    w[i] = -1 / (pp * n * p2);
  }
  return { nodes: x, weights: w };
}
