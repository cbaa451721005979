import type { FeatureMatrix } from "../types.js";

/**
 * Checks a feature matrix (or converts an array of rows) and rejects non-finite values, naming row and column.
 * @example toFeatureMatrix([[1, 2], [3, 4]]).cols; // 2
 */
export function toFeatureMatrix(x: FeatureMatrix | readonly (readonly number[])[]): FeatureMatrix {
  let m: FeatureMatrix;
  if (Array.isArray(x)) {
    const rows = x.length;
    const cols = rows ? (x[0] as readonly number[]).length : 0;
    const data = new Float64Array(rows * cols);
    (x as readonly (readonly number[])[]).forEach((r, i) => {
      if (r.length !== cols) throw new Error(`row ${i} has ${r.length} values, expected ${cols}: give every row the same features`);
      for (let j = 0; j < cols; j++) data[i * cols + j] = r[j]!;
    });
    m = { data, rows, cols };
  } else m = x as FeatureMatrix;
  if (m.rows < 1 || m.cols < 1) throw new Error(`empty feature matrix (${m.rows} × ${m.cols}): need at least one row and one column`);
  if (m.data.length < m.rows * m.cols) throw new Error(`feature matrix data has ${m.data.length} values, expected rows × cols = ${m.rows * m.cols}`);
  for (let i = 0; i < m.rows * m.cols; i++)
    if (!Number.isFinite(m.data[i]!)) throw new Error(`feature matrix row ${Math.floor(i / m.cols)}, column ${i % m.cols} is ${m.data[i]}: features must be finite`);
  return m;
}
