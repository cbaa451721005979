// Optimizers (in-house; internal but exported for notebooks and tests).
export type { ObjectiveWithGradient, MinimizeOptions, MinimizeResult } from "./minimizeBfgs.js";
export { minimizeBfgs } from "./minimizeBfgs.js";
export type { NelderMeadOptions, NelderMeadResult } from "./minimizeNelderMead.js";
export { minimizeNelderMead } from "./minimizeNelderMead.js";
