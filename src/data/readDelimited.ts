// CSV / delimited / whitespace-separated reader working on raw bytes: the file is read in large chunks, records
// are scanned in place (RFC 4180 quotes, CRLF or LF), and only the cells a row needs are decoded.
import { closeSync, openSync, readSync } from "node:fs";
import { cellFixes, cellParsers } from "./dateFormat.js";
import { parsed } from "./parseDate.js";
import { parseNumberBytes } from "./parseNumber.js";
import { resolveColumns, type ColumnNames, type ResolvedColumns } from "./resolveColumns.js";
import type { ByteDictionary } from "./byteDictionary.js";
import type { LogBuilder } from "./logBuilder.js";

const CHUNK = 1 << 24;
const decoder = new TextDecoder();

export interface DelimitedOptions {
  /** A one-character delimiter, or "whitespace" (runs of spaces and tabs, no quoting, as in CDNOW_master.txt). */
  delimiter: string;
  header: boolean;
  columnNames: readonly string[] | undefined;
  names: ColumnNames;
  attributes: "all" | "none" | readonly string[];
  /** Start reading data at this byte (incremental loads of appended files); the header is still read from byte 0. */
  fromByte: number;
  /** Line number of the record at `fromByte`. */
  fromLine: number;
}

interface Col {
  index: number;
  dict: ByteDictionary;
  name: string;
}

/** Reads one delimited file into `builder`. Returns the number of data rows read. */
export function readDelimitedFile(path: string, label: string, builder: LogBuilder, opts: DelimitedOptions): number {
  const ws = opts.delimiter === "whitespace";
  if (!ws && opts.delimiter.length !== 1) throw new Error(`invalid delimiter ${JSON.stringify(opts.delimiter)}: use one character (",", ";", "\\t", "|") or "whitespace"`);
  if (!opts.header && !opts.columnNames) throw new Error(`${label}: a file without a header needs columnNames (the name of each column, in order)`);
  const delim = ws ? -1 : opts.delimiter.charCodeAt(0);
  const rowsBefore = builder.report.rowsRead;
  const cfg = builder.config;
  const cells = cellParsers(cfg.zone, cfg.dateLayout, cfg.decimalComma === true, parseNumberBytes);
  const { date: dateFix, amount: amountFix } = cellFixes(cfg.dateLayout, cfg.decimalComma === true);

  let fs: Int32Array = new Int32Array(64);
  let fe: Int32Array = new Int32Array(64);
  let fq: Uint8Array = new Uint8Array(64); // 0 plain, 1 quoted, 2 quoted with "" escapes
  let line = opts.fromLine;
  let cols: ResolvedColumns | undefined;
  let stringCols: Col[] = [];
  let unescaped: Uint8Array = new Uint8Array(256);
  let ub = 0;
  let ue = 0;

  // Cell bounds after trimming spaces, tabs and CR; quoted cells with escapes are copied out unescaped.
  let cb: Uint8Array = new Uint8Array(0);
  const cell = (b: Uint8Array, f: number, nf: number): Uint8Array => {
    if (f >= nf) {
      ub = 0; ue = 0;
      return b;
    }
    let s = fs[f]!, e = fe[f]!;
    if (fq[f] === 2) {
      if (unescaped.length < e - s) unescaped = new Uint8Array((e - s) * 2);
      let k = 0;
      for (let i = s; i < e; i++) {
        unescaped[k++] = b[i]!;
        if (b[i] === 34) i++;
      }
      ub = 0; ue = k;
      return unescaped;
    }
    if (fq[f] === 0) {
      while (s < e && (b[s] === 32 || b[s] === 9)) s++;
      while (e > s && (b[e - 1] === 32 || b[e - 1] === 9 || b[e - 1] === 13)) e--;
    }
    ub = s; ue = e;
    return b;
  };
  const text = (b: Uint8Array, f: number, nf: number): string => {
    cb = cell(b, f, nf);
    return decoder.decode(cb.subarray(ub, ue));
  };

  const onHeader = (b: Uint8Array, nf: number): void => {
    const names: string[] = [];
    for (let f = 0; f < nf; f++) names.push(text(b, f, nf));
    if (names[0]?.startsWith("\uFEFF")) names[0] = names[0].slice(1); // byte-order mark of Excel exports
    setColumns(opts.columnNames ?? names);
  };
  const setColumns = (names: readonly string[]): void => {
    cols = resolveColumns(names, opts.names, opts.attributes, label, builder.config.noAmount !== true);
    stringCols = [];
    const add = (index: number, name: string): void => {
      if (index < 0) return;
      const c = builder.stringColumn(name);
      stringCols.push({ index, dict: c.dict, name });
    };
    add(cols.orderId, "\u0000orderId");
    add(cols.product, "\u0000product");
    for (const a of cols.attributes) add(a.index, a.name);
    if (cols.quantity >= 0) builder.quantityColumn();
    if (cols.cost >= 0 || cols.margin >= 0) builder.costColumn();
  };
  if (!opts.header) setColumns(opts.columnNames!);
  const colName = (i: number): string => (opts.columnNames ?? [])[i] ?? `#${i + 1}`;
  let headerNames: string[] = [];

  const onRow = (b: Uint8Array, nf: number, recLine: number): void => {
    const c = cols!;
    builder.report.rowsRead++;
    const name = (i: number): string => headerNames[i] ?? colName(i);
    cb = cell(b, c.date, nf);
    if (!cells.date(cb, ub, ue)) {
      builder.reject("unparseable_date", label, recLine, name(c.date), decoder.decode(cb.subarray(ub, ue)), "cannot read date", dateFix);
      return;
    }
    const day = parsed.day, ms = parsed.ms;
    let amount = 0;
    if (c.amount >= 0) {
      cb = cell(b, c.amount, nf);
      amount = ue > ub ? cells.number(cb, ub, ue) : NaN;
    }
    if (!Number.isFinite(amount)) {
      builder.reject("unparseable_amount", label, recLine, name(c.amount), decoder.decode(cb.subarray(ub, ue)), "cannot read amount", amountFix);
      return;
    }
    let qty = 1, cost = NaN;
    if (c.quantity >= 0) {
      cb = cell(b, c.quantity, nf);
      if (ue > ub) {
        qty = cells.number(cb, ub, ue);
        if (!Number.isFinite(qty)) {
          builder.reject("unparseable_amount", label, recLine, name(c.quantity), decoder.decode(cb.subarray(ub, ue)), "cannot read quantity", "use a plain number");
          return;
        }
      }
    }
    if (c.cost >= 0) {
      cb = cell(b, c.cost, nf);
      if (ue > ub) {
        cost = cells.number(cb, ub, ue);
        if (!Number.isFinite(cost)) {
          builder.reject("unparseable_amount", label, recLine, name(c.cost), decoder.decode(cb.subarray(ub, ue)), "cannot read cost", "use a plain decimal number");
          return;
        }
      }
    }
    if (c.margin >= 0) {
      cb = cell(b, c.margin, nf);
      if (ue > ub) {
        const margin = cells.number(cb, ub, ue);
        if (!Number.isFinite(margin)) {
          builder.reject("unparseable_amount", label, recLine, name(c.margin), decoder.decode(cb.subarray(ub, ue)), "cannot read margin", "use a plain decimal number");
          return;
        }
        cost = amount - margin;
      }
    }
    if (builder.afterEnd(day, label, recLine)) return;
    cb = cell(b, c.customer, nf);
    if (ue === ub) {
      builder.reject("missing_customer", label, recLine, name(c.customer), "", "missing customer id", "every row needs a customer id");
      return;
    }
    // Plain integer ids (no sign, no leading zero, up to 9 digits) take the dictionary's dense integer cache.
    let code: number;
    const len = ue - ub;
    if (len <= 9 && (cb[ub] !== 48 || len === 1)) {
      let v = 0, k = ub;
      for (; k < ue; k++) {
        const d = cb[k]! - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      code = k === ue ? builder.customers.codeOfInt(v) : builder.customers.codeOf(cb, ub, ue);
    } else code = builder.customers.codeOf(cb, ub, ue);
    if (!builder.push(code, day, ms, amount, label, recLine)) return;
    const i = builder.n - 1;
    if (c.quantity >= 0) builder.quantity![i] = qty;
    if (c.cost >= 0 || c.margin >= 0) builder.cost![i] = cost;
    for (const sc of stringCols) {
      cb = cell(b, sc.index, nf);
      // the builder may have grown its arrays since setColumns
      builder.stringCols.get(sc.name)!.codes[i] = sc.dict.codeOf(cb, ub, ue);
    }
  };

  let needHeader = opts.header;
  const onRecord = (b: Uint8Array, nf: number, recLine: number): void => {
    if (nf === 1) {
      cell(b, 0, 1);
      if (ue === ub && fq[0] === 0) return; // blank line
    }
    if (needHeader) {
      needHeader = false;
      onHeader(b, nf);
      if (opts.columnNames) headerNames = [...opts.columnNames];
      else for (let f = 0; f < nf; f++) headerNames.push(f === 0 ? text(b, f, nf).replace(/^\uFEFF/, "") : text(b, f, nf));
      return;
    }
    onRow(b, nf, recLine);
  };

  // Scans records in b[pos, end); returns where the first incomplete record starts (end when all were complete).
  const scan = (b: Uint8Array, pos: number, end: number, final: boolean): number => {
    while (pos < end) {
      const recStart = pos;
      const recLine = line;
      let nf = 0;
      let p = pos;
      let complete = false;
      if (ws) {
        for (;;) {
          while (p < end && (b[p] === 32 || b[p] === 9 || b[p] === 13)) p++;
          if (p >= end) {
            if (!final) break;
            complete = true;
            break;
          }
          if (b[p] === 10) {
            p++;
            line++;
            complete = true;
            break;
          }
          const s = p;
          while (p < end) {
            const c = b[p]!;
            if (c === 32 || c === 9 || c === 13 || c === 10) break;
            p++;
          }
          if (p >= end && !final) break;
          if (nf === fs.length) ({ fs, fe, fq } = growFields(fs, fe, fq));
          fs[nf] = s; fe[nf] = p; fq[nf] = 0;
          nf++;
        }
      } else {
        for (;;) {
          let s = p;
          while (s < end && (b[s] === 32 || b[s] === 9) && b[s] !== delim) s++;
          let fStart: number, fEnd: number, flag = 0;
          if (s < end && b[s] === 34) {
            let q = s + 1;
            let esc = false;
            let closed = false;
            while (q < end) {
              const c = b[q]!;
              if (c === 34) {
                if (q + 1 < end && b[q + 1] === 34) {
                  esc = true;
                  q += 2;
                  continue;
                }
                if (q + 1 >= end && !final) break;
                closed = true;
                break;
              }
              if (c === 10) line++;
              q++;
            }
            if (!closed) {
              if (!final) break;
              throw new Error(`${label} line ${recLine}: unterminated quoted field: close the quote with " (a quote inside a field is written "")`);
            }
            fStart = s + 1; fEnd = q; flag = esc ? 2 : 1;
            p = q + 1;
            while (p < end && b[p] !== delim && b[p] !== 10) p++;
          } else {
            p = s;
            while (p < end) {
              const c = b[p]!;
              if (c === delim || c === 10) break;
              p++;
            }
            fStart = s; fEnd = p;
          }
          if (p >= end && !final) break;
          if (nf === fs.length) ({ fs, fe, fq } = growFields(fs, fe, fq));
          fs[nf] = fStart; fe[nf] = fEnd; fq[nf] = flag;
          nf++;
          if (p >= end) {
            complete = true;
            break;
          }
          if (b[p] === delim) {
            p++;
            continue;
          }
          p++; // newline
          line++;
          complete = true;
          break;
        }
      }
      if (!complete) {
        line = recLine;
        return recStart;
      }
      if (nf > 0) onRecord(b, nf, recLine);
      pos = p;
    }
    return pos;
  };

  const fd = openSync(path, "r");
  try {
    if (opts.header && opts.fromByte > 0) {
      // Incremental continuation: read the header from the start of the file, then jump to fromByte.
      const head = Buffer.allocUnsafe(Math.min(opts.fromByte, 1 << 20));
      const got = readSync(fd, head, 0, head.length, 0);
      const saved = line;
      line = 1;
      const stop = scanHeaderOnly(head.subarray(0, got));
      scan(head, 0, stop, true);
      line = saved;
      needHeader = false;
    }
    let buf = Buffer.allocUnsafe(CHUNK);
    let carry = 0;
    let position = opts.fromByte;
    for (;;) {
      if (buf.length - carry < CHUNK / 2) {
        const next = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(next, 0, 0, carry);
        buf = next;
      }
      const got = readSync(fd, buf, carry, buf.length - carry, position);
      position += got;
      const end = carry + got;
      const final = got === 0;
      builder.reserve(Math.ceil(got / 24));
      const consumed = scan(buf, 0, end, final);
      if (final) break;
      buf.copy(buf, 0, consumed, end);
      carry = end - consumed;
    }
  } finally {
    closeSync(fd);
  }
  if (needHeader) throw new Error(`empty input: ${label} has no header line; give a CSV with a header or set header: false and columnNames`);
  return builder.report.rowsRead - rowsBefore;
}

// End of the first line of a file (the header), including its newline.
function scanHeaderOnly(b: Uint8Array): number {
  let quoted = false;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 34) quoted = !quoted;
    else if (b[i] === 10 && !quoted) return i + 1;
  }
  return b.length;
}

function growFields(fs: Int32Array, fe: Int32Array, fq: Uint8Array): { fs: Int32Array; fe: Int32Array; fq: Uint8Array } {
  const n = fs.length * 2;
  const a = new Int32Array(n), b = new Int32Array(n), c = new Uint8Array(n);
  a.set(fs); b.set(fe); c.set(fq);
  return { fs: a, fe: b, fq: c };
}
