import { betaln, digamma, gammaln } from "../numeric/special/gamma.js";
import { logAddExp } from "../numeric/special/logSumExp.js";
import { FREQUENCY, PERIODS, RECENCY, WEIGHTS, readColumns, type CustomerData } from "./columns.js";
import { compressRows } from "./compressRows.js";
import { validateSummary } from "./validateSummary.js";
import { checkPredictions, predictionProblem } from "./checkPredictions.js";
import { fitMaximumLikelihood, type Likelihood } from "./maximumLikelihood.js";
import { givenReport, makeReport, named, type FitOptions, type FitReport } from "./fitReport.js";
import { MODEL_IDS } from "./modelIds.js";
import { FittedModel, mapTimes } from "./fittedModel.js";
import { bayesFit, wantsBayes, type BayesFitOptions } from "./bayesHook.js";

/** BG/BB parameters: transaction probability p ~ Beta(alpha, beta), dropout θ ~ Beta(gamma, delta). */
export type BgBbParams = {
  alpha: number;
  beta: number;
  gamma: number;
  delta: number;
};
const BB_NAMES = ["alpha", "beta", "gamma", "delta"] as const;

interface Rows { x: Float64Array; tx: Float64Array; n: Float64Array; len: number; w?: Float64Array }

function readBgBb(data: CustomerData, what: string, withWeights: boolean): Rows & { timeUnit?: undefined } {
  const d = readColumns(data, withWeights ? [FREQUENCY, RECENCY, PERIODS, WEIGHTS] : [FREQUENCY, RECENCY, PERIODS], what);
  const x = d.columns.frequency!, tx = d.columns.recency!, n = d.columns.periods!;
  validateSummary({ frequency: x, recency: tx, periods: n, weights: d.columns.weights }, what, withWeights); // fits read weights, predictions not
  return { x, tx, n, len: d.n, w: d.columns.weights };
}

/** ln L(α, β, γ, δ | x, t_x, n) (Fader, Hardie & Shang 2010, eq. 5). */
function logLikRow(al: number, be: number, ga: number, de: number, x: number, tx: number, n: number): number {
  const lab = betaln(al, be), lgd = betaln(ga, de);
  let l = betaln(al + x, be + n - x) - lab + betaln(ga, de + n) - lgd;
  for (let i = 0; i <= n - tx - 1; i++) l = logAddExp(l, betaln(al + x, be + tx - x + i) - lab + betaln(ga + 1, de + tx + i) - lgd);
  return l;
}

/** A fitted (or loaded) BG/BB model; times are counted in transaction opportunities (periods). */
export class BgBbModel extends FittedModel<BgBbParams> {
  readonly model = MODEL_IDS.bgBb;
  constructor(report: FitReport<BgBbParams>) {
    super(report);
  }
  /** E[X(n)]: expected transactions of a new customer in the first n opportunities (Fader et al. 2010, eq. 7). */
  expectedPurchases(n: number): number;
  expectedPurchases(n: ArrayLike<number>): Float64Array;
  expectedPurchases(n: number | ArrayLike<number>): number | Float64Array {
    const { alpha, beta, gamma, delta } = this.params;
    return mapTimes(n, (t) => {
      if (!(t >= 0)) throw new Error(`invalid number of periods ${t}: use a non-negative number`);
      return ((alpha / (alpha + beta)) * (delta / (gamma - 1))) * (1 - Math.exp(gammaln(gamma + delta) - gammaln(gamma + delta + t) + gammaln(1 + delta + t) - gammaln(1 + delta)));
    });
  }
  /** E[X(n, n + t) | x, t_x, n]: expected transactions in the next t opportunities (eq. 13). Columns frequency, recency, periods. */
  conditionalExpectedPurchases(t: number, customers: CustomerData): Float64Array {
    if (!(t >= 0)) throw new Error(`invalid number of periods ${t}: use a non-negative number`);
    const d = readBgBb(customers, "bg-bb conditionalExpectedPurchases", false);
    const { alpha: al, beta: be, gamma: ga, delta: de } = this.params;
    const out = new Float64Array(d.len);
    for (let i = 0; i < d.len; i++) {
      const x = d.x[i]!, tx = d.tx[i]!, n = d.n[i]!;
      const ll = logLikRow(al, be, ga, de, x, tx, n);
      const lead = betaln(al + x + 1, be + n - x) - betaln(al, be) + gammaln(ga + de) - gammaln(1 + de);
      // δ/(γ−1) and the bracket change sign together when γ < 1; keep them linear.
      const bracket = Math.exp(gammaln(1 + de + n) - gammaln(ga + de + n)) - Math.exp(gammaln(1 + de + n + t) - gammaln(ga + de + n + t));
      out[i] = Math.exp(lead - ll) * (de / (ga - 1)) * bracket;
    }
    return checkPredictions(out, "bg-bb conditionalExpectedPurchases", this.params);
  }
  /** P(alive in period n + 1 | x, t_x, n) (eq. 11). */
  probabilityAlive(customers: CustomerData): Float64Array {
    const d = readBgBb(customers, "bg-bb probabilityAlive", false);
    const { alpha: al, beta: be, gamma: ga, delta: de } = this.params;
    const out = new Float64Array(d.len);
    for (let i = 0; i < d.len; i++) {
      const x = d.x[i]!, tx = d.tx[i]!, n = d.n[i]!;
      out[i] = Math.exp(betaln(al + x, be + n - x) - betaln(al, be) + betaln(ga, de + n + 1) - betaln(ga, de) - logLikRow(al, be, ga, de, x, tx, n));
    }
    return checkPredictions(out, "bg-bb probabilityAlive", this.params);
  }
  /** P(X(n) = x): probability of x transactions in the first n opportunities (eq. 8). */
  probabilityOfPurchases(x: number, n: number): number {
    if (!(Number.isInteger(n) && n >= 0 && Number.isInteger(x) && x >= 0)) throw new Error(`invalid count ${x} or periods ${n}: use non-negative integers`);
    if (x > n) return 0;
    const { alpha: al, beta: be, gamma: ga, delta: de } = this.params;
    const lab = betaln(al, be), lgd = betaln(ga, de);
    const lchoose = (a: number, b: number) => gammaln(a + 1) - gammaln(b + 1) - gammaln(a - b + 1);
    let l = lchoose(n, x) + betaln(al + x, be + n - x) - lab + betaln(ga, de + n) - lgd;
    for (let i = x; i <= n - 1; i++) l = logAddExp(l, lchoose(i, x) + betaln(al + x, be + i - x) - lab + betaln(ga + 1, de + i) - lgd);
    return Math.exp(l);
  }
}

/**
 * Fits the BG/BB model for discrete transaction opportunities (Fader, Hardie & Shang 2010): columns `frequency`
 * (transactions after the first opportunity), `recency` (opportunity of the last transaction, 0 if none), `periods`
 * (opportunities observed), optional `weights`. Rows are compressed to distinct patterns (at most (n+1)(n+2)/2),
 * so a central-difference gradient is cheap; standard errors from the Hessian.
 * @see https://brucehardie.com/papers/020/fader_et_al_mksc_10.pdf
 * @example const m = fitBgBb({ frequency, recency, periods, weights }); m.params.alpha
 */
export function fitBgBb(data: CustomerData, options: FitOptions & BayesFitOptions = {}): BgBbModel {
  if (wantsBayes(options)) return bayesFit(MODEL_IDS.bgBb, data, options, (r) => new BgBbModel(r), () => fitBgBb(data, { ...options, method: "mle" }));
  const what = "fitBgBb";
  const d = readBgBb(data, what, true);
  const c = compressRows([d.x, d.tx, d.n], d.w);
  const [x, tx, n] = c.columns as [Float64Array, Float64Array, Float64Array];
  const lik = bgBbKernel(x, tx, n, c.weights);
  const raw = fitMaximumLikelihood(lik, new Float64Array([1, 1, 1, 1]), options, what);
  return new BgBbModel(makeReport<BgBbParams>(BB_NAMES, raw, { customers: lik.totalWeight, options, timeUnit: undefined }));
}

/**
 * The BG/BB likelihood over compressed (frequency, recency, periods) patterns with weights, with its analytic
 * gradient: each row is a log-sum of terms ln B(α+x, β+·) − ln B(α, β) + ln B(γ+·, δ+·) − ln B(γ, δ), whose
 * derivatives are digamma differences, weighted by each term's share of the row's likelihood. The value is
 * computed in the same order as {@link logLikRow}, so it is bit-identical to it.
 */
export function bgBbKernel(x: Float64Array, tx: Float64Array, n: Float64Array, w: Float64Array): Likelihood {
  let W = 0, maxTerms = 1;
  for (let i = 0; i < w.length; i++) {
    W += w[i]!;
    maxTerms = Math.max(maxTerms, n[i]! - tx[i]! + 1);
  }
  const term = new Float64Array(maxTerms), ta = new Float64Array(maxTerms), tb = new Float64Array(maxTerms), tg = new Float64Array(maxTerms), td = new Float64Array(maxTerms);
  return {
    names: BB_NAMES,
    totalWeight: W,
    analyticGradient: true,
    logLik(p, grad) {
      const al = p[0]!, be = p[1]!, ga = p[2]!, de = p[3]!;
      let ll = 0;
      if (!grad) {
        for (let i = 0; i < w.length; i++) ll += w[i]! * logLikRow(al, be, ga, de, x[i]!, tx[i]!, n[i]!);
        return ll;
      }
      const lab = betaln(al, be), lgd = betaln(ga, de);
      // d ln B(a, b)/da = ψ(a) − ψ(a+b).
      const pab = digamma(al + be), pgd = digamma(ga + de);
      const dLa = digamma(al) - pab, dLb = digamma(be) - pab, dLg = digamma(ga) - pgd, dLd = digamma(de) - pgd;
      let gA = 0, gB = 0, gG = 0, gD = 0;
      for (let i = 0; i < w.length; i++) {
        const xi = x[i]!, ti = tx[i]!, ni = n[i]!, wi = w[i]!;
        // Term 0 (alive through n) and terms 1.. (dropped out after t_x + i), as in logLikRow.
        let m = 0;
        const put = (A: number, B: number, C: number, D: number) => {
          term[m] = betaln(A, B) - lab + betaln(C, D) - lgd;
          const pAB = digamma(A + B), pCD = digamma(C + D);
          ta[m] = digamma(A) - pAB - dLa;
          tb[m] = digamma(B) - pAB - dLb;
          tg[m] = digamma(C) - pCD - dLg;
          td[m] = digamma(D) - pCD - dLd;
          m++;
        };
        put(al + xi, be + ni - xi, ga, de + ni);
        let l = term[0]!;
        for (let k = 0; k <= ni - ti - 1; k++) {
          put(al + xi, be + ti - xi + k, ga + 1, de + ti + k);
          l = logAddExp(l, term[m - 1]!);
        }
        ll += wi * l;
        for (let j = 0; j < m; j++) {
          const q = wi * Math.exp(term[j]! - l);
          gA += q * ta[j]!;
          gB += q * tb[j]!;
          gG += q * tg[j]!;
          gD += q * td[j]!;
        }
      }
      grad[0] = gA;
      grad[1] = gB;
      grad[2] = gG;
      grad[3] = gD;
      return ll;
    },
    predictionProblem(p) {
      const m = new BgBbModel(givenReport(BB_NAMES, named<BgBbParams>(BB_NAMES, p)));
      const rows = { frequency: x, recency: tx, periods: n };
      return predictionProblem(() => [m.conditionalExpectedPurchases(Math.max(...n), rows), m.probabilityAlive(rows)]);
    },
  };
}
