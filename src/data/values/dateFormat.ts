// Day-first, month-first and other non-ISO date layouts (DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY ...), rewritten to
// ISO bytes so the one ISO parser (parseDateBytes) does the calendar and time-zone work. Written in-house: the
// loader parses bytes without per-row strings, which date libraries do not.
import { DATE_FORMATS, parseDateBytes, type ParsedDate } from "./parseDate.js";
import type { ZoneOffsets } from "./timeZone.js";

/** A compiled date layout: the order of year, month and day, and the one separator between them. */
export interface DateLayout {
  /** The layout as given, e.g. "DD/MM/YYYY". */
  readonly text: string;
  readonly order: readonly ("Y" | "M" | "D")[];
  /** Separator byte between the fields (0 when the fields are adjacent, as in DDMMYYYY). */
  readonly sep: number;
}

/** Layouts accepted by {@link compileDateFormat}, for messages. */
export const DATE_LAYOUTS = "YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY, YYYY/MM/DD, DD.MM.YYYY, DD-MM-YYYY, MM-DD-YYYY or DDMMYYYY";

/**
 * Compiles a date layout made of YYYY, MM and DD with one separator ("/", ".", "-" or none). Day and month may
 * have one or two digits in the data; a time after a space or "T" is read as in ISO 8601.
 * @example compileDateFormat("DD/MM/YYYY") // { order: ["D", "M", "Y"], sep: 47 }
 */
export function compileDateFormat(text: string): DateLayout {
  const m = /^(YYYY|MM|DD)([/.-]?)(YYYY|MM|DD)\2(YYYY|MM|DD)$/.exec(text.trim().toUpperCase());
  const order = m ? [m[1]![0], m[3]![0], m[4]![0]] as ("Y" | "M" | "D")[] : [];
  if (!m || new Set(order).size !== 3) throw new Error(`invalid date format ${JSON.stringify(text)}: use ${DATE_LAYOUTS}`);
  return { text, order, sep: m[2] ? m[2].charCodeAt(0) : 0 };
}

/**
 * Parses bytes [s, e) of `b` in `layout` (plus an optional ISO time) into `out`, as {@link parseDateBytes} does;
 * `iso` is scratch space (96 bytes) for the rewritten ISO text.
 */
export function parseDateLayoutBytes(b: Uint8Array, s: number, e: number, zone: ZoneOffsets, layout: DateLayout, out: ParsedDate, iso: Uint8Array): boolean {
  const v = { Y: -1, M: -1, D: -1 };
  let p = s;
  for (let k = 0; k < 3; k++) {
    const f = layout.order[k]!;
    const maxDigits = f === "Y" ? 4 : 2;
    // Without a separator every field has its full width; with one, day and month may have one digit.
    const minDigits = layout.sep === 0 || f === "Y" ? maxDigits : 1;
    let n = 0, val = 0;
    while (p < e && n < maxDigits && b[p]! >= 48 && b[p]! <= 57) {
      val = val * 10 + b[p]! - 48;
      p++;
      n++;
    }
    if (n < minDigits) return false;
    v[f] = val;
    if (k < 2 && layout.sep !== 0) {
      if (b[p] !== layout.sep) return false;
      p++;
    }
  }
  const rest = e - p;
  if (rest > 0 && b[p] !== 32 && b[p] !== 84 && b[p] !== 116) return false;
  if (10 + rest > iso.length) return false;
  const put = (at: number, x: number, w: number): void => {
    for (let i = w - 1; i >= 0; i--, x = Math.floor(x / 10)) iso[at + i] = 48 + (x % 10);
  };
  put(0, v.Y, 4);
  iso[4] = 45;
  put(5, v.M, 2);
  iso[7] = 45;
  put(8, v.D, 2);
  for (let i = 0; i < rest; i++) iso[10 + i] = b[p + i]!;
  return parseDateBytes(iso, 0, 10 + rest, zone, out);
}

/**
 * A number written with a decimal comma ("12,50"). A point in such a number is refused (NaN) rather than read
 * as a thousands separator, so "1.250" never silently becomes 1250 or 1.25.
 * @example parseDecimalCommaBytes(new TextEncoder().encode("12,5"), 0, 4, parseNumberBytes) // 12.5
 */
export function parseDecimalCommaBytes(b: Uint8Array, s: number, e: number, plain: (b: Uint8Array, s: number, e: number) => number, numScratch = new Uint8Array(64)): number {
  if (e - s > numScratch.length) return NaN;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c === 46) return NaN;
    numScratch[i - s] = c === 44 ? 46 : c;
  }
  return plain(numScratch, 0, e - s);
}

const textEncoder = new TextEncoder();

/** Cell parsers of one load: dates in the load's layout (ISO when none is given) into `out`, numbers with a decimal point or comma. */
export interface CellParsers {
  /** True when the load gives a date layout or a decimal comma (text cells then go through these parsers). */
  readonly custom: boolean;
  date(b: Uint8Array, s: number, e: number, out: ParsedDate): boolean;
  dateString(text: string, out: ParsedDate): boolean;
  number(b: Uint8Array, s: number, e: number): number;
  numberString(text: string): number;
}

/**
 * The date and number parsers for a load with an optional date layout and decimal comma.
 * @example cellParsers(zone, compileDateFormat("DD/MM/YYYY"), false, parseNumberBytes).dateString("31/01/2024")
 */
export function cellParsers(zone: ZoneOffsets, layout: DateLayout | undefined, decimalComma: boolean, plain: (b: Uint8Array, s: number, e: number) => number): CellParsers {
  // Scratch buffers of this load (no module-level state).
  const iso = new Uint8Array(96), numScratch = new Uint8Array(64), strScratch = new Uint8Array(96);
  const date = layout
    ? (b: Uint8Array, s: number, e: number, out: ParsedDate) => parseDateLayoutBytes(b, s, e, zone, layout, out, iso)
    : (b: Uint8Array, s: number, e: number, out: ParsedDate) => parseDateBytes(b, s, e, zone, out);
  const number = decimalComma ? (b: Uint8Array, s: number, e: number) => parseDecimalCommaBytes(b, s, e, plain, numScratch) : plain;
  const encode = (text: string): number => {
    const t = text.trim();
    return t.length > 64 ? -1 : textEncoder.encodeInto(t, strScratch).written;
  };
  return {
    custom: layout !== undefined || decimalComma,
    date,
    dateString: (text, out) => {
      const n = encode(text);
      return n >= 0 && date(strScratch, 0, n, out);
    },
    number,
    numberString: (text) => {
      const n = encode(text);
      return n > 0 ? number(strScratch, 0, n) : NaN;
    },
  };
}

/** The fix printed with a date or amount the load cannot read, for the load's layout and decimal mark. */
export function cellFixes(layout: DateLayout | undefined, decimalComma: boolean): { date: string; amount: string } {
  return {
    date: layout ? `the dates should be ${layout.text}; give the layout of the file with dateFormat (CLI --date-format)` : `use ${DATE_FORMATS}, or give the layout with dateFormat (CLI --date-format), e.g. DD/MM/YYYY`,
    amount: decimalComma
      ? "use a number with a decimal comma such as 12,50 (no point, currency sign or thousands separator)"
      : "use a plain decimal number such as 12.50 (no currency sign or thousands separator; decimalComma (CLI --decimal-comma) reads 12,50)",
  };
}
