// Sources expanded into the files and tables a load reads (folders recursively, dangling symbolic links reported)
// and each file's format, kept apart from the load so the source rules read in one place.
import { readdirSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { ioError } from "./ioError.js";
import { isArqueroLike, type ArqueroLike } from "./readers/readArquero.js";

/** A file path (file or folder), an arquero table, or a list of them. */
export type TransactionSource = string | ArqueroLike;

const TEXT_EXT = new Set([".csv", ".tsv", ".txt", ".dat", ".psv"]);
const DATA_EXT = new Set([...TEXT_EXT, ".parquet", ".pq", ".jsonl", ".ndjson"]);

/** The extension that decides the format: ".csv" for "a.csv" and for "a.csv.gz". */
function dataExt(name: string): { ext: string; gzip: boolean } {
  const ext = extname(name).toLowerCase();
  if (ext !== ".gz") return { ext, gzip: false };
  return { ext: extname(name.slice(0, -3)).toLowerCase(), gzip: true };
}

/** Files of a folder, recursively in name order; dangling symbolic links are reported through `skip`. */
function listFolder(dir: string, skip: (path: string, reason: "dangling_symlink") => void): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw ioError(err, dir, "read the folder");
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith(".")) continue;
    const p = join(dir, entry.name);
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      if (!DATA_EXT.has(dataExt(entry.name).ext) && extname(entry.name) !== "") continue;
      try {
        isDir = statSync(p).isDirectory();
      } catch (err) {
        // A link to nothing (a file moved or deleted) holds no rows: skip it, counted, instead of failing the load.
        if ((err as NodeJS.ErrnoException).code === "ENOENT") {
          if (DATA_EXT.has(dataExt(entry.name).ext)) skip(p, "dangling_symlink");
          continue;
        }
        throw ioError(err, p, "read");
      }
    }
    if (isDir) out.push(...listFolder(p, skip));
    else if (DATA_EXT.has(dataExt(entry.name).ext)) out.push(p);
  }
  return out;
}

export type Item = { file: string } | { table: ArqueroLike; label: string };

/** Expands folders (recursively) into files; tables pass through. */
export function expandSources(list: readonly TransactionSource[], skip: (path: string, reason: "dangling_symlink") => void): Item[] {
  const items: Item[] = [];
  list.forEach((src, k) => {
    if (typeof src === "string") {
      let st;
      try {
        st = statSync(src);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new Error(`no such file or folder ${JSON.stringify(src)}: check the path`);
        throw ioError(err, src, "read");
      }
      if (st.isDirectory()) {
        const files = listFolder(src, skip);
        if (files.length === 0) throw new Error(`empty input: folder ${src} has no data files (.csv, .tsv, .txt, .parquet, .jsonl, .csv.gz)`);
        for (const f of files) items.push({ file: f });
      } else items.push({ file: src });
    } else if (isArqueroLike(src)) items.push({ table: src, label: `table ${k + 1}` });
    else throw new Error(`invalid source ${String(src)}: pass a file path, a folder path or an arquero table`);
  });
  return items;
}

/** The format of a file: by the `format` option, else by its extension (a `.gz` suffix means gzip). */
export function kindOf(file: string, format: string): { kind: "csv" | "parquet" | "jsonl"; gzip: boolean; ext: string } {
  const { ext, gzip } = dataExt(file);
  const kind = format !== "auto" ? (format as "csv" | "parquet" | "jsonl") : ext === ".parquet" || ext === ".pq" ? "parquet" : ext === ".jsonl" || ext === ".ndjson" ? "jsonl" : "csv";
  return { kind, gzip, ext };
}
