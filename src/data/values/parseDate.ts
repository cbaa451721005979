// Byte-level date parsing for the loaders (no Date objects or substrings per row).
// Accepted: YYYY-MM-DD, YYYYMMDD, and ISO 8601 date-times YYYY-MM-DD[T| ]HH:MM[:SS[.fff…]] with an optional
// offset Z, ±HH, ±HHMM or ±HH:MM. Naive date-times and dates are read in the load's time zone.
import { daysFromCivil, daysInMonth, type ZoneOffsets } from "./timeZone.js";

const MS_PER_DAY = 86_400_000;

/** Where a parse puts its result: owned by the caller (one per reader), so the hot loop allocates nothing. */
export interface ParsedDate {
  /** Local calendar day (days since 1970-01-01; negative before 1970). */
  day: number;
  /** The instant, epoch milliseconds. */
  ms: number;
}

/** Human description of the accepted formats, for error messages. */
export const DATE_FORMATS = "YYYY-MM-DD, YYYYMMDD or an ISO 8601 date-time such as 2024-01-31T14:05:00Z";

function digits(b: Uint8Array, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = b[i + k]! - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Parses the date in bytes [s, e) of `b` (already trimmed). Returns false when it is not a valid date.
 * On success `out.day` is the local calendar day in `zone` and `out.ms` the instant (epoch ms).
 */
export function parseDateBytes(b: Uint8Array, s: number, e: number, zone: ZoneOffsets, out: ParsedDate): boolean {
  const len = e - s;
  let y: number, m: number, d: number, p: number;
  if (len === 8) {
    y = digits(b, s, 4); m = digits(b, s + 4, 2); d = digits(b, s + 6, 2); p = e;
  } else if (len >= 10 && b[s + 4] === 45 && b[s + 7] === 45) {
    y = digits(b, s, 4); m = digits(b, s + 5, 2); d = digits(b, s + 8, 2); p = s + 10;
  } else return false;
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return false;
  const day = daysFromCivil(y, m, d);
  if (p === e) {
    out.day = day;
    out.ms = zone.localToUtc(day * MS_PER_DAY);
    return true;
  }
  const sep = b[p];
  if (sep !== 84 && sep !== 32 && sep !== 116) return false; // 'T', ' ', 't'
  p++;
  if (e - p < 5 || b[p + 2] !== 58) return false; // HH:MM
  const hh = digits(b, p, 2), mi = digits(b, p + 3, 2);
  if (hh < 0 || hh > 23 || mi < 0 || mi > 59) return false;
  p += 5;
  let ss = 0, frac = 0;
  if (p < e && b[p] === 58) {
    ss = digits(b, p + 1, 2);
    if (ss < 0 || ss > 60) return false;
    p += 3;
    if (p < e && (b[p] === 46 || b[p] === 44)) {
      p++;
      let scale = 100, nd = 0;
      while (p < e && b[p]! >= 48 && b[p]! <= 57) {
        frac += (b[p]! - 48) * scale;
        scale /= 10;
        nd++;
        p++;
      }
      if (nd === 0) return false;
      frac = Math.floor(frac);
    }
  }
  const localMs = day * MS_PER_DAY + ((hh * 60 + mi) * 60 + ss) * 1000 + frac;
  if (p === e) {
    out.day = day;
    out.ms = zone.localToUtc(localMs);
    return true;
  }
  const z = b[p];
  let off: number;
  if (z === 90 || z === 122) {
    if (p + 1 !== e) return false;
    off = 0;
  } else if (z === 43 || z === 45) {
    const rest = e - p - 1;
    const oh = digits(b, p + 1, 2);
    let om = 0;
    if (rest === 2) om = 0;
    else if (rest === 4) om = digits(b, p + 3, 2);
    else if (rest === 5 && b[p + 3] === 58) om = digits(b, p + 4, 2);
    else return false;
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return false;
    off = (z === 45 ? -1 : 1) * (oh * 60 + om);
  } else return false;
  const ms = localMs - off * 60_000;
  out.ms = ms;
  out.day = zone.dayOf(ms);
  return true;
}

const encoder = new TextEncoder();

/** {@link parseDateBytes} for a string (JSON lines, Parquet, arquero), trimmed first; `scratch` (64 bytes, the caller's) holds its UTF-8. */
export function parseDateString(str: string, zone: ZoneOffsets, out: ParsedDate, scratch: Uint8Array): boolean {
  const t = str.trim();
  if (t.length > 64) return false;
  const { written } = encoder.encodeInto(t, scratch);
  return parseDateBytes(scratch, 0, written, zone, out);
}

/** Reads a date given as a JS value: a string, a Date (an instant), or epoch milliseconds. */
export function parseDateValue(v: unknown, zone: ZoneOffsets, out: ParsedDate, scratch: Uint8Array): boolean {
  if (typeof v === "string") return parseDateString(v, zone, out, scratch);
  let ms: number;
  if (v instanceof Date) ms = v.getTime();
  else if (typeof v === "number") ms = v;
  else if (typeof v === "bigint") ms = Number(v);
  else return false;
  if (!Number.isFinite(ms)) return false;
  out.ms = ms;
  out.day = zone.dayOf(ms);
  return true;
}
