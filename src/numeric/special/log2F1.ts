// In-house Gauss hypergeometric series in scaled (log) form: @stdlib's hyp2f1 overflows for the large parameters
// (a, b ~ frequency in the thousands) that BTYD likelihoods and predictions produce.

const MAX_TERMS = 2_000_000;
const RESCALE = 1e250;
const LOG_RESCALE = Math.log(RESCALE);

/**
 * Natural log of the Gauss hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1 and 2F1 > 0, with its partial
 * derivatives. The series is summed with a running scale so it never overflows, and Euler's transformation
 * 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a, c-b; c; z) is used when it gives smaller terms (e.g. a, b, c all ~ 5,000).
 * When `out` is given it receives [log F, ∂/∂a, ∂/∂b, ∂/∂c, ∂/∂z] of log F.
 * @see https://dlmf.nist.gov/15.2 (series) and https://dlmf.nist.gov/15.8.E1 (Euler's transformation)
 * @example log2F1(1, 1, 2, 0.5) // ln(2 ln 2)
 */
export function log2F1(a: number, b: number, c: number, z: number, out?: Float64Array): number {
  if (!(z >= 0 && z < 1)) throw new Error(`log2F1: z = ${z} outside [0, 1)`);
  if (z === 0) {
    if (out) {
      out.fill(0, 0, 5);
      out[4] = (a * b) / c; // ∂/∂z log F at 0 is the first series coefficient
    }
    return 0;
  }
  const ca = c - a;
  const cb = c - b;
  const useEuler = Math.abs(ca * cb) < Math.abs(a * b);
  if (!useEuler) return series(a, b, c, z, out);
  const l1z = Math.log1p(-z);
  const v = series(ca, cb, c, z, out) + (c - a - b) * l1z;
  if (out) {
    const d1 = out[1]!, d2 = out[2]!, d3 = out[3]!, dz = out[4]!;
    out[0] = v;
    out[1] = -l1z - d1;
    out[2] = -l1z - d2;
    out[3] = l1z + d1 + d2 + d3;
    out[4] = dz - (c - a - b) / (1 - z);
  }
  return v;
}

/** Direct series with derivative accumulators; terms may change sign while a + n or b + n < 0. */
function series(a: number, b: number, c: number, z: number, out?: Float64Array): number {
  if (a === 1 && b > 0 && c > b) return seriesAOne(b, c, z, out);
  let t = 1; // current term (scaled)
  let s = 1; // sum (scaled)
  let logScale = 0;
  // Running sums of ∂ log t_n: Σ_{k<n} 1/(a+k), etc.; derivative accumulators Σ t_n ∂log t_n.
  let la = 0, lb = 0, lc = 0;
  let sa = 0, sb = 0, sc = 0, sz = 0;
  const grad = out !== undefined;
  for (let n = 0; n < MAX_TERMS; n++) {
    const an = a + n, bn = b + n, cn = c + n;
    if (an === 0 || bn === 0) return finish(s, logScale, sa, sb, sc, sz, z, out); // polynomial: later terms are 0
    if (grad) {
      la += 1 / an;
      lb += 1 / bn;
      lc += 1 / cn;
    }
    t *= ((an * bn) / (cn * (n + 1))) * z;
    s += t;
    if (grad) {
      sa += t * la;
      sb += t * lb;
      sc -= t * lc;
      sz += t * (n + 1);
    }
    if (Math.abs(s) > RESCALE) {
      s /= RESCALE; t /= RESCALE;
      sa /= RESCALE; sb /= RESCALE; sc /= RESCALE; sz /= RESCALE;
      logScale += LOG_RESCALE;
    }
    // Stop once past the peak (terms shrinking) and negligible.
    if (Math.abs(t) <= 1e-17 * Math.abs(s) && Math.abs(((an + 1) * (bn + 1)) / ((cn + 1) * (n + 2))) * z < 1) {
      if (!grad || (Math.abs(t * (n + 1)) <= 1e-15 * Math.abs(sz) + 1e-300 && Math.abs(t * la) <= 1e-15 * (Math.abs(sa) + Math.abs(sb)) + 1e-300)) {
        return finish(s, logScale, sa, sb, sc, sz, z, out);
      }
    }
    if (!Number.isFinite(s)) break;
  }
  if (Number.isFinite(s) && Math.abs(t) <= 1e-12 * Math.abs(s)) return finish(s, logScale, sa, sb, sc, sz, z, out);
  throw new Error(`hypergeometric series 2F1(${a}, ${b}; ${c}; ${z}) did not converge: z is too close to 1 for these parameters`);
}

/** 1 / (k + 1) for the first terms (the a = 1 series' ∂/∂a sums). */
const INV = Float64Array.from({ length: 4096 }, (_, k) => 1 / (k + 1));

/**
 * The series for a = 1, 0 < b < c (what Euler's transformation gives for the Pareto/NBD integral, 2F1(m, ·; m + 1; z)):
 * terms (b)_n/(c)_n z^n, positive and decreasing, so no rescaling or sign checks, and two divisions per term instead
 * of four. Same stopping rule as the general series.
 */
function seriesAOne(b: number, c: number, z: number, out?: Float64Array): number {
  let t = 1, s = 1;
  let la = 0, lb = 0, lc = 0;
  let sa = 0, sb = 0, sc = 0, sz = 0;
  const grad = out !== undefined;
  for (let n = 0; n < MAX_TERMS; n++) {
    const bn = b + n, ic = 1 / (c + n);
    t *= bn * ic * z;
    s += t;
    if (grad) {
      la += n < 4096 ? INV[n]! : 1 / (n + 1);
      lb += 1 / bn;
      lc += ic;
      sa += t * la;
      sb += t * lb;
      sc -= t * lc;
      sz += t * (n + 1);
    }
    if (t <= 1e-17 * s) {
      if (!grad || (t * (n + 1) <= 1e-15 * sz + 1e-300 && t * la <= 1e-15 * (sa + sb) + 1e-300)) return finish(s, 0, sa, sb, sc, sz, z, out);
    }
  }
  if (t <= 1e-12 * s) return finish(s, 0, sa, sb, sc, sz, z, out);
  throw new Error(`hypergeometric series 2F1(1, ${b}; ${c}; ${z}) did not converge: z is too close to 1 for these parameters`);
}

function finish(s: number, logScale: number, sa: number, sb: number, sc: number, sz: number, z: number, out?: Float64Array): number {
  if (!(s > 0)) throw new Error(`hypergeometric 2F1 is not positive (${s}): log undefined`);
  const v = Math.log(s) + logScale;
  if (out) {
    out[0] = v;
    out[1] = sa / s;
    out[2] = sb / s;
    out[3] = sc / s;
    out[4] = sz / (s * z);
  }
  return v;
}
