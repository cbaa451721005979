import { csvCell } from "./csvCell.js";
import { isTextColumn, type TableColumn, type WriteTableOptions } from "./tableTypes.js";

/**
 * Formats columns as CSV text (RFC 4180, `\n` line ends, header first): text cells through csvCell (quoting and
 * formula-injection escape), numbers as `String(x)` or the column's `csvFormat`, missing numbers (NaN) as empty cells.
 * @see https://www.rfc-editor.org/rfc/rfc4180
 * @example formatCsv({ customer_id: ["a", "b"], clv: Float64Array.of(1.5, NaN) }); // "customer_id,clv\na,1.5\nb,\n"
 */
export function formatCsv(columns: Readonly<Record<string, TableColumn>>, options: Pick<WriteTableOptions, "csvFormat"> = {}): string {
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]!]!.length : 0;
  for (const k of names) if (columns[k]!.length !== n) throw new Error(`column ${k} has ${columns[k]!.length} values but ${names[0]} has ${n}: give columns of one length`);
  const cells = names.map((k) => {
    const c = columns[k]!;
    if (isTextColumn(c)) return (i: number) => csvCell(String(c[i] ?? ""));
    const fmt = options.csvFormat?.[k] ?? String;
    const nums = c as ArrayLike<number>;
    return (i: number) => (Number.isNaN(nums[i]!) || nums[i] == null ? "" : fmt(nums[i]!));
  });
  const lines = [names.map(csvCell).join(",")];
  for (let i = 0; i < n; i++) lines.push(cells.map((cell) => cell(i)).join(","));
  return lines.join("\n") + "\n";
}
