// Dense small linear algebra: the in-house typed-array kernels (src/numeric/linearAlgebra.ts) against ml-matrix on the
// sizes clvlab solves — the mixture's covariance Cholesky (d = 8, once per component per EM step), the ridge and
// bootstrap normal equations (p = 14), the models' Hessian inversion (k = 4) — and whether ml-matrix gives the same bits.
// CPU seconds per 100,000 operations (process.cpuUsage, so a loaded machine does not inflate them).
import { CholeskyDecomposition, Matrix, inverse } from "ml-matrix";
import { cholesky, invertSymmetric, solveSpd } from "../dist/numeric/linearAlgebra.js";
import { createRng } from "../dist/index.js";
import { record } from "./lib.mjs";

const OPS = Number(process.env.CLVLAB_BENCH_LINALG_OPS ?? 100_000);

/** A random symmetric positive-definite n×n matrix, row-major: XᵀX/rows + I/10. */
function spd(n, rng) {
  const rows = 3 * n;
  const x = Float64Array.from({ length: rows * n }, () => rng.normal(0, 1));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += x[r * n + i] * x[r * n + j];
    a[i * n + j] = s / rows + (i === j ? 0.1 : 0);
  }
  return a;
}

function cpu(fn) {
  const t0 = process.cpuUsage();
  fn();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1e6;
}

const rng = createRng(7);
const cases = [
  { name: "cholesky", n: 8, typed: (a, n) => { const l = new Float64Array(n * n); cholesky(a, 0, n, l, 0); return l; }, ml: (a, n) => new CholeskyDecomposition(new Matrix(to2d(a, n))).lowerTriangularMatrix.to1DArray() },
  { name: "ridge-solve", n: 14, typed: (a, n) => solveSpd(a, B[n], n, 0), ml: (a, n) => new CholeskyDecomposition(new Matrix(to2d(a, n))).solve(Matrix.columnVector(Array.from(B[n]))).to1DArray() },
  { name: "hessian-inverse", n: 4, typed: (a, n) => invertSymmetric(a, n), ml: (a, n) => inverse(new Matrix(to2d(a, n))).to1DArray() },
];
const B = { 14: Float64Array.from({ length: 14 }, (_, i) => i + 1) };
function to2d(a, n) {
  return Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)));
}

for (const c of cases) {
  const mats = Array.from({ length: 64 }, () => spd(c.n, rng));
  let same = 0;
  for (const m of mats) {
    const a = Array.from(c.typed(m, c.n));
    const b = Array.from(c.ml(m, c.n));
    if (a.every((v, i) => v === b[i])) same++;
  }
  const typed = cpu(() => { for (let i = 0; i < OPS; i++) c.typed(mats[i & 63], c.n); });
  const ml = cpu(() => { for (let i = 0; i < OPS; i++) c.ml(mats[i & 63], c.n); });
  record({ name: `linear algebra ${c.name} typed-array CPU s`, value: typed, unit: "s", sizes: { n: c.n, ops: OPS } });
  console.log(`  ${c.name}: ml-matrix / typed = ${(ml / typed).toFixed(2)}, bit-identical on ${same} of ${mats.length} matrices`);
  record({ name: `linear algebra ${c.name} ml-matrix CPU s`, value: ml, unit: "s", sizes: { n: c.n, ops: OPS }, notes: `ml-matrix / typed = ${(ml / typed).toFixed(2)}; bit-identical results on ${same} of ${mats.length} matrices` });
}
