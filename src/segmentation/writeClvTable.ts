import * as aq from "arquero";
import { parquetWriteBuffer } from "hyparquet-writer";
import { writeFileAtomic } from "../util/writeFileAtomic.js";
import type { ClvTable } from "./clvTable.js";

/**
 * Writes a CLV table atomically as CSV, or as Parquet when the path ends in `.parquet` (hyparquet-writer; integers as
 * INT32, numbers as DOUBLE, ids as strings).
 * @see https://parquet.apache.org/docs/file-format/
 * @example writeClvTable(clvTable(pred), "clv.parquet");
 */
export function writeClvTable(table: ClvTable, path: string): void {
  if (path.toLowerCase().endsWith(".parquet")) {
    const columnData = table.columnNames().map((name) => {
      const values = table.array(name) as ArrayLike<unknown>;
      if (name === "customer_id") return { name, data: Array.from(values, String), type: "STRING" as const };
      if (values instanceof Int32Array) return { name, data: values, type: "INT32" as const };
      return { name, data: Float64Array.from(values as ArrayLike<number>), type: "DOUBLE" as const };
    });
    const buf = parquetWriteBuffer({ columnData });
    writeFileAtomic(path, new Uint8Array(buf));
    return;
  }
  if (!path.toLowerCase().endsWith(".csv")) throw new Error(`unsupported output ${path}: use a .csv or .parquet file name`);
  writeFileAtomic(path, aq.toCSV(table));
}
