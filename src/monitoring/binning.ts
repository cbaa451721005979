// Bin edges fixed on a reference sample and bin proportions (internal, shared by PSI, the features and the snapshot).
import { lowerBound } from "../numeric/sortedSearch.js";

/** How a numeric feature is binned: quantiles of the reference, or one bin per integer value with a last open bin. */
export type BinningSpec = { kind: "quantile"; bins: number } | { kind: "values"; max: number } | { kind: "edges"; edges: readonly number[] };

/** Bins as stored in a snapshot: right-closed upper edges; the first bin is open below, the last open above. */
export interface Bins {
  /** Upper edges of every bin but the last: bin 0 is (-∞, e0], bin i is (e(i-1), e(i)], the last is (e(last), ∞). */
  readonly edges: number[];
  /** Human-readable bin labels ("≤ 0", "(0, 1]", "> 9" …; for value bins "0", "1", … "10+"). */
  readonly labels: string[];
}

/** Bins and the share of each sample in them, as kept in results and snapshots (never the rows). */
export interface BinnedShares {
  /** Upper bin edges (right-closed; first bin open below, last open above); empty for categorical features. */
  readonly edges: number[];
  readonly labels: string[];
  readonly referenceProportions: number[];
  readonly currentProportions: number[];
  /** Values used from each sample, and non-finite values left out and counted (e.g. a ratio at T = 0). */
  readonly referenceCount: number;
  readonly currentCount: number;
  readonly referenceNonFinite: number;
  readonly currentNonFinite: number;
}

/** Checks a binning spec (one validator per enumerated option). */
export function checkBinning(spec: BinningSpec): void {
  if (spec.kind === "quantile") {
    if (!Number.isInteger(spec.bins) || spec.bins < 2) throw new Error(`invalid quantile bins ${spec.bins}: use a whole number >= 2 (default 10, deciles)`);
  } else if (spec.kind === "values") {
    if (!Number.isInteger(spec.max) || spec.max < 1) throw new Error(`invalid value-bin max ${spec.max}: use a whole number >= 1 (default 10: bins 0..9 and 10+)`);
  } else if (spec.kind === "edges") {
    for (let i = 0; i < spec.edges.length; i++) {
      const e = spec.edges[i]!;
      if (!Number.isFinite(e) || (i > 0 && !(e > spec.edges[i - 1]!))) throw new Error(`invalid bin edges ${JSON.stringify(spec.edges)}: use finite, strictly increasing numbers`);
    }
  } else throw new Error(`invalid binning kind ${JSON.stringify((spec as { kind: unknown }).kind)}: use quantile, values or edges`);
}

/** Sorted copy of the finite values (non-finite values are the caller's to count and report). */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) n++;
  const out = new Float64Array(n);
  for (let i = 0, j = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) out[j++] = values[i]!;
  return out.sort();
}

/** Quantile of sorted data, linear interpolation between order statistics (Hyndman & Fan type 7, numpy's default). */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Bin edges from the reference: deciles (or `bins` quantiles) with duplicate edges merged, so a point mass
 * (many zeros) becomes one bin instead of several empty ones; value bins 0, 1, …, max-1, max+ for counts.
 */
export function referenceBins(reference: Float64Array, spec: BinningSpec): Bins {
  checkBinning(spec);
  let edges: number[];
  if (spec.kind === "values") {
    edges = [];
    for (let v = 0; v < spec.max; v++) edges.push(v + 0.5);
    const labels = edges.map((_, i) => String(i));
    labels.push(`${spec.max}+`);
    // Integer bins: upper edge v + 0.5 so that the value v itself falls in bin v.
    return { edges, labels };
  }
  if (spec.kind === "edges") edges = [...spec.edges];
  else {
    if (reference.length === 0) throw new Error("cannot bin on an empty reference: the reference window has no customers");
    edges = [];
    for (let k = 1; k < spec.bins; k++) {
      const q = quantileSorted(reference, k / spec.bins);
      // Merge duplicate (and numerically equal) edges; the largest value never opens an empty top bin.
      if ((edges.length === 0 || q > edges[edges.length - 1]!) && q < reference[reference.length - 1]!) edges.push(q);
    }
  }
  const f = (x: number) => String(Number(x.toPrecision(4)));
  const labels: string[] = [];
  if (edges.length === 0) labels.push("all");
  else {
    labels.push(`≤ ${f(edges[0]!)}`);
    for (let i = 1; i < edges.length; i++) labels.push(`(${f(edges[i - 1]!)}, ${f(edges[i]!)}]`);
    labels.push(`> ${f(edges[edges.length - 1]!)}`);
  }
  return { edges, labels };
}

/** Counts of finite values per bin (right-closed bins, open at both ends), by binary search. */
export function binCounts(values: ArrayLike<number>, edges: readonly number[]): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x)) continue;
    counts[lowerBound(edges, x)]!++;
  }
  return counts;
}

/** Counts divided by their total. */
export function proportions(counts: ArrayLike<number>): Float64Array {
  let s = 0;
  for (let i = 0; i < counts.length; i++) s += counts[i]!;
  const out = new Float64Array(counts.length);
  if (s > 0) for (let i = 0; i < counts.length; i++) out[i] = counts[i]! / s;
  return out;
}
