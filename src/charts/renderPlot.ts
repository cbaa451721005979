import * as Plot from "@observablehq/plot";
import { JSDOM } from "jsdom";

/** Options accepted by {@link renderPlot}: Observable Plot's options minus `document`. */
export type PlotOptions = Record<string, unknown> & { marks?: unknown[] };

let dom: JSDOM | undefined;

/**
 * Renders an Observable Plot figure to an SVG (or figure) HTML string without a browser.
 * Output is deterministic: fixed default size (640 × 400) and ids renumbered per figure.
 * @example renderPlot({ marks: [Plot.lineY([1, 2, 3])] })
 */
export function renderPlot(options: PlotOptions): string {
  dom ??= new JSDOM("");
  const el = Plot.plot({ width: 640, height: 400, ...(options as Plot.PlotOptions), document: dom.window.document });
  return normalizeIds(el.outerHTML);
}

/** Plot numbers clip paths and patterns with a global counter; renumber them so snapshots don't depend on call order. */
function normalizeIds(html: string): string {
  const ids = new Map<string, string>();
  for (const m of html.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `clvlab-${ids.size + 1}`);
  let out = html;
  for (const [from, to] of ids) {
    const esc = from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    out = out
      .replace(new RegExp(`id="${esc}"`, "g"), `id="${to}"`)
      .replace(new RegExp(`#${esc}(?=["')])`, "g"), `#${to}`);
  }
  return out;
}
