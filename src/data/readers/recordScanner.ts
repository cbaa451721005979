// Record scanning for the delimited reader: finds the records and field bounds of a byte buffer in place (RFC 4180
// quotes; LF, CRLF or a bare CR ends a line), without decoding anything.

/**
 * Finds records in a byte buffer without copying: field bounds go to `fs`/`fe`, `fq` marks quoted fields
 * (1) and quoted fields with `""` escapes (2). `line` is the line number of the next record.
 */
export class RecordScanner {
  fs: Int32Array = new Int32Array(64);
  fe: Int32Array = new Int32Array(64);
  fq: Uint8Array = new Uint8Array(64);
  line = 1;
  /** Fields of the last record scanned. */
  private nf = 0;
  /** Whether the last quoted field scanned holds `""` escapes. */
  private escaped = false;

  constructor(private readonly delim: number, private readonly label: string) {}

  private grow(): void {
    const n = this.fs.length * 2;
    const a = new Int32Array(n), b = new Int32Array(n), c = new Uint8Array(n);
    a.set(this.fs); b.set(this.fe); c.set(this.fq);
    this.fs = a; this.fe = b; this.fq = c;
  }

  /**
   * Scans records in b[pos, end) and calls `onRecord` for each complete one (stopping when it returns false).
   * Returns where the first incomplete record starts (`end` when all were complete). With `final` no more
   * bytes follow; with `defer` too, a last record without a line end is still incomplete.
   */
  scan(b: Uint8Array, pos: number, end: number, final: boolean, defer: boolean, onRecord: (b: Uint8Array, nf: number, line: number) => boolean): number {
    const more = !final || defer; // a record running into `end` may still grow
    while (pos < end) {
      const recLine = this.line;
      const next = this.delim < 0 ? this.whitespaceRecord(b, pos, end, final, more) : this.delimitedRecord(b, pos, end, final, more, recLine);
      if (next < 0) {
        this.line = recLine;
        return pos;
      }
      pos = next;
      if (this.nf > 0 && !onRecord(b, this.nf, recLine)) return pos;
    }
    return pos;
  }

  /** Fields of the record in a whitespace-separated buffer at `p`: where the next record starts, -1 when incomplete. */
  private whitespaceRecord(b: Uint8Array, p: number, end: number, final: boolean, more: boolean): number {
    let nf = 0;
    for (;;) {
      while (p < end && (b[p] === 32 || b[p] === 9)) p++;
      if (p >= end) {
        this.nf = nf;
        return more ? -1 : p;
      }
      const c = b[p]!;
      if (c === 10 || c === 13) {
        this.nf = nf;
        return this.afterLineEnd(b, p, end, final);
      }
      const s = p;
      while (p < end) {
        const x = b[p]!;
        if (x === 32 || x === 9 || x === 13 || x === 10) break;
        p++;
      }
      if (p >= end && more) return -1;
      if (nf === this.fs.length) this.grow();
      this.fs[nf] = s; this.fe[nf] = p; this.fq[nf] = 0;
      nf++;
    }
  }

  /** Fields of the record in a delimited buffer at `p`: where the next record starts, -1 when incomplete. */
  private delimitedRecord(b: Uint8Array, p: number, end: number, final: boolean, more: boolean, recLine: number): number {
    const delim = this.delim;
    let nf = 0;
    for (;;) {
      let s = p;
      while (s < end && (b[s] === 32 || b[s] === 9) && b[s] !== delim) s++;
      let fStart: number, fEnd: number, flag = 0;
      if (s < end && b[s] === 34) {
        const q = this.closingQuote(b, s, end, more);
        if (q < 0) {
          if (more) return -1;
          throw new Error(`${this.label} line ${recLine}: unterminated quoted field: close the quote with " (a quote inside a field is written "")`);
        }
        fStart = s + 1; fEnd = q; flag = this.escaped ? 2 : 1;
        p = q + 1;
        while (p < end && b[p] !== delim && b[p] !== 10 && b[p] !== 13) p++;
      } else {
        p = s;
        while (p < end) {
          const c = b[p]!;
          if (c === delim || c === 10 || c === 13) break;
          p++;
        }
        fStart = s; fEnd = p;
      }
      if (p >= end && more) return -1;
      if (nf === this.fs.length) this.grow();
      this.fs[nf] = fStart; this.fe[nf] = fEnd; this.fq[nf] = flag;
      nf++;
      this.nf = nf;
      if (p >= end) return p;
      if (b[p] === delim) {
        p++;
        continue;
      }
      return this.afterLineEnd(b, p, end, final);
    }
  }

  /**
   * The closing quote of the quoted field opening at `s` (sets `escaped` when the field holds `""`), or -1 when the
   * buffer ends first. Line breaks inside the quotes are data but still count as lines of the file.
   */
  private closingQuote(b: Uint8Array, s: number, end: number, more: boolean): number {
    let q = s + 1;
    this.escaped = false;
    while (q < end) {
      const c = b[q]!;
      if (c === 34) {
        if (q + 1 < end && b[q + 1] === 34) {
          this.escaped = true;
          q += 2;
          continue;
        }
        if (q + 1 >= end && more) return -1;
        return q;
      }
      if (c === 10 || (c === 13 && b[q + 1] !== 10)) this.line++;
      q++;
    }
    return -1;
  }

  /** Past the line end at `p`, counting the line; -1 when a CR ends the buffer and an LF may follow. */
  private afterLineEnd(b: Uint8Array, p: number, end: number, final: boolean): number {
    const after = lineEnd(b, p, end, final);
    if (after >= 0) this.line++;
    return after;
  }
}

/** The byte after the line end at `p` (LF, CRLF or a bare CR), or -1 when a CR ends the buffer and an LF may follow. */
function lineEnd(b: Uint8Array, p: number, end: number, final: boolean): number {
  if (b[p] === 10) return p + 1;
  if (p + 1 < end) return b[p + 1] === 10 ? p + 2 : p + 1;
  return final ? p + 1 : -1;
}

export function hasContent(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (b[i] !== 32 && b[i] !== 9 && b[i] !== 10 && b[i] !== 13) return true;
  return false;
}
