// JSON lines through the value-typed reader core.
import type { LogBuilder } from "../rows/logBuilder.js";
import { resolveColumns } from "./resolveColumns.js";
import { pushColumns, type Column, type ValueOptions } from "./readValues.js";

/** JSON lines: one object per line; columns are the keys of the first object. Returns rows read. */
export function readJsonLinesText(text: string, label: string, builder: LogBuilder, opts: ValueOptions, firstLine = 1): number {
  const before = builder.report.rowsRead;
  const lines = text.split("\n");
  const objs: Array<Record<string, unknown>> = [];
  const lineNo: number[] = [];
  for (let k = 0; k < lines.length; k++) {
    const t = lines[k]!.trim();
    if (t === "") continue;
    let o: unknown;
    try {
      o = JSON.parse(t);
    } catch {
      throw new Error(`${label} line ${firstLine + k}: not valid JSON ${JSON.stringify(t.slice(0, 80))}: write one JSON object per line`);
    }
    if (o === null || typeof o !== "object" || Array.isArray(o)) throw new Error(`${label} line ${firstLine + k}: expected a JSON object, got ${JSON.stringify(t.slice(0, 80))}: write one object per line`);
    objs.push(o as Record<string, unknown>);
    lineNo.push(firstLine + k);
  }
  if (objs.length === 0) return 0;
  const names = Object.keys(objs[0]!);
  const cols = resolveColumns(names, opts.names, opts.attributes, label, builder.config.noAmount !== true);
  const colCache = new Map<number, Column>();
  const get = (index: number): Column => {
    let c = colCache.get(index);
    if (!c) {
      const name = names[index]!;
      c = { values: objs.map((o) => o[name]) };
      colCache.set(index, c);
    }
    return c;
  };
  pushColumns(builder, label, cols, names, get, objs.length, (i) => lineNo[i]!);
  return builder.report.rowsRead - before;
}
