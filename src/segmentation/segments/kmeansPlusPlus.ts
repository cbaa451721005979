// The starting partition of the mixture fits (in-house: a few lines over the flat row-major matrix the EM kernels use).
import type { Rng } from "../../random/createRng.js";

/** k-means++ seeding (Arthur & Vassilvitskii 2007) followed by a few Lloyd iterations; returns one-hot responsibilities. */
export function kmeansPlusPlus(x: Float64Array, n: number, d: number, k: number, rng: Rng, lloyd = 10): Float64Array {
  const centers = new Float64Array(k * d);
  const dist = new Float64Array(n).fill(Infinity);
  let pick = rng.int(n);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) centers[c * d + j] = x[pick * d + j]!;
    let total = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = x[i * d + j]! - centers[c * d + j]!;
        s += t * t;
      }
      if (s < dist[i]!) dist[i] = s;
      total += dist[i]!;
    }
    if (c + 1 === k) break;
    // D² sampling; all points at distance 0 (duplicates) fall back to a uniform pick.
    if (total > 0) {
      let u = rng.uniform() * total;
      pick = n - 1;
      for (let i = 0; i < n; i++) {
        u -= dist[i]!;
        if (u <= 0) {
          pick = i;
          break;
        }
      }
    } else pick = rng.int(n);
  }
  const label = new Int32Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let it = 0; it <= lloyd; it++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) {
          const t = x[i * d + j]! - centers[c * d + j]!;
          s += t * t;
        }
        if (s < bestD) {
          bestD = s;
          best = c;
        }
      }
      if (label[i] !== best || it === 0) changed++;
      label[i] = best;
    }
    if (it === lloyd || changed === 0) break;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = label[i]!;
      counts[c]!++;
      for (let j = 0; j < d; j++) sums[c * d + j]! += x[i * d + j]!;
    }
    for (let c = 0; c < k; c++) if (counts[c]! > 0) for (let j = 0; j < d; j++) centers[c * d + j] = sums[c * d + j]! / counts[c]!;
  }
  const resp = new Float64Array(n * k);
  for (let i = 0; i < n; i++) resp[i * k + label[i]!] = 1;
  return resp;
}
