import * as Plot from "@observablehq/plot";
import { JSDOM } from "jsdom";

/** Options accepted by {@link renderPlot}: Observable Plot's options minus `document`. */
export type PlotOptions = Record<string, unknown> & { marks?: unknown[] };

let dom: JSDOM | undefined;

/**
 * Renders an Observable Plot figure to an SVG (or figure) HTML string without a browser.
 * Output is deterministic: fixed default size (640 × 400) and ids renumbered per figure. The left margin grows to
 * fit the longest y tick label (Plot's default of 40 px clips "18,000" or "-12,345"), so no label is cut.
 * @example renderPlot({ marks: [Plot.lineY([1, 2, 3])] })
 */
export function renderPlot(options: PlotOptions): string {
  dom ??= withCanvasShim(new JSDOM(""));
  const draw = (o: PlotOptions) => Plot.plot({ width: 640, height: 400, ...(o as Plot.PlotOptions), document: dom!.window.document }).outerHTML;
  let html = draw(options);
  const need = leftLabelWidth(html);
  const have = typeof options.marginLeft === "number" ? options.marginLeft : 40;
  if (need > have) html = draw({ ...options, marginLeft: Math.ceil(need) });
  return normalizeIds(html);
}

/** Approximate advance of a character at Plot's 10 px sans-serif (digits are tabular, about 0.6 em). */
function charWidth(ch: string): number {
  if (/[-0-9$€£¥+−]/.test(ch)) return 6.2;
  if (/[,.:;'|!iIl ]/.test(ch)) return 3.2;
  if (/[mwMW%]/.test(ch)) return 9;
  if (/[A-Z]/.test(ch)) return 7.4;
  return 6.2;
}

/**
 * The left margin the y tick labels of a rendered figure need: tick (6 px) + padding (3 px) + the widest
 * right-anchored label + 4 px of air. 0 when there are none.
 */
export function leftLabelWidth(html: string): number {
  let widest = 0;
  for (const g of html.matchAll(/<g aria-label="f?y-axis tick label"[^>]*text-anchor="end"[^>]*>([\s\S]*?)<\/g>/g))
    for (const t of g[1]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)) {
      const text = t[1]!.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      let w = 0;
      for (const ch of text) w += charWidth(ch);
      if (w > widest) widest = w;
    }
  return widest > 0 ? widest + 13 : 0;
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
