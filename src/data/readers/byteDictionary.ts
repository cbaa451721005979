// Dictionary encoding of byte strings without creating a JS string per row: an open-addressing hash table
// (FNV-1a) whose 32-byte slots hold the hash, the code and the first 20 key bytes inline, so a lookup of a
// known key usually costs one cache miss. Longer keys are compared against a byte pool. A string is made only
// the first time a key is seen. Canonical decimal integers below 2^24 (the usual customer ids) skip the hash table:
// a dense array maps the integer to its code. In-house because no kept library hashes raw byte slices.

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const STRIDE = 8; // Int32 per slot: code + 1, hash, length, 5 words of key bytes
const INLINE = 20;
const DENSE_MAX = 1 << 24;

export class ByteDictionary {
  /**
   * @param denseInts - keep canonical integer keys below 2^24 in a dense array (up to 64 MB) instead of the hash
   *   table: for customer ids, which are mostly such integers. Default false.
   */
  constructor(private readonly denseInts = false) {}

  /** The distinct keys in order of first appearance; code i is strings[i]. */
  readonly strings: string[] = [];
  private slots: Int32Array = new Int32Array(1024 * STRIDE);
  private mask = 1023;
  private keyStart: Int32Array = new Int32Array(256);
  private pool: Uint8Array = new Uint8Array(4096);
  private poolUsed = 0;
  /** Keys in the hash table (integer keys in the dense array are not). */
  private hashed = 0;
  private scratch: Uint8Array = new Uint8Array(256);
  // Cache for non-negative integer ids below DENSE_MAX: id -> code + 1 (integer ids skip hashing entirely).
  private dense: Int32Array = new Int32Array(0);
  private digits: Uint8Array = new Uint8Array(24);

  get size(): number {
    return this.strings.length;
  }

  /** The code of the bytes [s, e) of `b`, adding the key when new. */
  codeOf(b: Uint8Array, s: number, e: number): number {
    const len = e - s;
    if (this.denseInts && len > 0 && len <= 8 && b[s]! >= 48 && b[s]! <= 57 && (b[s] !== 48 || len === 1)) {
      // A canonical integer below 10^8 may take the dense array (see codeOfInt); leading zeros never do ("0123" is text).
      let v = 0, k = s;
      for (; k < e; k++) {
        const d = b[k]! - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (k === e && v < DENSE_MAX) return this.codeOfInt(v);
    }
    let h = 0x811c9dc5 | 0;
    let w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0;
    for (let i = 0; i < len; i++) {
      const c = b[s + i]!;
      h = Math.imul(h ^ c, 0x01000193);
      if (i < INLINE) {
        const sh = (i & 3) << 3;
        switch (i >> 2) {
          case 0: w0 |= c << sh; break;
          case 1: w1 |= c << sh; break;
          case 2: w2 |= c << sh; break;
          case 3: w3 |= c << sh; break;
          default: w4 |= c << sh;
        }
      }
    }
    const slots = this.slots;
    const mask = this.mask;
    let slot = (h ^ (h >>> 16)) & mask;
    for (;;) {
      const p = slot * STRIDE;
      const entry = slots[p]!;
      if (entry === 0) return this.add(b, s, e, h, p, w0, w1, w2, w3, w4);
      if (slots[p + 1] === h && slots[p + 2] === len && slots[p + 3] === w0 && slots[p + 4] === w1 && slots[p + 5] === w2 && slots[p + 6] === w3 && slots[p + 7] === w4) {
        if (len <= INLINE || this.sameTail(entry - 1, b, s, len)) return entry - 1;
      }
      slot = (slot + 1) & mask;
    }
  }

  /**
   * The code of a non-negative safe integer id, equal to the code of its decimal digits as text (so "123" in a
   * CSV and 123 in Parquet are one customer).
   */
  codeOfInt(v: number): number {
    if (this.denseInts && v < DENSE_MAX) {
      if (v >= this.dense.length) {
        const next = new Int32Array(Math.min(DENSE_MAX, Math.max(v + 1, this.dense.length * 2, 1024)));
        next.set(this.dense);
        this.dense = next;
      }
      const hit = this.dense[v]!;
      if (hit !== 0) return hit - 1;
      const code = this.strings.length;
      this.strings.push(String(v));
      this.dense[v] = code + 1;
      return code;
    }
    const d = this.digits;
    let x = v, k = 24;
    do {
      d[--k] = 48 + (x % 10);
      x = Math.floor(x / 10);
    } while (x > 0);
    return this.codeOf(d, k, 24);
  }

  /** The code of a JS string (encoded to UTF-8 first, so codes agree with {@link codeOf}). */
  codeOfString(str: string): number {
    if (str.length * 3 > this.scratch.length) this.scratch = new Uint8Array(str.length * 3 + 16);
    const { written } = encoder.encodeInto(str, this.scratch);
    return this.codeOf(this.scratch, 0, written);
  }

  private sameTail(code: number, b: Uint8Array, s: number, len: number): boolean {
    const ks = this.keyStart[code]!;
    const pool = this.pool;
    for (let i = INLINE; i < len; i++) if (pool[ks + i] !== b[s + i]) return false;
    return true;
  }

  private add(b: Uint8Array, s: number, e: number, h: number, p: number, w0: number, w1: number, w2: number, w3: number, w4: number): number {
    const code = this.strings.length;
    const len = e - s;
    if (code >= this.keyStart.length) {
      const next = new Int32Array(Math.max(this.keyStart.length * 2, code + 1));
      next.set(this.keyStart);
      this.keyStart = next;
    }
    if (len > INLINE) {
      if (this.poolUsed + len > this.pool.length) {
        const next = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + len));
        next.set(this.pool.subarray(0, this.poolUsed));
        this.pool = next;
      }
      this.pool.set(b.subarray(s, e), this.poolUsed);
      this.keyStart[code] = this.poolUsed;
      this.poolUsed += len;
    }
    this.strings.push(decoder.decode(b.subarray(s, e)));
    const slots = this.slots;
    slots[p] = code + 1;
    slots[p + 1] = h;
    slots[p + 2] = len;
    slots[p + 3] = w0;
    slots[p + 4] = w1;
    slots[p + 5] = w2;
    slots[p + 6] = w3;
    slots[p + 7] = w4;
    if (++this.hashed * 2 > this.mask) this.rehash();
    return code;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const next = new Int32Array(size * STRIDE);
    const mask = size - 1;
    const old = this.slots;
    for (let p = 0; p < old.length; p += STRIDE) {
      if (old[p] === 0) continue;
      const h = old[p + 1]!;
      let slot = (h ^ (h >>> 16)) & mask;
      while (next[slot * STRIDE] !== 0) slot = (slot + 1) & mask;
      next.set(old.subarray(p, p + STRIDE), slot * STRIDE);
    }
    this.slots = next;
    this.mask = mask;
  }
}
