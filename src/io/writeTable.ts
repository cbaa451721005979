import { parquetWriteBuffer } from "hyparquet-writer";
import { describeWriteError } from "../util/describeWriteError.js";
import { writeFileAtomic } from "../util/writeFileAtomic.js";
import { formatCsv } from "./formatCsv.js";
import { outputFormat } from "./outputFormat.js";
import { isTextColumn, type TableColumn, type WriteTableOptions } from "./tableTypes.js";

/** Parquet columns: text as STRING, Int32Array as INT32, other numbers as DOUBLE (NaN becomes null, i.e. missing). */
function toParquet(columns: Readonly<Record<string, TableColumn>>): Uint8Array {
  const columnData = Object.entries(columns).map(([name, c]) => {
    if (isTextColumn(c)) return { name, data: Array.from(c, String), type: "STRING" as const };
    if (c instanceof Int32Array) return { name, data: c, type: "INT32" as const };
    const nums = c as ArrayLike<number>;
    let missing = false;
    for (let i = 0; i < nums.length && !missing; i++) missing = Number.isNaN(nums[i]!);
    if (missing) return { name, data: Array.from(nums, (x) => (Number.isNaN(x) ? null : x)), type: "DOUBLE" as const, nullable: true };
    return { name, data: Float64Array.from(nums), type: "DOUBLE" as const };
  });
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}

/** JSON row objects: text as strings, numbers as numbers, NaN (and ±Infinity, which JSON lacks) as null. */
function toRows(columns: Readonly<Record<string, TableColumn>>): Record<string, string | number | null>[] {
  const names = Object.keys(columns);
  const n = names.length ? columns[names[0]!]!.length : 0;
  const rows: Record<string, string | number | null>[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: Record<string, string | number | null> = {};
    for (const k of names) {
      const v = columns[k]![i];
      row[k] = typeof v === "number" ? (Number.isFinite(v) ? v : null) : v === undefined ? null : String(v);
    }
    rows[i] = row;
  }
  return rows;
}

/**
 * Writes a table to `path` in the format its extension names — CSV (formatCsv: formula-safe text cells, empty missing
 * values), Parquet (hyparquet-writer), JSON (an array of row objects) or JSON lines — atomically through
 * writeFileAtomic; `-` writes CSV to standard output. The one table writer of every command.
 * @see https://parquet.apache.org/docs/file-format/
 * @example writeTable("scores.parquet", { customer_id: ["a", "b"], clv: Float64Array.of(10.5, 3) });
 */
export function writeTable(path: string, columns: Readonly<Record<string, TableColumn>>, options: WriteTableOptions = {}): void {
  const format = options.format ?? outputFormat(path);
  const data =
    format === "csv" ? formatCsv(columns, options)
    : format === "parquet" ? toParquet(columns)
    : format === "json" ? JSON.stringify(toRows(columns), null, 1) + "\n"
    : toRows(columns).map((r) => JSON.stringify(r) + "\n").join("");
  if (path === "-") {
    try {
      process.stdout.write(data);
    } catch (e) {
      throw describeWriteError(e, "standard output");
    }
    return;
  }
  writeFileAtomic(path, data);
}
