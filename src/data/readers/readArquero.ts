// arquero tables through the value-typed reader core.
import type { LogBuilder } from "../rows/logBuilder.js";
import { resolveColumns } from "./resolveColumns.js";
import { pushColumns, type Column, type ValueOptions } from "./readValues.js";

/** The parts of an arquero table the loader uses (duck-typed so arquero types stay out of the public .d.ts). */
export interface ArqueroLike {
  numRows(): number;
  columnNames(): string[];
  array(name: string): ArrayLike<unknown>;
}

/** True for an arquero table (or anything with the same three methods). */
export function isArqueroLike(x: unknown): x is ArqueroLike {
  const t = x as ArqueroLike;
  return !!t && typeof t === "object" && typeof t.numRows === "function" && typeof t.columnNames === "function" && typeof t.array === "function";
}

/** Reads an arquero table. */
export function readArquero(table: ArqueroLike, label: string, builder: LogBuilder, opts: ValueOptions): number {
  const before = builder.report.rowsRead;
  const names = table.columnNames();
  const cols = resolveColumns(names, opts.names, opts.attributes, label, builder.config.noAmount !== true);
  const cache = new Map<number, Column>();
  const get = (i: number): Column => {
    let c = cache.get(i);
    if (!c) cache.set(i, (c = { values: table.array(names[i]!) }));
    return c;
  };
  pushColumns(builder, label, cols, names, get, table.numRows(), (i) => i + 1);
  return builder.report.rowsRead - before;
}
