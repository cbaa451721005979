import { MODEL_IDS } from "../../models/modelIds.js";
// Fixed colours of the validation charts (internal): the same model has the same colour in every chart.
export const ACTUAL_COLOR = "#222222";
const PALETTE: Record<string, string> = {
  "naive-rate": "#bab0ac",
  "naive-cohort": "#9d755d",
  [MODEL_IDS.bgNbd]: "#4c78a8",
  [MODEL_IDS.paretoNbd]: "#f58518",
  [MODEL_IDS.mbgNbd]: "#54a24b",
  stacked: "#e45756",
};

/** Colour scale options for the models (and "actual" first when asked). */
export function modelColors(models: readonly string[], withActual: boolean): { domain: string[]; range: string[] } {
  const domain = [...(withActual ? ["actual"] : []), ...models];
  return { domain, range: domain.map((m) => (m === "actual" ? ACTUAL_COLOR : PALETTE[m] ?? "#72b7b2")) };
}
