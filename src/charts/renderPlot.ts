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
  dom ??= withCanvasShim(new JSDOM(""));
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

/**
 * jsdom has no canvas. Plot draws a continuous color legend (a "ramp") as a row of 1-pixel rectangles on
 * a canvas and embeds `toDataURL()`; record those rectangles and return them as an SVG image instead,
 * which browsers display the same way and which is deterministic text.
 */
function withCanvasShim(jsdom: JSDOM): JSDOM {
  const proto = jsdom.window.HTMLCanvasElement.prototype as unknown as {
    getContext: (this: HTMLCanvasElementLike) => unknown;
    toDataURL: (this: HTMLCanvasElementLike) => string;
  };
  const pixels = new WeakMap<object, Array<{ x: number; y: number; w: number; h: number; fill: string }>>();
  proto.getContext = function (this: HTMLCanvasElementLike) {
    const rects: Array<{ x: number; y: number; w: number; h: number; fill: string }> = [];
    pixels.set(this, rects);
    const ctx = {
      fillStyle: "black",
      fillRect(x: number, y: number, w: number, h: number) {
        rects.push({ x, y, w, h, fill: String(ctx.fillStyle) });
      },
    };
    return ctx;
  };
  proto.toDataURL = function (this: HTMLCanvasElementLike) {
    const rects = pixels.get(this) ?? [];
    const body = rects.map((r) => `<rect x="${r.x}" y="${r.y}" width="${r.w}" height="${r.h}" fill="${r.fill}"/>`).join("");
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" shape-rendering="crispEdges">${body}</svg>`;
    return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
  };
  return jsdom;
}

interface HTMLCanvasElementLike {
  width: number;
  height: number;
}
