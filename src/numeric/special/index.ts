// Numerical special functions (internal, exported for notebooks and tests).
export { logAddExp, logSubExp, logSumExp } from "./logSumExp.js";
export { log2F1 } from "./log2F1.js";
export { gammaln, betaln, digamma, trigamma } from "./gamma.js";
export { logPochhammer } from "./logPochhammer.js";
