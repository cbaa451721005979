// tslab type-checks notebook cells with its own TypeScript 5.0 (node10 resolution, no `exports` maps).
// These tests keep the published .d.ts usable there, as users import it: `import { ... } from "clvlab"`.
import { createRequire } from "node:module";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync, rmSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "..", "..");
const require = createRequire(import.meta.url);
// tslab's bundled compiler (the one notebooks run), not the project's TypeScript.
const ts = require(join(root, "node_modules", "@tslab", "typescript-for-tslab")) as typeof import("typescript");

function declarationFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? declarationFiles(p) : p.endsWith(".d.ts") ? [p] : [];
  });
}

describe("published declarations under tslab's TypeScript", () => {
  it("uses TypeScript 5.0, as tslab does", () => {
    expect(ts.version).toMatch(/^5\.0\./);
  });

  it("every dist/**/*.d.ts parses without syntax errors", () => {
    const dist = join(root, "dist");
    expect(existsSync(join(dist, "index.d.ts")), "run `npm run build` first").toBe(true);
    const bad: string[] = [];
    for (const file of declarationFiles(dist)) {
      const src = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
      const diags = (src as unknown as { parseDiagnostics: import("typescript").Diagnostic[] }).parseDiagnostics;
      for (const d of diags) bad.push(`${file}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    }
    expect(bad).toEqual([]);
  });

  it("a notebook-style snippet importing clvlab type-checks with node10 resolution", () => {
    mkdirSync(join(root, ".jupyter-runtime"), { recursive: true });
    const dir = mkdtempSync(join(root, ".jupyter-runtime", "types-"));
    try {
      const file = join(dir, "cell.ts");
      writeFileSync(
        file,
        [
          'import * as clv from "clvlab";',
          'import { renderPlot, createRng, transactionLogFromRecords } from "clvlab";',
          'import * as Plot from "@observablehq/plot";',
          "const rng = createRng(1);",
          "const u: number = rng.uniform();",
          'const log = transactionLogFromRecords([{ customerId: "a", date: "2024-01-02", amount: 10 }]);',
          "const n: number = log.length + u;",
          "const svg: string = renderPlot({ marks: [Plot.dot([[1, n]])] });",
          "const names: string[] = Object.keys(clv);",
          "export { svg, names };",
        ].join("\n"),
      );
      const program = ts.createProgram([file], {
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        target: ts.ScriptTarget.ES2022,
        lib: ["lib.es2022.d.ts"],
        esModuleInterop: true,
        skipLibCheck: true,
        noEmit: true,
        types: [],
      });
      const diags = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      expect(diags).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
