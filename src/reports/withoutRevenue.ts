// Count data (a log without an amount column): the audit's customer counts, orders, frequencies and retention
// still mean something; revenue, order values, value deciles, revenue concentration and revenue rankings do not.
import type { Block } from "./lensesDocument.js";

/** Keys of the lens results that are revenue-based (case-insensitive). */
const REVENUE_KEY = /revenue|ordervalue|customervalue|cents|^monetary|^(concentration|gini|lorenz|deciles|projection|comparison|rank|exact)$/i;
/** Charts of the report that show revenue. */
const REVENUE_CHARTS = new Set(["lorenz", "deciles", "c3"]);
const REVENUE_TEXT = /revenue|AOV|value|\$/i;

/** What the count-data note says, in the report and in the JSON files. */
export const COUNT_DATA_NOTE =
  "Revenue is not available: the log has no amount column (count data). Customers, orders, purchase frequencies, retention and cohort sizes are reported; revenue, order values, value deciles, revenue concentration (Lorenz curve, Gini), the C3 revenue chart, revenue-based cohort rankings and the revenue projection are left out, and the health score uses only its count-based factors (retention, retention trend, active-customer growth).";

/**
 * A lens result (or the report's blocks) without its revenue-based parts, for count data: object keys naming
 * revenue, order or customer value, concentration, deciles, rankings or the projection are dropped (not set to 0,
 * which would read as "no revenue"); report blocks lose the revenue charts, the key-value rows and table columns
 * about revenue or value, and gain a note that says so under the title.
 * @see Fader, Hardie & Ross, *The Customer-Base Audit* (2022), ch. 2–6: which lens figures need spend.
 * @example JSON.stringify(withoutRevenue(lenses.lens1)) // no "revenue", "deciles" or "gini" keys
 */
export function withoutRevenue<T>(value: T): T {
  if (Array.isArray(value) && value.every(isBlock)) return blocksWithoutRevenue(value as Block[]) as T;
  return JSON.parse(JSON.stringify(value, (k, v: unknown) => (k !== "" && REVENUE_KEY.test(k) ? undefined : v))) as T;
}

function isBlock(b: unknown): b is Block {
  return typeof b === "object" && b !== null && typeof (b as { kind?: unknown }).kind === "string";
}

function blocksWithoutRevenue(blocks: readonly Block[]): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    if (b.kind === "chart") {
      if (!REVENUE_CHARTS.has(b.name)) out.push(b);
    } else if (b.kind === "kv") {
      const rows = b.rows.filter(([k, v]) => !REVENUE_TEXT.test(k) && !/revenue/i.test(v));
      if (rows.length) out.push({ ...b, rows });
    } else if (b.kind === "table") {
      const keep = b.header.map((h, i) => (REVENUE_TEXT.test(h) || h === "rank" || h === "share" && /revenue/i.test(b.header.join(" ")) ? -1 : i)).filter((i) => i >= 0);
      // A table ordered by value (the deciles) says nothing once its value columns are gone.
      if (b.header[0] === "decile" || keep.length < 2) continue;
      const rows = b.rows.filter((r) => !REVENUE_TEXT.test(r[0] ?? "") && !/monetary/i.test(r[0] ?? "")).map((r) => keep.map((i) => r[i] ?? ""));
      out.push({ ...b, header: keep.map((i) => b.header[i]!), rows, ...(b.align ? { align: keep.map((i) => b.align![i]!) } : {}) });
    } else if (b.kind === "note" && /revenue|to the cent|\$/i.test(b.text)) {
      continue; // a check or definition of revenue
    } else if (b.kind === "p" && /revenue/i.test(b.text) && !/customers|retention|orders/i.test(b.text)) {
      continue; // a sentence only about revenue
    } else out.push(b);
    if (b.kind === "h1") out.push({ kind: "note", text: COUNT_DATA_NOTE });
  }
  return out;
}
