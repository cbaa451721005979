import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { transactionLogFromRecords } from "../../src/data/transactionLogFromRecords.js";
import { hashTransactionLog } from "../../src/store/hashTransactionLog.js";
import { loadArtifact } from "../../src/store/loadArtifact.js";
import { saveArtifact } from "../../src/store/saveArtifact.js";
import { ARTIFACT_FORMAT_VERSION } from "../../src/store/types.js";

const HASH = "ab".repeat(32);

describe("saveArtifact / loadArtifact", () => {
  it("round-trips a payload with typed arrays exactly and records id, createdAt, hash, metrics, format version", () => {
    const dir = mkdtempSync(join(tmpdir(), "clvlab-store-"));
    const payload = { w: Float64Array.of(0.1, -2.5e-300, Math.PI), labels: Int32Array.of(3, -1), nested: { u: Uint8Array.of(255, 0) }, inf: Infinity, name: "x" };
    const saved = saveArtifact(dir, payload, { trainingDataHash: HASH, metrics: { mae: 0.71 }, createdAt: new Date("2025-01-02T03:04:05.678Z") });
    expect(saved.meta.id).toMatch(/^20250102T030405678Z-[0-9a-f]{8}$/);
    const back = loadArtifact<typeof payload>(saved.path);
    expect(back.payload.w).toBeInstanceOf(Float64Array);
    expect(Array.from(back.payload.w)).toEqual(Array.from(payload.w));
    expect(Array.from(back.payload.labels)).toEqual([3, -1]);
    expect(Array.from(back.payload.nested.u)).toEqual([255, 0]);
    expect(back.payload.inf).toBe(Infinity);
    expect(back.meta).toMatchObject({ trainingDataHash: HASH, metrics: { mae: 0.71 }, formatVersion: ARTIFACT_FORMAT_VERSION, createdAt: "2025-01-02T03:04:05.678Z", kind: "clv-pipeline" });
    // Atomic writes leave no temporary files behind.
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("latest resolves to the newest artefact (store dir, <store>/latest, and without the pointer file)", () => {
    const dir = mkdtempSync(join(tmpdir(), "clvlab-store-"));
    saveArtifact(dir, { v: 1 }, { trainingDataHash: HASH, createdAt: new Date("2025-01-01T00:00:00Z") });
    const b = saveArtifact(dir, { v: 2 }, { trainingDataHash: HASH, createdAt: new Date("2025-02-01T00:00:00Z") });
    expect(loadArtifact<{ v: number }>(join(dir, "latest")).payload.v).toBe(2);
    expect(loadArtifact<{ v: number }>(dir).meta.id).toBe(b.meta.id);
    expect(readFileSync(join(dir, "latest"), "utf8").trim()).toBe(b.meta.id);
  });

  it("refuses an unknown format version with a message that says what to do", () => {
    const dir = mkdtempSync(join(tmpdir(), "clvlab-store-"));
    const a = saveArtifact(dir, { v: 1 }, { trainingDataHash: HASH });
    const file = join(a.path, "artifact.json");
    writeFileSync(file, readFileSync(file, "utf8").replace(`"formatVersion":${ARTIFACT_FORMAT_VERSION}`, '"formatVersion":99'));
    expect(() => loadArtifact(join(dir, "latest"))).toThrow(/unsupported artefact format version 99 .* reads version 1; upgrade clvlab/);
  });

  it("gives a clear error for a missing store", () => {
    expect(() => loadArtifact("/nonexistent/models/latest")).toThrow(/no artefact at \/nonexistent\/models\/latest: train one/);
    const empty = mkdtempSync(join(tmpdir(), "clvlab-store-"));
    expect(() => loadArtifact(join(empty, "latest"))).toThrow(/no artefact in/);
  });

  it("hashTransactionLog changes with any amount and is stable otherwise (SHA-256)", () => {
    const recs = [{ customerId: "a", date: "2024-01-01", amount: 10 }, { customerId: "b", date: "2024-01-02", amount: 5 }];
    const h1 = hashTransactionLog(transactionLogFromRecords(recs));
    expect(hashTransactionLog(transactionLogFromRecords(recs))).toBe(h1);
    expect(hashTransactionLog(transactionLogFromRecords([recs[0]!, { ...recs[1]!, amount: 5.01 }]))).not.toBe(h1);
    expect(h1).toMatch(/^[0-9a-f]{64}$/);
  });
});
