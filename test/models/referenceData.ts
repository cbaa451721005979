// Reads the reference data sets from ../shared/data (beside the repo root, as on CI).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

export const SHARED = resolve(fileURLToPath(new URL("../..", import.meta.url)), "../shared/data");

/** Numeric CSV columns by header name. */
export function readCsv(relPath: string): Record<string, Float64Array> {
  const lines = readFileSync(resolve(SHARED, relPath), "utf8").trim().split(/\r?\n/);
  const head = lines[0]!.split(",");
  const cols: Record<string, Float64Array> = {};
  head.forEach((h) => (cols[h] = new Float64Array(lines.length - 1)));
  for (let i = 1; i < lines.length; i++) {
    const c = lines[i]!.split(",");
    head.forEach((h, j) => (cols[h]![i - 1] = Number(c[j])));
  }
  return cols;
}

/** The CDNOW calibration summary (weeks). */
export function cdnowSummary(): { frequency: Float64Array; recency: Float64Array; T: Float64Array } {
  const c = readCsv("cdnow/cdnow_customers_summary.csv");
  return { frequency: c.frequency!, recency: c.recency!, T: c.T! };
}

/** 4 significant digits, the precision of the published spot checks. */
export const sig4 = (v: number) => Number(v.toPrecision(4));

/** Agreement with a published figure to 4 significant digits (or fewer when the source prints fewer). */
export function agrees(actual: number, published: string): boolean {
  const sig = published.replace(/^[-0.]+/, "").replace(".", "").length;
  const d = Math.min(4, sig);
  return Number(actual.toPrecision(d)) === Number(Number(published).toPrecision(d));
}
