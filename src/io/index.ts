// Output files: one table writer (CSV, Parquet, JSON by extension), formula-safe CSV cells, write-error messages.
export type { OutputFormat, TableColumn, WriteTableOptions } from "./tableTypes.js";
export { csvCell } from "./csvCell.js";
export { formatCsv } from "./formatCsv.js";
export { outputFormat } from "./outputFormat.js";
export { writeTable } from "./writeTable.js";
export { describeWriteError } from "../util/describeWriteError.js";
