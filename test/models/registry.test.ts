// The model registry declares each model once; loadModel and the CLI read it.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BASE_LEARNERS, MODEL_IDS, MODEL_NAMES, MODEL_REGISTRY, isModelName } from "../../src/models/registry.js";
import { loadModel } from "../../src/models/loadModel.js";
import { FIT_MODELS } from "../../src/cli/fit.js";
import { cdnowSummary, readCsv } from "./referenceData.js";

const SRC = resolve(fileURLToPath(new URL("../..", import.meta.url)), "src");
const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith(".ts") ? [join(dir, f)] : []));

describe("model registry", () => {
  it("declares the five models once, with their parameters and columns, in the order the CLI lists them", () => {
    expect(MODEL_NAMES).toEqual(["bg-nbd", "pareto-nbd", "mbg-nbd", "gamma-gamma", "bg-bb"]);
    expect(FIT_MODELS).toEqual(MODEL_NAMES);
    expect(BASE_LEARNERS).toEqual(["bg-nbd", "pareto-nbd"]);
    expect(Object.values(MODEL_IDS).sort()).toEqual([...MODEL_NAMES].sort());
    expect(MODEL_REGISTRY["pareto-nbd"].parameterNames).toEqual(["r", "alpha", "s", "beta"]);
    expect(MODEL_REGISTRY["gamma-gamma"].columns).toEqual(["frequency", "monetaryValue"]);
    for (const id of MODEL_NAMES) expect(MODEL_REGISTRY[id].id).toBe(id);
    expect(isModelName("bg-nbd") && !isModelName("nbd") && !isModelName("toString")).toBe(true);
  });

  it("fits each model through its entry and loads it back from JSON with identical parameters and model id", () => {
    const cdnow = cdnowSummary();
    const gg = readCsv("cdnow/cdnow_customers_summary_with_transactions.csv");
    const donations = readCsv("donations.csv");
    const data = { "bg-nbd": cdnow, "pareto-nbd": cdnow, "mbg-nbd": cdnow, "gamma-gamma": { frequency: gg.x!, monetaryValue: gg.zbar! }, "bg-bb": donations };
    for (const id of MODEL_NAMES) {
      const m = MODEL_REGISTRY[id].fit(data[id]);
      expect(m.model).toBe(id);
      expect(Object.keys(m.params)).toEqual([...MODEL_REGISTRY[id].parameterNames]);
      const back = loadModel(JSON.parse(JSON.stringify(m.toJSON())));
      expect(back.model).toBe(id);
      expect(back.params).toEqual(m.params);
      expect(back.standardErrors).toEqual(m.standardErrors);
    }
  });

  it("the id table lists the registry's models in its order, and its base learners are the registry's", () => {
    expect([...MODEL_NAMES]).toEqual(Object.keys(MODEL_REGISTRY));
    expect([...BASE_LEARNERS]).toEqual(MODEL_NAMES.filter((n) => MODEL_REGISTRY[n].baseLearner));
    for (const n of MODEL_NAMES) expect(isModelName(n)).toBe(true);
    expect(isModelName("bgnbd")).toBe(false);
  });

  it("model ids are spelled as string literals in the registry only (comments aside)", () => {
    const ids = Object.values(MODEL_IDS);
    const offenders: string[] = [];
    for (const f of files(SRC)) {
      // The registry and its import-free id table (models/modelIds.ts).
      if (f.endsWith(join("models", "registry.ts")) || f.endsWith(join("models", "modelIds.ts"))) continue;
      readFileSync(f, "utf8").split("\n").forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, "");
        if (/^\s*(\*|\/\*\*)/.test(line)) return;
        for (const id of ids) if (code.includes(`"${id}"`) || code.includes(`'${id}'`) || code.includes("`" + id + "`")) offenders.push(`${f}:${i + 1}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it("docs/models.md lists every registered model (display name, id and reference) in its model table", () => {
    const doc = readFileSync(resolve(SRC, "../docs/models.md"), "utf8");
    for (const id of MODEL_NAMES) {
      const spec = MODEL_REGISTRY[id];
      const row = doc.split("\n").find((l) => l.startsWith("| ") && l.includes(`\`${id}\``));
      expect(row, id).toBeDefined();
      expect(row).toContain(`| ${spec.displayName} |`);
      expect(row).toContain(spec.reference.split(",")[0]!);
    }
  });
});
