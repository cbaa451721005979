// JSON codec that keeps typed arrays exact (base64 of their little-endian bytes) and non-finite numbers.
const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;
type TypedName = keyof typeof TYPED;

export function encodeArtifactJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const name = v.constructor.name as TypedName;
      if (!(name in TYPED)) throw new Error(`cannot store a ${name}: use a Float64Array, Int32Array or Uint8Array`);
      return { $typed: name, base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") };
    }
    if (typeof v === "number" && !Number.isFinite(v)) return { $number: String(v) };
    return v;
  });
}

export function decodeArtifactJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === "object" && "$typed" in v) {
      const { $typed, base64 } = v as { $typed: TypedName; base64: string };
      const Ctor = TYPED[$typed];
      if (!Ctor) throw new Error(`unknown typed array ${JSON.stringify($typed)} in artefact`);
      const bytes = Buffer.from(base64, "base64");
      // Copy into a fresh, aligned buffer.
      const buf = new ArrayBuffer(bytes.length);
      new Uint8Array(buf).set(bytes);
      return new Ctor(buf);
    }
    if (v && typeof v === "object" && "$number" in v) return Number((v as { $number: string }).$number);
    return v;
  });
}
