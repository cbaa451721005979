import { writeTable } from "../../io/writeTable.js";
import type { TableColumn } from "../../io/tableTypes.js";
import type { ClvTable } from "./clvTable.js";

/**
 * Writes a CLV table atomically in the format its extension names (writeTable): CSV, Parquet (integers as INT32,
 * numbers as DOUBLE, ids as strings), JSON or JSON lines. Missing intervals are empty CSV cells and Parquet nulls.
 * @see https://parquet.apache.org/docs/file-format/
 * @example writeClvTable(clvTable(pred), "clv.parquet");
 */
export function writeClvTable(table: ClvTable, path: string): void {
  const columns: Record<string, TableColumn> = {};
  for (const name of table.columnNames()) columns[name] = table.array(name) as TableColumn;
  writeTable(path, columns);
}
