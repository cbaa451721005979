// The mixture task of the segmentation worker, in its own module: a worker fitting mixtures then imports only the
// mixture code (~60 ms), not the pipeline's (~170 ms), which is on the critical path of a BIC selection.
import { fitGmm, type FitGmmOptions } from "../segments/fitGmm.js";
import type { GmmModel } from "../types.js";

/** Fits one mixture per K of `task.ks` on the shared rows. */
export function fitGmmTask(task: { [key: string]: unknown }): GmmModel[] {
  const { data, rows, cols, ks, options } = task as { data: Float64Array; rows: number; cols: number; ks: number[]; options: Omit<FitGmmOptions, "k"> };
  return ks.map((k) => fitGmm({ data, rows, cols }, { ...options, k }));
}
