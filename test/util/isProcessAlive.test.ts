import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { isProcessAlive } from "../../src/util/isProcessAlive.js";

describe("isProcessAlive", () => {
  it("is true for this process and false for a child that has exited and been reaped (its pid no longer exists)", () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    const child = spawnSync(process.execPath, ["-e", ""]);
    expect(child.status).toBe(0);
    expect(isProcessAlive(child.pid!)).toBe(false);
  });
});
