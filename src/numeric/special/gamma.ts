// Thin typed re-exports of @stdlib special functions, so the rest of the code imports one place.
import gammalnImpl from "@stdlib/math-base-special-gammaln";
import betalnImpl from "@stdlib/math-base-special-betaln";
import digammaImpl from "@stdlib/math-base-special-digamma";
import trigammaImpl from "@stdlib/math-base-special-trigamma";

/** ln Γ(x) (@stdlib). @see https://stdlib.io/docs/api/latest/@stdlib/math/base/special/gammaln @example gammaln(5) // ln 24 */
export const gammaln: (x: number) => number = gammalnImpl;
/** ln B(a, b) (@stdlib). @example betaln(1, 1) // 0 */
export const betaln: (a: number, b: number) => number = betalnImpl;
/** ψ(x) = d/dx ln Γ(x) (@stdlib). @example digamma(1) // -0.5772 */
export const digamma: (x: number) => number = digammaImpl;
/** ψ₁(x) = d²/dx² ln Γ(x) (@stdlib), for analytic Hessians. @example trigamma(1) // π²/6 */
export const trigamma: (x: number) => number = trigammaImpl;
