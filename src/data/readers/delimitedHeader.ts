// The header of a delimited file: its column names, from the first record or (incremental loads) from the file's start.
import { closeSync, openSync, readSync } from "node:fs";
import { DelimitedCells } from "./delimitedCells.js";
import type { RecordScanner } from "./recordScanner.js";
import type { DelimitedOptions } from "./readDelimited.js";

/** Header names of the current record (a byte-order mark of Excel exports removed). */
export function headerNames(cells: DelimitedCells, nf: number): string[] {
  const names: string[] = [];
  for (let f = 0; f < nf; f++) {
    cells.select(f);
    names.push(cells.show());
  }
  if (names[0]?.startsWith("\uFEFF")) names[0] = names[0].slice(1);
  return names;
}

/** Incremental continuation: the column names from the header at the start of the file. */
export function readHeaderNames(path: string, label: string, scanner: RecordScanner, opts: DelimitedOptions): readonly string[] {
  const fd = openSync(path, "r");
  const head = Buffer.allocUnsafe(Math.min(opts.fromByte, 1 << 20));
  let got: number;
  try {
    got = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const cells = new DelimitedCells(scanner);
  let names: string[] | undefined;
  scanner.line = 1;
  scanner.scan(head, 0, got, true, false, (b, nf) => {
    cells.bind(b, nf);
    if (nf === 1 && !cells.select(0) && scanner.fq[0] === 0) return true;
    names = headerNames(cells, nf);
    return false;
  });
  if (!names) throw new Error(`${label}: no header line in its first ${got} bytes: give a CSV with a header or set header: false and columnNames`);
  return opts.columnNames ?? names;
}
