/** A column of an output table: text (ids, names) or numbers (a typed array or a number array; NaN = missing). */
export type TableColumn = readonly string[] | ArrayLike<number>;

/** Output formats, chosen from the file extension (see outputFormat). */
export type OutputFormat = "csv" | "parquet" | "json" | "jsonl";

/** Options of writeTable and formatCsv. */
export interface WriteTableOptions {
  /**
   * How numbers of a column are written as CSV text (e.g. `(x) => x.toFixed(4)`); default `String(x)`. Binary and
   * JSON outputs always carry the full number. Missing values (NaN) are empty cells whatever the format.
   */
  csvFormat?: Readonly<Record<string, (x: number) => string>>;
  /** The format; default: from the extension of the path (csv, parquet, json, jsonl/ndjson), CSV for `-`. */
  format?: OutputFormat;
}

/** A column holds text when it is a plain array with a string in it (typed arrays are always numbers). */
export const isTextColumn = (c: TableColumn): c is readonly string[] => Array.isArray(c) && c.some((v) => typeof v === "string");
