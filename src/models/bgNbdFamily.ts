// The BG/NBD (Fader, Hardie & Lee 2005) and MBG/NBD (Batislam, Denizel & Filiztekin 2007) share one likelihood
// kernel and prediction code; `modified` switches MBG/NBD's dropout-at-time-0 (internal).
// The entry point of the family: each idea has its own file, re-exported here so importers need no change.
export { BG_NAMES, type BgNbdParams } from "./bgNbdParams.js";
export { bgNbdLikelihood } from "./bgNbdLikelihood.js";
export { bgAlive, bgConditional, bgExpected, bgPmf, bgWeightedExpected } from "./bgNbdPredictions.js";
