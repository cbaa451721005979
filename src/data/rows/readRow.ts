// The row checks every reader applies (CSV bytes, JSON lines, Parquet, arquero), in one place: a reader only
// says how to get at a cell (`RowCells`); what is checked, in what order, and the messages and fixes are here.
import type { ByteDictionary } from "../readers/byteDictionary.js";
import { cellFixes, cellParsers, type CellParsers } from "../values/dateFormat.js";
import { parseNumberBytes } from "../values/parseNumber.js";
import { DATE_FORMATS, type ParsedDate } from "../values/parseDate.js";
import type { LogBuilder } from "./logBuilder.js";
import type { ResolvedColumns } from "../readers/resolveColumns.js";
import type { ZoneOffsets } from "../values/timeZone.js";

/** The cells of the current row, as one reader sees them. Column indexes are those of `ResolvedColumns`. */
export interface RowCells {
  /** Makes column `index` the current cell; false when the cell is empty or absent. */
  select(index: number): boolean;
  /** Reads the current cell as a date into `out` (text through the load's parsers); false when it is not one. */
  date(zone: ZoneOffsets, out: ParsedDate, parse: CellParsers): boolean;
  /** The current cell as a number (NaN when it is not a plain number; text through the load's parsers). */
  number(parse: CellParsers): number;
  /** The current cell as text, for messages. */
  show(): string;
  /** Dictionary code of the current (non-empty) cell as a customer id (integer ids share codes across formats). */
  customerCode(dict: ByteDictionary): number;
  /** Dictionary code of the current cell as a string attribute (0, the empty string, when the cell is empty). */
  stringCode(dict: ByteDictionary, empty: boolean): number;
}

/** One string column (order id, product or an attribute) stored per row. */
export interface StringTarget {
  index: number;
  name: string;
  dict: ByteDictionary;
}

/** The columns a load reads, with the builder's string targets; made once per file by {@link rowPlan}. */
export interface RowPlan {
  cols: ResolvedColumns;
  strings: StringTarget[];
  /** Column name (for messages) by index. */
  name: (index: number) => string;
  /** Scratch for the date of the current row. */
  date: ParsedDate;
  /** The load's date and number parsers (date layout, decimal comma) and the fixes they name. */
  parse: CellParsers;
  fix: { date: string; amount: string };
}

/** The fix each check names (the same for every format). */
export const FIX = {
  date: `use ${DATE_FORMATS}`,
  amount: "use a plain decimal number such as 12.50 (no currency sign or thousands separator)",
  quantity: "use a plain number",
  cost: "use a plain decimal number",
  customer: "every row needs a customer id",
} as const;

/** Registers the optional and string columns of `cols` with the builder and returns the plan for {@link readRow}. */
export function rowPlan(builder: LogBuilder, cols: ResolvedColumns, name: (index: number) => string): RowPlan {
  const strings: StringTarget[] = [];
  const add = (index: number, key: string): void => {
    if (index >= 0) strings.push({ index, name: key, dict: builder.stringColumn(key).dict });
  };
  add(cols.orderId, "\u0000orderId");
  add(cols.product, "\u0000product");
  for (const a of cols.attributes) add(a.index, a.name);
  if (cols.quantity >= 0) builder.quantityColumn();
  if (cols.cost >= 0 || cols.margin >= 0) builder.costColumn();
  const cfg = builder.config;
  const decimalComma = cfg.decimalComma === true;
  return {
    cols,
    strings,
    name,
    date: { day: 0, ms: 0 },
    parse: cellParsers(cfg.zone, cfg.dateLayout, decimalComma, parseNumberBytes),
    // The fixes name the load's layout and decimal mark, or the options that set them.
    fix: cellFixes(cfg.dateLayout, decimalComma),
  };
}

/**
 * Checks one row and pushes it into the builder, or rejects it (strict loads throw) with file, line, column,
 * value and the fix. Order: date, amount, quantity, cost, margin, observation end, customer id.
 */
export function readRow(builder: LogBuilder, cells: RowCells, plan: RowPlan, label: string, line: number): void {
  const c = plan.cols;
  builder.report.rowsRead++;
  const zone = builder.config.zone;
  const d = plan.date;
  const p = plan.parse;
  if (!(cells.select(c.date) && cells.date(zone, d, p))) {
    builder.reject("unparseable_date", label, line, plan.name(c.date), cells.show(), "cannot read date", plan.fix.date);
    return;
  }
  const day = d.day, ms = d.ms;
  // Count data (no amount column): every row is a purchase of amount 0.
  const amount = c.amount < 0 ? 0 : cells.select(c.amount) ? cells.number(p) : NaN;
  if (!Number.isFinite(amount)) {
    builder.reject("unparseable_amount", label, line, plan.name(c.amount), cells.show(), "cannot read amount", plan.fix.amount);
    return;
  }
  let qty = 1, cost = NaN;
  if (c.quantity >= 0 && cells.select(c.quantity)) {
    qty = cells.number(p);
    if (!Number.isFinite(qty)) {
      builder.reject("unparseable_amount", label, line, plan.name(c.quantity), cells.show(), "cannot read quantity", FIX.quantity);
      return;
    }
  }
  if (c.cost >= 0 && cells.select(c.cost)) {
    cost = cells.number(p);
    if (!Number.isFinite(cost)) {
      builder.reject("unparseable_amount", label, line, plan.name(c.cost), cells.show(), "cannot read cost", FIX.cost);
      return;
    }
  }
  if (c.margin >= 0 && cells.select(c.margin)) {
    const margin = cells.number(p);
    if (!Number.isFinite(margin)) {
      builder.reject("unparseable_amount", label, line, plan.name(c.margin), cells.show(), "cannot read margin", FIX.cost);
      return;
    }
    cost = amount - margin;
  }
  if (builder.afterEnd(day, label, line)) return;
  if (!cells.select(c.customer)) {
    builder.reject("missing_customer", label, line, plan.name(c.customer), "", "missing customer id", FIX.customer);
    return;
  }
  const code = cells.customerCode(builder.customers);
  if (!builder.push(code, day, ms, amount, label, line)) return;
  const i = builder.n - 1;
  if (c.quantity >= 0) builder.quantity![i] = qty;
  if (c.cost >= 0 || c.margin >= 0) builder.cost![i] = cost;
  for (const t of plan.strings) {
    const empty = !cells.select(t.index);
    // the builder may have grown its arrays since the plan was made: look the codes up per row
    builder.stringCols.get(t.name)!.codes[i] = cells.stringCode(t.dict, empty);
  }
}
