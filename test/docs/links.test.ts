import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const check = (root?: string) => spawnSync(process.execPath, [join(ROOT, "scripts/check-doc-links.mjs"), ...(root ? [root] : [])], { encoding: "utf8" });

describe("documentation links", () => {
  it("docs/*.md and README.md have no broken relative links or anchors", () => {
    const r = check();
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("reports a missing file and a missing anchor", () => {
    const dir = mkdtempSync(join(tmpdir(), "clvlab-links-"));
    try {
      mkdirSync(join(dir, "docs"));
      writeFileSync(join(dir, "README.md"), "# Title\n[guide](docs/guide.md) [ok](#title)\n");
      writeFileSync(join(dir, "docs", "a.md"), "# A\n[bad](nope.md) [anchor](../README.md#missing)\n");
      const r = check(dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("README.md: docs/guide.md (no such file)");
      expect(r.stderr).toContain("a.md: nope.md (no such file)");
      expect(r.stderr).toContain("a.md: ../README.md#missing (no anchor #missing)");
      expect(r.stderr).toContain("broken links: 3");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
