/**
 * Quintile scores with ties resolved deterministically: a customer's score is
 * `1 + floor(5 × (customers with a strictly worse value) / n)`, so equal values always get equal scores and the
 * result does not depend on the order of the input (groups may be uneven when many values tie, and a score can then
 * be empty). The one RFM scoring rule of clvlab: {@link rfm} and Lens 1's RFM grid both use it.
 * @see https://en.wikipedia.org/wiki/RFM_(market_research)
 * @example quintileScores([5, 1, 3, 2, 4], true) // Uint8Array [5, 1, 3, 2, 4]
 */
export function quintileScores(values: ArrayLike<number>, higherIsBetter: boolean): Uint8Array {
  const n = values.length;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  // sorted from worst to best
  idx.sort((a, b) => (higherIsBetter ? values[a]! - values[b]! : values[b]! - values[a]!));
  const out = new Uint8Array(n);
  let k = 0;
  while (k < n) {
    let j = k;
    while (j + 1 < n && values[idx[j + 1]!] === values[idx[k]!]) j++;
    const score = 1 + Math.floor((5 * k) / n);
    for (let t = k; t <= j; t++) out[idx[t]!] = score;
    k = j + 1;
  }
  return out;
}
