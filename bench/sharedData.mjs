// Reads a numeric CSV from ../shared/data (the reference data beside the repository) into Float64Array columns.
import { readFileSync } from "node:fs";

/** Columns by header name of `../shared/data/<path>`. */
export function readSharedCsv(path) {
  const [head, ...rows] = readFileSync(new URL(`../../shared/data/${path}`, import.meta.url), "utf8").trim().split(/\r?\n/);
  const h = head.split(",");
  const cols = Object.fromEntries(h.map((k) => [k, new Float64Array(rows.length)]));
  rows.forEach((r, i) => r.split(",").forEach((v, j) => (cols[h[j]][i] = Number(v))));
  return cols;
}
