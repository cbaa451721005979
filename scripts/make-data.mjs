// Regenerates the shipped data sets in data/ (run after `npm run build`):
//   data/texas_transactions.csv  from generateTexasRetail({ seed: TEXAS_SEED })
//   data/cdnow_transactions.csv  tidy CSV of ../shared/data/cdnow/CDNOW_sample.txt (customer_id = the sample id)
// Usage: node scripts/make-data.mjs [path to the shared data folder, default ../shared/data]
import { readFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { generateTexasRetail, writeFileAtomic } from "../dist/index.js";

export const TEXAS_SEED = 2024;
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const shared = resolve(process.argv[2] ?? join(root, "..", "shared", "data"));

const tx = generateTexasRetail({ seed: TEXAS_SEED });
writeFileAtomic(join(root, "data", "texas_transactions.csv"), tx.toCsv());
console.log(`data/texas_transactions.csv: ${tx.log.length} rows, ${tx.log.customerIds.length} customers`);

// CDNOW_sample.txt: whitespace-separated, no header: master id, sample id, YYYYMMDD, number of CDs, dollars.
const out = ["customer_id,date,quantity,amount"];
for (const line of readFileSync(join(shared, "cdnow", "CDNOW_sample.txt"), "utf8").split(/\r?\n/)) {
  const f = line.trim().split(/\s+/);
  if (f.length !== 5) {
    if (line.trim() !== "") throw new Error(`unexpected CDNOW line ${JSON.stringify(line)}`);
    continue;
  }
  const [, id, d, q, a] = f;
  out.push(`${Number(id)},${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)},${q},${a}`);
}
writeFileAtomic(join(root, "data", "cdnow_transactions.csv"), out.join("\n") + "\n");
console.log(`data/cdnow_transactions.csv: ${out.length - 1} rows`);
