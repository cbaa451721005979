import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadArtifact } from "../../src/store/loadArtifact.js";
import { saveArtifact } from "../../src/store/saveArtifact.js";
import { ARTIFACT_FORMAT_VERSION } from "../../src/store/types.js";

const HASH = "cd".repeat(32);
const store = () => mkdtempSync(join(tmpdir(), "clvlab-store-err-"));

describe("loadArtifact paths", () => {
  it("reads the same artefact from <store>/<id>, its artifact.json and the store", () => {
    const dir = store();
    const a = saveArtifact(dir, { v: Float64Array.of(1.5, NaN, -Infinity) }, { trainingDataHash: HASH, kind: "test-kind" });
    for (const p of [a.path, join(a.path, "artifact.json"), dir]) {
      const back = loadArtifact<{ v: Float64Array }>(p);
      expect(back.meta.id).toBe(a.meta.id);
      expect(back.meta.kind).toBe("test-kind");
      expect(back.meta.writtenBy).toMatch(/^clvlab \d+\.\d+\.\d+$/);
      expect(Object.is(back.payload.v[1], NaN)).toBe(true);
      expect([...back.payload.v]).toEqual([1.5, NaN, -Infinity]);
    }
  });

  it("gives two saves at the same instant with the same content distinct ids (suffix -2), latest naming the second", () => {
    const dir = store();
    const at = new Date("2025-03-04T05:06:07.000Z");
    const a = saveArtifact(dir, { v: 1 }, { trainingDataHash: HASH, createdAt: at });
    const b = saveArtifact(dir, { v: 1 }, { trainingDataHash: HASH, createdAt: at });
    expect(b.meta.id).toBe(`${a.meta.id}-2`);
    expect(readFileSync(join(dir, "latest"), "utf8")).toBe(`${b.meta.id}\n`);
  });
});

describe("loadArtifact errors name the file and the fix", () => {
  it("a damaged artifact.json", () => {
    const dir = store();
    const a = saveArtifact(dir, { v: 1 }, { trainingDataHash: HASH });
    writeFileSync(join(a.path, "artifact.json"), '{"meta": {"formatVersion": 1}, "payl');
    expect(() => loadArtifact(a.path)).toThrow(/^cannot read artefact .*artifact\.json: .*; the file is damaged: retrain with `clvlab train`$/);
  });

  it("a JSON file that is not an artefact", () => {
    const dir = store();
    const f = join(dir, "other.json");
    writeFileSync(f, '{"model": "bg-nbd"}');
    expect(() => loadArtifact(f)).toThrow(`${f} is not a clvlab artefact (no meta.formatVersion): point --model at a directory written by \`clvlab train\``);
  });

  it("an older format version asks for a retrain (a newer one for an upgrade)", () => {
    const dir = store();
    const a = saveArtifact(dir, { v: 1 }, { trainingDataHash: HASH });
    const file = join(a.path, "artifact.json");
    writeFileSync(file, readFileSync(file, "utf8").replace(`"formatVersion":${ARTIFACT_FORMAT_VERSION}`, '"formatVersion":0'));
    expect(() => loadArtifact(a.path)).toThrow(`unsupported artefact format version 0 in ${file}: this clvlab reads version ${ARTIFACT_FORMAT_VERSION}; retrain with \`clvlab train\``);
  });

  it("a latest pointer naming a removed artefact", () => {
    const dir = store();
    saveArtifact(dir, { v: 1 }, { trainingDataHash: HASH });
    writeFileSync(join(dir, "latest"), "20990101T000000000Z-deadbeef\n");
    expect(() => loadArtifact(join(dir, "latest"))).toThrow(`${join(dir, "latest")} points to "20990101T000000000Z-deadbeef", which has no artifact.json: retrain, or edit latest to name an existing artefact`);
    writeFileSync(join(dir, "latest"), "\n");
    expect(() => loadArtifact(join(dir, "latest"))).toThrow(/points to "", which has no artifact\.json/);
  });

  it("a store folder without artefacts, and a folder path that does not exist (the fix names the store)", () => {
    const dir = store();
    mkdirSync(join(dir, "not-an-artefact"));
    expect(() => loadArtifact(dir)).toThrow(`no artefact in ${dir} (asked for ${dir}): train one with \`clvlab train ... --out ${dir}\``);
    expect(() => loadArtifact(join(dir, "missing"))).toThrow(`no artefact at ${join(dir, "missing")}: train one with \`clvlab train ... --out ${join(dir, "missing")}\``);
  });

  it("an unknown typed array tag inside the payload", () => {
    const dir = store();
    const a = saveArtifact(dir, { v: Int32Array.of(1) }, { trainingDataHash: HASH });
    const file = join(a.path, "artifact.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('"$typed":"Int32Array"', '"$typed":"Float16Array"'));
    expect(() => loadArtifact(a.path)).toThrow(/cannot read artefact .*: unknown typed array "Float16Array" in artefact; the file is damaged/);
  });
});

describe("saveArtifact refuses what it cannot store faithfully", () => {
  it("a training-data hash that is not a hex digest, a non-numeric metric, a BigInt64Array", () => {
    const dir = store();
    expect(() => saveArtifact(dir, {}, { trainingDataHash: "not-a-hash" })).toThrow('invalid trainingDataHash "not-a-hash": use the hex digest from hashTransactionLog');
    expect(() => saveArtifact(dir, {}, { trainingDataHash: HASH, metrics: { mae: "0.7" as unknown as number } })).toThrow("metric mae is string: metrics must be numbers");
    expect(() => saveArtifact(dir, { big: new BigInt64Array(1) }, { trainingDataHash: HASH })).toThrow("cannot store a BigInt64Array: use a Float64Array, Int32Array or Uint8Array");
  });
});
