// Full-covariance EM kernels unrolled for the feature count d, compiled once per d. Written in-house: V8 neither
// unrolls nor vectorizes the short triangular loops (d(d+1)/2 terms, 36 at d = 8), so their loop overhead costs more
// than the arithmetic; with every loop bound fixed in the source, the component's L⁻¹ and mean stay in locals across
// the rows. Sums run in the same order as the generic loops of gmmCore.ts, so the log-densities are bit-identical.

/**
 * Writes base − ½·|L⁻¹(x − μ)|² for rows i0..i1 of x (row-major, d columns) to out[(i − i0)·k + c]; L⁻¹ is at
 * inv[io..] (lower, row-major), μ at means[mo..].
 */
export type ComponentPass = (x: Float64Array, i0: number, i1: number, inv: Float64Array, io: number, means: Float64Array, mo: number, base: number, out: Float64Array, k: number, c: number) => void;

/**
 * Adds, over rows i0..i1 with responsibility r = resp[(i − i0)·k + c] ≥ 1e-12 and z = x − μ, Σ r·z to s1[so..] and
 * Σ r·z zᵀ (lower triangle, row-major d×d) to s2[s2o..]; returns Σ r.
 */
export type ComponentAccumulate = (x: Float64Array, i0: number, i1: number, means: Float64Array, mo: number, resp: Float64Array, k: number, c: number, s1: Float64Array, so: number, s2: Float64Array, s2o: number) => number;

export interface FullKernel {
  pass: ComponentPass;
  accumulate: ComponentAccumulate;
}

/** Feature counts up to this are unrolled; beyond it the source would grow as d² and the generic loops are used. */
export const MAX_UNROLLED_DIM = 12;

const cache = new Map<number, FullKernel>();

/** The unrolled kernels for d features (compiled on first use, then cached). */
export function fullKernel(d: number): FullKernel {
  let kernel = cache.get(d);
  if (!kernel) {
    kernel = compile(d);
    cache.set(d, kernel);
  }
  return kernel;
}

function compile(d: number): FullKernel {
  const js = (f: (j: number) => string, sep: string, count = d) => Array.from({ length: count }, (_, j) => f(j)).join(sep);
  const pairs: [number, number][] = [];
  for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) pairs.push([a, b]);
  const loadMeans = `const ${js((j) => `m${j} = means[mo + ${j}]`, ", ")};`;
  const loadZ = `const xo = i * ${d}; const ${js((j) => `z${j} = x[xo + ${j}] - m${j}`, ", ")};`;
  const passSource = [
    loadMeans,
    `const ${pairs.map(([a, b]) => `a${a}_${b} = inv[io + ${a * d + b}]`).join(", ")};`,
    `for (let i = i0, o = c; i < i1; i++, o += k) {`,
    loadZ,
    // v starts from 0 as in the generic loop, so 0 + a·z keeps its bits.
    js((j) => `const y${j} = 0 + ${js((l) => `a${j}_${l} * z${l}`, " + ", j + 1)};`, "\n"),
    `out[o] = base - 0.5 * (0 + ${js((j) => `y${j} * y${j}`, " + ")});`,
    `}`,
  ].join("\n");
  const accumulateSource = [
    loadMeans,
    `let nk = 0, ${js((j) => `t${j} = 0`, ", ")}, ${pairs.map(([a, b]) => `q${a}_${b} = 0`).join(", ")};`,
    `for (let i = i0, o = c; i < i1; i++, o += k) {`,
    `const r = resp[o]; if (r < 1e-12) continue;`,
    loadZ,
    `nk += r;`,
    js((j) => `const r${j} = r * z${j}; t${j} += r${j};`, "\n"),
    pairs.map(([a, b]) => `q${a}_${b} += r${a} * z${b};`).join("\n"),
    `}`,
    js((j) => `s1[so + ${j}] += t${j};`, "\n"),
    pairs.map(([a, b]) => `s2[s2o + ${a * d + b}] += q${a}_${b};`).join("\n"),
    `return nk;`,
  ].join("\n");
  return {
    pass: new Function("x", "i0", "i1", "inv", "io", "means", "mo", "base", "out", "k", "c", passSource) as ComponentPass,
    accumulate: new Function("x", "i0", "i1", "means", "mo", "resp", "k", "c", "s1", "so", "s2", "s2o", accumulateSource) as ComponentAccumulate,
  };
}
