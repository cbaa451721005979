/** How a column's best value is found: the lowest, the highest, or the closest to zero (signed errors). */
export type MetricDirection = "lower" | "higher" | "zero";

/** One column of {@link metricsTable}. */
export interface MetricColumn {
  key: string;
  /** Header; default the key. */
  label?: string;
  /** Marks the best row when given; label columns leave it out. */
  better?: MetricDirection;
  /** Significant digits of numbers in the text and HTML forms. Default 4. */
  digits?: number;
}

/** A rendered comparison table: the rows as given, the best row per metric column, and text, CSV and HTML forms. */
export interface MetricsTableResult {
  columns: MetricColumn[];
  rows: Record<string, string | number>[];
  /** Per metric column key, the indices of the best rows (ties all marked); empty when every value is NaN. */
  best: Record<string, number[]>;
  /** Fixed-width text with the best values marked `*`. */
  text: string;
  /** RFC 4180 CSV, full precision, no marks. */
  csv: string;
  /** An HTML table, best values in bold. */
  html: string;
}

const DIRECTIONS: readonly MetricDirection[] = ["lower", "higher", "zero"];

/** Validates a column's `better` option. */
function checkDirection(key: string, d: unknown): void {
  if (d !== undefined && !DIRECTIONS.includes(d as MetricDirection)) throw new Error(`invalid better ${JSON.stringify(d)} for column ${key}: use lower, higher or zero`);
}

function formatNumber(v: number, digits: number): string {
  if (Number.isNaN(v)) return "–";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a >= 10 ** digits ? v.toFixed(0) : a >= 1e-3 ? Number(v.toPrecision(digits)).toString() : v.toExponential(digits - 1);
}

function csvCell(v: string | number): string {
  const s = typeof v === "number" ? (Number.isNaN(v) ? "" : String(v)) : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * The one table helper of the validation area: rows of metrics (plain objects) become a text, CSV and HTML table
 * with the best value of each metric column marked (lowest, highest or closest to zero, per the column's `better`).
 * Rows may be grouped by a label column (e.g. target and horizon): `groupBy` marks the best within each group.
 * @see https://observablehq.com/plot/features/marks (one validator per enumerated option, as Plot does)
 * @example metricsTable([{ model: "bg-nbd", mae: 0.79 }, { model: "pareto-nbd", mae: 0.75 }], { columns: [{ key: "model" }, { key: "mae", better: "lower" }] }).best.mae // [1]
 */
export function metricsTable(rows: Record<string, string | number>[], options: { columns: MetricColumn[]; groupBy?: string[] }): MetricsTableResult {
  const columns = options.columns;
  for (const c of columns) checkDirection(c.key, c.better);
  const groupKey = (r: Record<string, string | number>) => (options.groupBy ?? []).map((k) => String(r[k])).join("\u0000");
  const best: Record<string, number[]> = {};
  for (const c of columns) {
    if (!c.better) continue;
    const groups = new Map<string, number[]>();
    rows.forEach((r, i) => {
      const g = groupKey(r);
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g)!.push(i);
    });
    const marked: number[] = [];
    for (const idx of groups.values()) {
      const score = (i: number) => {
        const v = rows[i]![c.key];
        if (typeof v !== "number" || Number.isNaN(v)) return NaN;
        return c.better === "lower" ? v : c.better === "higher" ? -v : Math.abs(v);
      };
      let m = Infinity;
      for (const i of idx) if (score(i) < m) m = score(i);
      if (m === Infinity) continue;
      for (const i of idx) if (Math.abs(score(i) - m) <= 1e-12 * Math.max(1, Math.abs(m))) marked.push(i);
    }
    best[c.key] = marked.sort((a, b) => a - b);
  }
  const isBest = (key: string, i: number) => best[key]?.includes(i) ?? false;
  const cell = (c: MetricColumn, r: Record<string, string | number>) => {
    const v = r[c.key];
    return v === undefined ? "" : typeof v === "number" ? formatNumber(v, c.digits ?? 4) : v;
  };
  const header = columns.map((c) => c.label ?? c.key);
  const body = rows.map((r, i) => columns.map((c) => cell(c, r) + (isBest(c.key, i) ? "*" : "")));
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((b) => b[j]!.length)));
  const line = (cells: string[]) => cells.map((s, j) => (j === 0 ? s.padEnd(widths[j]!) : s.padStart(widths[j]!))).join("  ");
  const text = [line(header), ...body.map(line)].join("\n") + (Object.keys(best).length ? "\n* best in column" + (options.groupBy?.length ? ` (within ${options.groupBy.join(", ")})` : "") : "") + "\n";
  const csv = [columns.map((c) => csvCell(c.key)).join(","), ...rows.map((r) => columns.map((c) => csvCell(r[c.key] ?? "")).join(","))].join("\n") + "\n";
  const html =
    `<table class="metrics"><thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>` +
    rows.map((r, i) => `<tr>${columns.map((c) => (isBest(c.key, i) ? `<td><b>${escapeHtml(cell(c, r))}</b></td>` : `<td>${escapeHtml(cell(c, r))}</td>`)).join("")}</tr>`).join("") +
    "</tbody></table>";
  return { columns, rows, best, text, csv, html };
}
