// Renders report blocks to Markdown and to a self-contained HTML page (internal).
import type { Block } from "./lensesDocument.js";

const mdCell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** Markdown (GitHub tables); charts become a pointer to the HTML report. */
export function blocksToMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case "h1":
        out.push(`# ${b.text}`);
        break;
      case "h2":
        out.push(`## ${b.text}`);
        break;
      case "h3":
        out.push(`### ${b.text}`);
        break;
      case "p":
        out.push(b.text);
        break;
      case "note":
        out.push(`> ${b.text}`);
        break;
      case "kv":
        out.push(["| | |", "| --- | ---: |", ...b.rows.map(([k, v]) => `| ${mdCell(k)} | ${mdCell(v)} |`)].join("\n"));
        break;
      case "table": {
        const al = b.header.map((_, i) => ((b.align?.[i] ?? "l") === "r" ? "---:" : "---"));
        out.push([`| ${b.header.map(mdCell).join(" | ")} |`, `| ${al.join(" | ")} |`, ...b.rows.map((r) => `| ${r.map(mdCell).join(" | ")} |`)].join("\n"));
        break;
      }
      case "chart":
        out.push(`*Chart: ${b.caption} (see report.html)*`);
        break;
    }
  }
  return out.join("\n\n") + "\n";
}

export const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * Escapes a user-supplied string (a title, a file name) for the reports' inline markup, a Markdown subset: Markdown
 * and HTML metacharacters get a backslash (CommonMark backslash escapes), so `*`, `[link](...)` or `<script>` are shown
 * as typed in report.md and report.html; `_` inside a word stays bare (it cannot start emphasis there); line breaks
 * become spaces.
 * @see https://spec.commonmark.org/0.31.2/#backslash-escapes
 */
export const escapeMarkup = (s: string): string =>
  s.replace(/[\r\n]+/g, " ").replace(/[\\`*[\]<>&~|#!]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, (c) => `\\${c}`);

/** Inline markup to HTML: backslash escapes are literal characters, `*text*` is emphasis, everything else is text. */
const inline = (s: string) => {
  const literal: string[] = [];
  const marked = s.replace(/\\([!-/:-@[-`{-~])/g, (_m, c: string) => `\uE000${literal.push(c) - 1}\uE001`);
  return escapeHtml(marked)
    .replace(/\*([^*]+)\*/g, "<em>$1</em>")
    .replace(/\uE000(\d+)\uE001/g, (_m, i: string) => escapeHtml(literal[Number(i)]!));
};

const CSS = `body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;max-width:1100px;margin:2em auto;padding:0 1em}
h1{font-size:1.8em;border-bottom:2px solid #4682b4;padding-bottom:.2em}h2{margin-top:2em;color:#2c5d8a;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.8em 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 8px}th{background:#f3f6f9;text-align:left}
td.r{text-align:right;font-variant-numeric:tabular-nums}table.kv td:first-child{color:#555}blockquote{color:#555;border-left:3px solid #ccc;margin:.8em 0;padding:.2em .8em;font-size:13px}
figure.chart{margin:1em 0}figure.chart figcaption{color:#666;font-size:13px}svg{max-width:100%;height:auto}`;

/** A self-contained HTML page: inline CSS, charts inlined as SVG (no external assets). */
export function blocksToHtml(blocks: readonly Block[], charts: Readonly<Record<string, string>>, title: string): string {
  const body: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case "h1":
      case "h2":
      case "h3":
        body.push(`<${b.kind}>${inline(b.text)}</${b.kind}>`);
        break;
      case "p":
        body.push(`<p>${inline(b.text)}</p>`);
        break;
      case "note":
        body.push(`<blockquote>${inline(b.text)}</blockquote>`);
        break;
      case "kv":
        body.push(`<table class="kv">${b.rows.map(([k, v]) => `<tr><td>${inline(k)}</td><td class="r">${inline(v)}</td></tr>`).join("")}</table>`);
        break;
      case "table":
        body.push(
          `<table><thead><tr>${b.header.map((h) => `<th>${inline(h)}</th>`).join("")}</tr></thead><tbody>${b.rows
            .map((r) => `<tr>${r.map((c, i) => `<td${(b.align?.[i] ?? "l") === "r" ? ' class="r"' : ""}>${inline(c)}</td>`).join("")}</tr>`)
            .join("")}</tbody></table>`,
        );
        break;
      case "chart": {
        const svg = charts[b.name];
        if (svg) body.push(`<figure class="chart">${svg}<figcaption>${inline(b.caption)}</figcaption></figure>`);
        break;
      }
    }
  }
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${CSS}</style></head><body>\n${body.join("\n")}\n</body></html>\n`;
}
