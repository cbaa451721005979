import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { loadArtifact } from "../store/loadArtifact.js";
import type { ClvBundle } from "./clvBundle.js";

/** One version in a model's lineage. */
export interface LineageEntry {
  readonly id: string;
  readonly createdAt: string;
  readonly parent: string | null;
  readonly decision: string;
  readonly reason: string;
  readonly dataHash: string;
  readonly trainingEnd: string;
  readonly metrics: Readonly<Record<string, number>>;
}

/**
 * The lineage of a stored model, newest first: from `<store>/latest` (or the version given) back through each
 * parent, with the decision, reason, data hash, training end and metrics of every version. `formatLineage` prints it.
 * @see https://www.w3.org/TR/prov-overview/ (provenance: each version derived from its parent)
 * @example console.log(formatLineage(modelLineage("models")))
 */
export function modelLineage(store: string, from?: string): LineageEntry[] {
  const out: LineageEntry[] = [];
  let art = loadArtifact<ClvBundle>(from ? join(store, from) : store);
  for (;;) {
    const b = art.payload;
    out.push({ id: art.meta.id, createdAt: art.meta.createdAt, parent: b.lineage?.parent ?? null, decision: b.lineage?.decision ?? "unknown", reason: b.lineage?.reason ?? "", dataHash: art.meta.trainingDataHash, trainingEnd: b.trainingEnd, metrics: art.meta.metrics });
    const parent = b.lineage?.parent;
    if (!parent) break;
    if (!existsSync(join(store, parent, "artifact.json"))) {
      const known = readdirSync(store).length;
      throw new Error(`lineage broken: ${art.meta.id} names parent ${parent}, which is not in ${store} (${known} entries): restore it or start a new lineage with --policy full`);
    }
    art = loadArtifact<ClvBundle>(join(store, parent));
  }
  return out;
}

/**
 * Plain-text lineage table, newest first.
 * @example formatLineage(modelLineage("models"))
 */
export function formatLineage(entries: readonly LineageEntry[]): string {
  const rows = entries.map((e) => `${e.id}  ${e.decision.padEnd(7)}  trained to ${e.trainingEnd}  data ${e.dataHash.slice(0, 12)}  ll ${Number.isFinite(e.metrics.log_likelihood) ? e.metrics.log_likelihood!.toFixed(3) : "n/a"}  evals ${e.metrics.likelihood_evaluations ?? "n/a"}  parent ${e.parent ?? "-"}\n    ${e.reason}`);
  return ["version                            decision", ...rows].join("\n");
}
