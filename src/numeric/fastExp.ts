// e^y for the prediction kernels' per-customer loops (internal). In-house: Math.exp is a call into C that spills the
// loop's floating-point registers (~7 ns a customer in the BG/NBD kernels), and @stdlib's exp measured slower still;
// this is plain arithmetic on two small tables, which the optimizing compiler inlines.

/** 2^(j/64), j = 0..63, to double precision (leading part)... */
const LEAD = Float64Array.of(
  1.0, 1.0108892860517005, 1.0218971486541166, 1.0330248790212284, 1.0442737824274138, 1.0556451783605572,
  1.0671404006768237, 1.0787607977571199, 1.0905077326652577, 1.102382583307841, 1.1143867425958924,
  1.1265216186082418, 1.1387886347566916, 1.1511892299529827, 1.1637248587775775, 1.1763969916502812,
  1.189207115002721, 1.202156731452703, 1.215247359980469, 1.22848053610687, 1.241857812073484, 1.255380757024691,
  1.2690509571917332, 1.2828700160787783, 1.2968395546510096, 1.3109612115247644, 1.3252366431597413,
  1.339667524053303, 1.3542555469368927, 1.3690024229745905, 1.383909881963832, 1.3989796725383112,
  1.4142135623730951, 1.42961333839197, 1.4451808069770467, 1.460917794180647, 1.4768261459394993,
  1.4929077282912648, 1.5091644275934228, 1.5255981507445384, 1.5422108254079407, 1.559004400237837,
  1.5759808451078865, 1.593142151342267, 1.6104903319492543, 1.6280274218573478, 1.645755478153965,
  1.6636765803267364, 1.681792830507429, 1.7001063537185235, 1.718619298122478, 1.7373338352737062,
  1.7562521603732995, 1.7753764925265212, 1.7947090750031072, 1.8142521755003989, 1.8340080864093424,
  1.8539791250833855, 1.8741676341103, 1.8945759815869656, 1.9152065613971474, 1.9360617934922943,
  1.9571441241754002, 1.978456026387951,
);
/** ...and the rest, 2^(j/64) − LEAD[j] (computed to 60 digits), so the table itself adds no rounding error. */
const TRAIL = Float64Array.of(
  0.0, -1.5234778603368577e-17, 5.109225028973444e-17, 7.600838874027088e-18, 8.551889705537965e-17,
  1.759325738772092e-18, -7.899853966841582e-17, -6.656660436056593e-17, -3.046782079812471e-17,
  5.2660368715706944e-17, 1.0410278456845571e-16, 5.165856758795457e-17, 8.912812676025408e-17,
  3.250710218863827e-17, 3.8292048369240935e-17, 5.554203254218079e-17, 3.982015231465646e-17, 6.644981499252301e-17,
  -7.712630692681488e-17, -1.89878163130253e-17, 4.658027591836937e-17, -6.7113898212968784e-18,
  2.667932131342186e-18, 1.713594918243561e-17, 2.5382502794888315e-17, -7.181536135519454e-17,
  -2.8587312100388614e-17, 8.927282594831732e-17, 7.70094837980299e-17, 9.593797919118849e-17,
  -6.770511658794786e-17, -9.614213209051323e-17, -9.667293313452913e-17, -1.2031642489053655e-17,
  -3.0237581349939873e-17, -5.600377186075216e-17, -3.483994556892796e-17, 1.4192920154284036e-17,
  -1.016455327754295e-16, -1.1024941712342561e-16, 7.949834809697621e-17, 3.7812070533575275e-17,
  -1.0136916471278304e-17, -1.0094406542311964e-16, 2.4707192569797888e-17, -6.712955084707084e-17,
  -1.0125679913674773e-16, 5.8909926967131e-17, 8.199010020581497e-17, -8.0237193703977e-18, -1.851380418263111e-17,
  3.164389299292957e-17, 2.960140695448873e-17, 6.429731796556572e-17, 1.8227458427912087e-17,
  -9.969531538920349e-17, 3.283107224245627e-17, 9.761887490727594e-17, -6.122763413004143e-17,
  3.4034035352165297e-17, -1.0619946056195963e-16, 1.0332385960676326e-16, 8.960767791036668e-17,
  4.0388753109278167e-17,
);
/** 64 / ln 2, and ln 2 / 64 split so that k · L1 is exact for |k| < 2^21 (L1 has 32 significant bits). */
const INV_L = 92.33248261689366;
const L1 = 0.01083042469326756;
const L2 = 2.9815858269852933e-12;
/** 1.5 · 2^52: adding and subtracting it rounds a double below 2^51 in magnitude to the nearest integer. */
const SHIFT = 6755399441055744;
/**
 * 2^m = HALF1[m − MIN_M] · HALF2[m − MIN_M] for m from MIN_M to 1024, each factor a normal power of 2 (2^⌊m/2⌋ and
 * 2^⌈m/2⌉): the first product is exact, the second rounds once, into the subnormals or to +∞ where e^y lies there.
 */
const MIN_M = -1090;
const HALF1 = new Float64Array(1025 - MIN_M), HALF2 = new Float64Array(1025 - MIN_M);
{
  // 2^e for e from ⌊MIN_M/2⌋ to 512 by exact doubling and halving from 1 (one pass each way, not one loop per entry:
  // this runs at every import).
  const E0 = Math.floor(MIN_M / 2), pow2 = new Float64Array(513 - E0);
  pow2[-E0] = 1;
  for (let e = 1; e <= 512; e++) pow2[e - E0] = pow2[e - 1 - E0]! * 2;
  for (let e = -1; e >= E0; e--) pow2[e - E0] = pow2[e + 1 - E0]! / 2;
  for (let m = MIN_M; m <= 1024; m++) {
    const h = Math.floor(m / 2);
    HALF1[m - MIN_M] = pow2[h - E0]!;
    HALF2[m - MIN_M] = pow2[m - h - E0]!;
  }
}

/**
 * e^y to within 1 ulp (measured against Math.exp over [−708, 709.78]; subnormal results within one subnormal
 * spacing), NaN for NaN, +∞ above ln(Number.MAX_VALUE), 0 below −745.14. Tang's table-driven method: y = (64m + j)·ln2/64
 * + r with |r| ≤ ln2/128, e^y = 2^m · 2^(j/64) · e^r, e^r − 1 by its degree-6 Taylor polynomial (truncation below
 * 2^−55), the table entry in two parts. One function without calls, so that a kernel's loop inlines all of it.
 * @see Tang, P. T. P. (1989) "Table-driven implementation of the exponential function in IEEE floating-point
 * arithmetic", ACM Transactions on Mathematical Software 15(2), 144–157; Muller (2016) "Elementary Functions", ch. 6
 * @example fastExp(1) // 2.718281828459045
 */
export function fastExp(y: number): number {
  if (!(y > -746 && y < 709.79)) return y !== y ? NaN : y > 0 ? Infinity : 0;
  const kf = y * INV_L + SHIFT - SHIFT;
  const k = kf | 0;
  const r = y - kf * L1 - kf * L2;
  // e^r − 1, |r| ≤ 0.0054: Horner on the Taylor coefficients.
  const q = r + r * r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720)))));
  const j = k & 63, t = LEAD[j]!, m = (k >> 6) - MIN_M;
  return (t + (TRAIL[j]! + t * q)) * HALF1[m]! * HALF2[m]!;
}
