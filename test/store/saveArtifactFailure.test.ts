// A failed artefact write (here a full disk, simulated: ENOSPC from the file system) must leave no folder behind.
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

const failOn = vi.hoisted(() => ({ pattern: null as RegExp | null }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const writeFileSync: typeof fs.writeFileSync = (file, data, options) => {
    if (failOn.pattern && typeof file === "string" && failOn.pattern.test(file))
      throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: "ENOSPC", errno: -28, syscall: "write" });
    return fs.writeFileSync(file, data, options);
  };
  return { ...fs, default: { ...fs, writeFileSync }, writeFileSync };
});

// Test files share one module registry (vitest.config: isolate false): load the store afresh so it sees the mock.
vi.resetModules();
const { saveArtifact } = await import("../../src/store/saveArtifact.js");
const HASH = "cd".repeat(32);

describe("saveArtifact when the disk is full", () => {
  it("removes the new <store>/<id>/ folder and names the path, the cause and the fix", () => {
    const store = mkdtempSync(join(tmpdir(), "clvlab-enospc-"));
    failOn.pattern = /artifact\.json/;
    try {
      expect(() => saveArtifact(store, { w: [1, 2] }, { trainingDataHash: HASH })).toThrow(/^cannot write .*\/artifact\.json: no space left on the device \(ENOSPC\): free some space or write to another disk$/);
    } finally {
      failOn.pattern = null;
    }
    expect(readdirSync(store)).toEqual([]);
  });

  it("removes the artefact folder and a store folder it created when the latest pointer cannot be written", () => {
    const store = join(mkdtempSync(join(tmpdir(), "clvlab-enospc-")), "models");
    failOn.pattern = /latest/;
    try {
      expect(() => saveArtifact(store, { w: [1] }, { trainingDataHash: HASH })).toThrow(/^cannot write .*latest: no space left on the device \(ENOSPC\)/);
    } finally {
      failOn.pattern = null;
    }
    expect(existsSync(store)).toBe(false);
    // And a later save into the same place works and is complete.
    const ok = saveArtifact(store, { w: [1] }, { trainingDataHash: HASH });
    expect(readdirSync(ok.path)).toEqual(["artifact.json"]);
  });
});
