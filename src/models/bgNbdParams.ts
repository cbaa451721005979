// The parameters shared by the BG/NBD and MBG/NBD likelihood and predictions, in their own file so neither imports the other for them.
/** Parameters of the BG/NBD and MBG/NBD: purchase rate λ ~ Gamma(r, alpha) (rate alpha, in 1/time unit), dropout p ~ Beta(a, b). */
export type BgNbdParams = {
  r: number;
  alpha: number;
  a: number;
  b: number;
};
export const BG_NAMES = ["r", "alpha", "a", "b"] as const;
