// The "expected time" line printed by `clvlab train` and `clvlab predict` before the long work starts.
import { estimateRunSeconds, RUN_COST, type RunSize } from "./expectedTime.js";

const roughly = (s: number): string => {
  if (s < 10) return `${Math.max(1, Math.round(s))} s`;
  if (s < 60) return `${Math.round(s / 5) * 5} s`;
  const m = Math.round(s / 60);
  return m < 120 ? `${m} min` : `${(s / 3600).toFixed(1)} h`;
};

/**
 * One line stating the expected run time and what it was estimated from.
 * @example expectedTimeLine({ command: "train", customers: 2357, replicates: 200, innerOrigins: 3 })
 * // "expected time: about 10 s for 2,357 customers × 200 replicates × 3 inner origins (measured on a 2-core machine)"
 */
export function expectedTimeLine(size: RunSize): string {
  const n = size.customers.toLocaleString("en-US");
  const parts = [`${n} customers`, `${size.replicates.toLocaleString("en-US")} replicates`];
  if (size.command === "train") parts.push(`${size.innerOrigins ?? 3} inner origin${(size.innerOrigins ?? 3) === 1 ? "" : "s"}`);
  return `expected time: about ${roughly(estimateRunSeconds(size))} for ${parts.join(" × ")} (${RUN_COST.machine})`;
}
