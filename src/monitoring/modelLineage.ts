import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { loadArtifact } from "../store/loadArtifact.js";
import type { ClvBundle } from "./clvBundle.js";
import type { ClvPipeline } from "../segmentation/predictor/pipelineTypes.js";

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
  /** What each part started from in this fit (stacked pipelines: warm or cold per part). */
  readonly components?: Readonly<Record<string, string>>;
}

/**
 * The lineage of a stored model, newest first: from `<store>/latest` (or the version given) back through each
 * parent, with the decision, reason, data hash, training end and metrics of every version, and for a stacked pipeline
 * which parts were warm-started. `formatLineage` prints it.
 * @see https://www.w3.org/TR/prov-overview/ (provenance: each version derived from its parent)
 * @example console.log(formatLineage(modelLineage("models")))
 */
export function modelLineage(store: string, from?: string): LineageEntry[] {
  const out: LineageEntry[] = [];
  let art = loadArtifact<ClvBundle | ClvPipeline>(from ? join(store, from) : store);
  for (;;) {
    const b = art.payload;
    const pipeline = b.kind === "clv-pipeline";
    // A pipeline saved by `clvlab train` has no lineage: it is the first version.
    const decision = b.lineage?.decision ?? (pipeline ? "initial" : "unknown");
    const reason = b.lineage?.reason ?? (pipeline ? "trained by clvlab train" : "");
    out.push({ id: art.meta.id, createdAt: art.meta.createdAt, parent: b.lineage?.parent ?? null, decision, reason, dataHash: art.meta.trainingDataHash, trainingEnd: pipeline ? b.calibrationEnd : b.trainingEnd, metrics: art.meta.metrics, ...(b.lineage?.components ? { components: b.lineage.components } : {}) });
    const parent = b.lineage?.parent;
    if (!parent) break;
    if (!existsSync(join(store, parent, "artifact.json"))) {
      const known = readdirSync(store).length;
      throw new Error(`lineage broken: ${art.meta.id} names parent ${parent}, which is not in ${store} (${known} entries): restore it or start a new lineage with --policy full`);
    }
    art = loadArtifact<ClvBundle | ClvPipeline>(join(store, parent));
  }
  return out;
}

/**
 * Plain-text lineage table, newest first.
 * @example formatLineage(modelLineage("models"))
 */
export function formatLineage(entries: readonly LineageEntry[]): string {
  const fit = (e: LineageEntry) =>
    e.metrics.mixture_log_likelihood_per_row !== undefined
      ? `mixture ll/customer ${e.metrics.mixture_log_likelihood_per_row.toFixed(6)}  EM iterations ${e.metrics.mixture_em_iterations ?? "n/a"}`
      : `ll ${Number.isFinite(e.metrics.log_likelihood) ? e.metrics.log_likelihood!.toFixed(3) : "n/a"}  evals ${e.metrics.likelihood_evaluations ?? "n/a"}`;
  const parts = (e: LineageEntry) => (e.components ? `\n    warm: ${Object.keys(e.components).filter((k) => e.components![k]!.startsWith("warm")).join(", ") || "none"}; cold or refit: ${Object.keys(e.components).filter((k) => !e.components![k]!.startsWith("warm")).join(", ")}` : "");
  const rows = entries.map((e) => `${e.id}  ${e.decision.padEnd(7)}  trained to ${e.trainingEnd}  data ${e.dataHash.slice(0, 12)}  ${fit(e)}  parent ${e.parent ?? "-"}\n    ${e.reason}${parts(e)}`);
  return ["version                            decision", ...rows].join("\n");
}
