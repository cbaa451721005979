import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    pool: "forks",
    // One process per worker for all its files, not one per file: starting a fork and importing clvlab afresh for each
    // of ~190 files took about a third of the suite's time. A test that mocks a module loads it afresh (vi.resetModules).
    isolate: false,
  },
});
