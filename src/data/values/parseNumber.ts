// Byte-level decimal parsing: an integer mantissa over an exact power of ten is correctly rounded, so the
// result equals Number(text) for plain decimals of up to 15 digits; anything else takes the slow path.

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const decoder = new TextDecoder();

/** The number in bytes [s, e) of `b` (trimmed), or NaN when it is not a plain decimal number. */
export function parseNumberBytes(b: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (i < e && (b[i] === 45 || b[i] === 43)) {
    neg = b[i] === 45;
    i++;
  }
  let m = 0, nd = 0, scale = 0, dot = false;
  for (; i < e; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      nd++;
      if (dot) scale++;
    } else if (c === 46 && !dot) dot = true;
    else break;
  }
  if (i === e && nd > 0 && nd <= 15) {
    const v = scale ? m / POW10[scale]! : m;
    return neg ? -v : v;
  }
  return parseNumberString(decoder.decode(b.subarray(s, e)));
}

/** A number from text: plain decimals and exponents only (no thousands separators, currency signs or hex). */
export function parseNumberString(text: string): number {
  const t = text.trim();
  return PLAIN.test(t) ? Number(t) : NaN;
}

/** A number from a JS value (JSON lines, Parquet, arquero): numbers, bigints and numeric strings. */
export function parseNumberValue(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") return parseNumberString(v);
  if (typeof v === "bigint") return Number(v);
  return NaN;
}
